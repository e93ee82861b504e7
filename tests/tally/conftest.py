"""Shared helpers for the counting-library tests (no database anywhere).

- `PABULIB_DIR` / `DEV_DIR`: the real Pabulib elections (`../shared/data/pabulib`, or
  `$HROMADA_PABULIB_DIR`); `DEV_FILES` lists them, `dev_file(name)` finds one and skips
  the test with a reason when the data set is absent.
- `pb_text(...)`: a minimal synthetic Pabulib file as text; the `write_pb` fixture writes
  text or bytes to a temporary file and returns its path.
- `expected_instances()`: the reference outcomes of expected.json, by file name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PABULIB_DIR = Path(
    os.environ.get("HROMADA_PABULIB_DIR", ROOT.parent / "shared" / "data" / "pabulib")
)
DEV_DIR = PABULIB_DIR / "dev"
DEV_FILES = sorted(DEV_DIR.glob("*.pb*")) if DEV_DIR.is_dir() else []
NO_DATA = f"the Pabulib data set is not at {DEV_DIR} (set HROMADA_PABULIB_DIR)"


def dev_file(name: str) -> Path:
    path = DEV_DIR / name
    if not path.exists():
        pytest.skip(NO_DATA if not DEV_DIR.is_dir() else f"{name} is not in {DEV_DIR}")
    return path


@cache
def expected_instances() -> Mapping[str, Mapping[str, Any]]:
    """expected.json's instances keyed by file name (e.g. "Poland_Wroclaw_2017.pb.gz")."""
    path = PABULIB_DIR / "expected.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {Path(item["file"]).name: item for item in data["instances"]}


def pb_text(
    *,
    meta: Mapping[str, str] | None = None,
    projects: str = "project_id;cost;name\n1;100;One\n2;200;Two\n3;300;Three",
    votes: str = "voter_id;vote\nv1;1,2\nv2;3",
    vote_type: str = "approval",
    budget: str = "400",
    meta_header: bool = True,
    newline: str = "\n",
) -> str:
    """A small valid Pabulib file; every part can be replaced to build a broken one."""
    rows = dict(meta) if meta is not None else {"description": "synthetic", "country": "Test"}
    rows.setdefault("budget", budget)
    rows.setdefault("vote_type", vote_type)
    lines = ["META", *(["key;value"] if meta_header else [])]
    lines += [f"{key};{value}" for key, value in rows.items()]
    lines += ["PROJECTS", *projects.splitlines(), "VOTES", *votes.splitlines()]
    return newline.join(lines) + newline


@pytest.fixture
def write_pb(tmp_path: Path) -> Callable[..., Path]:
    """write_pb(content: str | bytes, name="test.pb") -> Path"""

    def write(content: str | bytes, name: str = "test.pb") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write
