"""Dependencies point one way (docs/architecture.md): the import-linter contract in
pyproject.toml, checked here too so that `make test` alone enforces it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(command)], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
