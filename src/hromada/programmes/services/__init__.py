"""Writes of the council programmes. Each consequential write leaves an audit-trail row,
inside the transaction of the change, and only when something really changed.

Loading a programme file
------------------------
`load_programme_file(path)` (command: ``manage.py load_programme FILE``) loads the
programme as reference data from a YAML file (format: `programme_file`). The whole file is
read and checked first, without touching the database; only a valid file is written, in
one transaction, so a bad file changes nothing and nothing is ever half-loaded. Loading
is idempotent: loading the same file again changes nothing and writes no audit row.

What the file decides and what staff own, when both changed something:

- Departments, the programme, its expected results, directions and tasks follow the
  file: missing ones are created and their titles (and the other fields the file gives)
  are brought in line with it.
- Measures are created when missing (found by task and number), with their planned
  amounts and indicators. A measure that already exists is never overwritten, nor are
  its amounts and indicators: after the first load staff own the measures. They edit
  them, enter the money of the council's appendix, and may split a task into more
  measures (numbered on from the last one, so the file's numbers stay taken).
- Nothing is ever deleted: whatever the file no longer mentions stays as it is.

A load that changes something writes one `programmes.programme.loaded` row with the
counts and the changed fields; new and renamed departments also get their own rows from
`accounts.services.save_department`, the one writer of departments.
"""

from hromada.programmes.programme_file import ProgrammeFileError
from hromada.programmes.services.measures import (
    create_measure,
    remove_indicator,
    remove_planned_amount,
    save_indicator,
    set_planned_amount,
    update_measure,
)
from hromada.programmes.services.programme_loading import LoadSummary, load_programme_file

__all__ = [
    "LoadSummary",
    "ProgrammeFileError",
    "create_measure",
    "load_programme_file",
    "remove_indicator",
    "remove_planned_amount",
    "save_indicator",
    "set_planned_amount",
    "update_measure",
]
