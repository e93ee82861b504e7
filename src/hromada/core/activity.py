"""Writing the audit trail: `log_activity()` is the only way a row gets into ActivityLog."""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest

from hromada.core.models import ActivityLog

if TYPE_CHECKING:
    from hromada.accounts.models import User

# The client address of the request being served, so that services need not pass the
# request down just for the audit trail. Set by ActivityLogSequencerMiddleware.
current_client_ip: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_client_ip", default=""
)
# Set when the current request wrote to the log, so the embedded-mode sequencer runs
# only when there may be something to link (a rolled-back write leaves nothing to link).
activity_written: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "activity_written", default=False
)


def client_ip(request: HttpRequest) -> str:
    """The client address, trusting exactly TRUSTED_PROXY_COUNT reverse proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def ip_hmac(ip: str) -> str:
    """An IP address as a keyed hash: comparable between rows, not reversible without the
    server secret (an IPv4 address space is small enough to brute-force a plain hash)."""
    if not ip:
        return ""
    key = hashlib.sha256(b"hromada.activity-ip:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def json_safe(value: Any) -> Any:
    """Plain JSON types only, so the stored value reads back exactly as hashed."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of a model instance for `before` / `after` (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[name] = getattr(instance, field.attname)
        else:
            data[name] = getattr(instance, name)
    return json_safe(data)


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return [key for key in after if before.get(key) != after.get(key)]


def log_activity(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> ActivityLog:
    """Append one row to the audit trail. Call it inside the transaction of the change."""
    object_type = object_id = object_repr = ""
    if target is not None:
        object_type = target._meta.label_lower
        object_id = str(target.pk)
        object_repr = str(target)[:255]
    entry = ActivityLog(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=json_safe(dict(before)) if before is not None else None,
        after=json_safe(dict(after)) if after is not None else None,
        reason=reason,
        ip_hmac=ip_hmac(current_client_ip.get() if ip is None else ip),
    )
    entry.save()
    activity_written.set(True)
    return entry
