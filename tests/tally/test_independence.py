"""The counting library runs with the standard library alone: no Django, no other app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_tally_imports_without_django_or_third_party_packages():
    code = (
        "import sys; sys.path.insert(0, 'src'); "
        "import hromada.tally.pabulib, hromada.tally.rules, hromada.tally.model, "
        "hromada.tally.outcome, hromada.tally.tiebreak; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'celery', 'rules', 'allauth', 'yaml'}); print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
