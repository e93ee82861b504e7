"""The programme file: a council programme as YAML reference data, read and checked.

`read_programme_file()` parses the file and validates all of it into plain frozen
dataclasses without touching the database, so a file is either wholly valid or refused.
Every problem raises one `ProgrammeFileError` whose message points at the place to fix:

    zdolbuniv-2024.yaml:42: directions[0].tasks[2].title_uk: required

The format (see `data/zdolbuniv-2024.yaml` for a complete example)::

    departments:                     # every department the file refers to
      - {code: project-development, name_uk: ..., name_en: ...}
    slug: zdolbuniv-2024
    title_uk: ...                    # required;  title_en, goal_uk, goal_en optional
    council_decision_number: "1955"  # optional, like _date and _appendix
    starts_on: 2024-01-01
    ends_on: 2024-12-31
    coordinating_department: project-development
    expected_results: [{text_uk: ..., text_en: ...}]
    directions:
      - number: 1
        title_uk: ...
        tasks:
          - number: "1.1"            # quoted: unquoted 1.1 would be read as a number
            title_uk: ...
            measures:
              - number: "1.1.1"
                title_uk: ...
                responsible_department: project-development
                deadline: 2024-12-31
                funding_sources: [community]
                planned_amounts: [{year: 2024, source: community, amount: "1000.00",
                                   illustrative: true}]
                indicators: [{name_uk: ..., unit_uk: ..., planned_value: 5,
                              illustrative: true}]
"""

from hromada.programmes.programme_file.checks import parse_programme_text, read_programme_file
from hromada.programmes.programme_file.specs import (
    FIRST_PLANNED_YEAR,
    LAST_PLANNED_YEAR,
    DepartmentSpec,
    DirectionSpec,
    ExpectedResultSpec,
    IndicatorSpec,
    MeasureSpec,
    PlannedAmountSpec,
    ProgrammeFileError,
    ProgrammeSpec,
    TaskSpec,
)

__all__ = [
    "FIRST_PLANNED_YEAR",
    "LAST_PLANNED_YEAR",
    "DepartmentSpec",
    "DirectionSpec",
    "ExpectedResultSpec",
    "IndicatorSpec",
    "MeasureSpec",
    "PlannedAmountSpec",
    "ProgrammeFileError",
    "ProgrammeSpec",
    "TaskSpec",
    "parse_programme_text",
    "read_programme_file",
]
