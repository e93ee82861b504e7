"""Presentation helpers of the budget templates."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def estimate_diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of a cost correction as the author sees it: each item before and after,
    marked added, removed, changed or unchanged (matched by item name)."""
    old = {item["name"]: item for item in before.get("items", [])}
    new = {item["name"]: item for item in after.get("items", [])}
    rows = []
    for name in [*old, *(name for name in new if name not in old)]:
        was, now = old.get(name), new.get(name)
        if was is None:
            change = "added"
        elif now is None:
            change = "removed"
        elif (was["quantity"], was["unit"], was["unit_price"]) != (
            now["quantity"],
            now["unit"],
            now["unit_price"],
        ):
            change = "changed"
        else:
            change = "unchanged"
        rows.append({"name": name, "before": was, "after": now, "change": change})
    return rows
