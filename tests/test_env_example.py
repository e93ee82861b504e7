"""`.env.example` documents every environment variable the settings read, each with a
comment line above it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READERS = r"(?:os\.environ\.get|env_bool|env_int|env_list|required_secret)\(\s*[\"']([A-Z_]+)[\"']"


def variables_read_by_settings() -> set[str]:
    source = (ROOT / "src" / "hromada" / "config" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(READERS, source)) | set(re.findall(r"env_int\('([A-Z_]+)'", source))


def documented() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    found = {}
    for index, line in enumerate(lines):
        match = re.match(r"^([A-Z_]+)=", line)
        if match:
            found[match.group(1)] = lines[index - 1] if index else ""
    return found


def test_every_variable_is_documented():
    assert variables_read_by_settings() - set(documented()) == set()


def test_every_documented_variable_is_read():
    assert set(documented()) - variables_read_by_settings() == set()


def test_every_variable_has_a_comment():
    names = documented()
    # Consecutive variables may share one comment; the first of a group must have one.
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            previous = lines[index - 1]
            assert previous.startswith("#") or re.match(r"^[A-Z_]+=", previous), line
    assert names
