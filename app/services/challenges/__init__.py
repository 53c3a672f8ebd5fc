"""The employer challenge planner: employers, challenges, pledges, candidates, targets (issue 15)."""
