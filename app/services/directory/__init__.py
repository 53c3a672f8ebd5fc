"""The volunteer-initiative directory: initiatives, referrals, gaps, exports (issue 14)."""
