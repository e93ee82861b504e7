"""Hromada: a civic participation platform for Ukrainian communities."""
