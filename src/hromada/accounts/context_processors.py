"""What every page may offer for signing in with a verified identity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hromada.accounts.identity.idgovua import is_offered


def identity_providers(request: HttpRequest) -> dict[str, Any]:
    return {"IDGOVUA_OFFERED": is_offered(), "DEMO_IDENTITY_OFFERED": settings.DEMO_MODE}
