"""Content entered in both languages (`title_uk`, `title_en`) read in the active one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localized_value(instance: Any, base: str) -> str:
    """The value of `<base>_<language>`, falling back to Ukrainian when it is empty."""
    language = (get_language() or "uk").split("-")[0]
    value = getattr(instance, f"{base}_{language}", "") or ""
    return value or getattr(instance, f"{base}_uk", "") or ""


class LocalizedField:
    """Descriptor: `title = LocalizedField()` on a model with `title_uk` / `title_en`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.base = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return localized_value(instance, self.base)
