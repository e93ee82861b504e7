"""Start-up checks of the accounts app: a broken identity-provider setup fails at deploy
time (`manage.py check`), not on the first resident's sign-in."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from hromada.accounts.identity.idgovua import IdGovUaSettings, load_decryptor


@register("hromada")
def check_idgovua_decryptor(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    config = IdGovUaSettings.from_settings()
    if not config.is_configured:
        return []
    try:
        load_decryptor(config.decryptor)
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Point IDGOVUA_USER_INFO_DECRYPTOR at the council's decryptor "
                "(docs/operations/id-gov-ua.md).",
                id="accounts.E001",
            )
        ]
    return []
