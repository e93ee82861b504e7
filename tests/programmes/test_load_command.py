"""`manage.py load_programme FILE`: a one-line summary, or one line of error and a
non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.programmes.models import Programme
from tests.programmes.conftest import REFERENCE_FILE, SMALL_PROGRAMME

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_command_loads_the_file_and_prints_a_one_line_summary():
    output = StringIO()
    call_command("load_programme", str(REFERENCE_FILE), stdout=output)
    assert output.getvalue() == (
        "Programme zdolbuniv-2024 from zdolbuniv-2024.yaml: 50 created, 0 updated, 0 unchanged.\n"
    )
    assert Programme.objects.filter(slug="zdolbuniv-2024").exists()


@pytest.mark.django_db
def test_command_reports_a_mistake_as_a_command_error_with_the_exact_message(write_file):
    path = write_file(SMALL_PROGRAMME.replace("funding_sources: [community]", "funding_sources: 5"))
    with pytest.raises(CommandError) as error:
        call_command("load_programme", str(path))
    assert str(error.value) == (
        "programme.yaml:21: directions[0].tasks[0].measures[0].funding_sources: must be a list"
    )
    assert Programme.objects.count() == 0


@pytest.mark.django_db
def test_command_reports_a_missing_file(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(CommandError) as error:
        call_command("load_programme", str(missing))
    assert str(error.value) == f"{missing}: cannot read the file (No such file or directory)"


def test_command_line_exits_non_zero_with_one_line_on_stderr(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(SMALL_PROGRAMME.replace("slug: test-2024", "slug: test: 2024"), "utf-8")
    # The file is refused before the database is touched; a private SQLite path anyway.
    environment = {**os.environ, "SQLITE_PATH": str(tmp_path / "unused.sqlite3")}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_programme", str(path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "CommandError: broken.yaml:5: YAML: mapping values are not allowed here\n"
    )
