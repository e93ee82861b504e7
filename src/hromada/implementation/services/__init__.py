"""Writes of the implementation records (plain typed functions; views call one each).

- `records`: creating the records of an edition's winners, the plan, status changes
  (through `workflow.transition`), progress, procurement, the author's sign-off;
- `payments`: payments, each an expenditure of the programme measure in force on its
  date;
- `updates`: timeline entries with photos.
"""

from hromada.implementation.services.payments import record_payment
from hromada.implementation.services.records import (
    assign,
    change_status,
    create_records,
    record_procurement,
    record_progress,
    sign_off,
)
from hromada.implementation.services.updates import PhotoUpload, post_update

__all__ = [
    "PhotoUpload",
    "assign",
    "change_status",
    "create_records",
    "post_update",
    "record_payment",
    "record_procurement",
    "record_progress",
    "sign_off",
]
