"""The service-centre (ЦНАП) and starosta-office desk: a person present is identified by
a document, the operator keys their choices, reads them back, casts and prints a
receipt (live.py); paper forms are entered in batches and blank forms printed
(paper.py); each operator's ballots per day are tallied, never per project, and an idle
desk locks until the operator's password is given again (operators.py, desk_lock.py)."""

from hromada.voting.views.desk.live import ballot, cast, confirm, identify, receipt
from hromada.voting.views.desk.operators import locked, tally
from hromada.voting.views.desk.paper import paper, paper_form

__all__ = [
    "ballot",
    "cast",
    "confirm",
    "identify",
    "locked",
    "paper",
    "paper_form",
    "receipt",
    "tally",
]
