"""Use cases of the regional exchange board: figures and ledger, koppelingen, dwellings, swaps,
matching, and what the board's views load in one round trip."""
