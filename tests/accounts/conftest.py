from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fakes.idgovua_server import idgovua_server  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    # Proof documents written by the tests stay out of var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
