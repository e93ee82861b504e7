"""Counting participatory-budget votes: exact, explainable, reproducible.

A pure library (no Django): Pabulib input/output (`pabulib`), the election model
(`model`), outcomes with structured explanations (`outcome`) and the rules (`rules`).
Command line: `python -m hromada.tally FILE.pb --rule greedy|mes|phragmen`.
"""
