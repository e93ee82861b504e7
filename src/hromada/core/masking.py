"""Masking personal data for staff who audit but need not know who exactly it was."""

from __future__ import annotations

from typing import Any

PERSONAL_KEYS = frozenset(
    {"email", "full_name", "phone", "name_of_person", "address", "birth_date"}
)


def mask_text(value: str) -> str:
    words = [word for word in value.split() if word]
    return " ".join(word[0] + "•••" for word in words) if words else ""


def mask_email(value: str) -> str:
    local, _at, domain = value.partition("@")
    if not domain:
        return mask_text(value)
    return f"{local[:1]}•••@{domain}"


def mask_value(key: str, value: Any) -> Any:
    if value in (None, ""):
        return value
    if key == "email":
        return mask_email(str(value))
    if key in PERSONAL_KEYS:
        return mask_text(str(value))
    return value


def mask_mapping(data: Any) -> Any:
    """A copy of a before/after mapping with personal fields masked (recursively)."""
    if isinstance(data, dict):
        return {
            key: (
                mask_value(key, value)
                if not isinstance(value, dict | list)
                else mask_mapping(value)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [mask_mapping(item) for item in data]
    return data
