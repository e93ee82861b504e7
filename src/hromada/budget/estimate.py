"""The itemised cost estimate (кошторис): line totals, the contingency and VAT lines and
the total, in hryvnias with kopiykas. One place computes them for the form's live check,
the services, the public cost table and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_LINES = 100
MAX_AMOUNT = Decimal("999999999999.99")


def kopiykas(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return kopiykas(self.quantity * self.unit_price)

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "unit": self.unit,
            "quantity": format(self.quantity.normalize(), "f"),
            "unit_price": f"{self.unit_price:.2f}",
        }


@dataclass(frozen=True)
class Estimate:
    lines: tuple[Line, ...]
    contingency_percent: Decimal
    vat_percent: Decimal

    @property
    def subtotal(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0.00"))

    @property
    def contingency(self) -> Decimal:
        return kopiykas(self.subtotal * self.contingency_percent / 100)

    @property
    def vat(self) -> Decimal:
        return kopiykas((self.subtotal + self.contingency) * self.vat_percent / 100)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.contingency + self.vat

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": [line.as_dict() for line in self.lines],
            "contingency_percent": str(self.contingency_percent),
            "vat_percent": str(self.vat_percent),
            "total": str(self.total),
        }


def estimate_of(project: Any) -> Estimate:
    return Estimate(
        tuple(
            Line(item.name, item.unit, item.quantity, item.unit_price)
            for item in project.cost_items.all()
        ),
        project.contingency_percent,
        project.vat_percent,
    )


def estimate_from_dict(data: dict[str, Any]) -> Estimate:
    return Estimate(
        tuple(
            Line(item["name"], item["unit"], Decimal(item["quantity"]), Decimal(item["unit_price"]))
            for item in data["items"]
        ),
        Decimal(data["contingency_percent"]),
        Decimal(data["vat_percent"]),
    )


def _decimal(raw: Any, places: int) -> Decimal | None:
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -places:  # type: ignore[operator]
        return None
    return value


def parse_lines(rows: Iterable[dict[str, Any]]) -> tuple[list[Line], dict[int, list[str]]]:
    """Lines typed by a person (quantities and prices as text, "1 234,50" allowed), and the
    problems per row number (1-based). Empty rows are skipped."""
    lines: list[Line] = []
    problems: dict[int, list[str]] = {}
    for number, row in enumerate(rows, start=1):
        name = " ".join(str(row.get("name", "")).split())
        unit = " ".join(str(row.get("unit", "")).split())
        raw_quantity = str(row.get("quantity", "")).strip()
        raw_price = str(row.get("unit_price", "")).strip()
        if not (name or unit or raw_quantity or raw_price):
            continue
        found: list[str] = []
        if not name:
            found.append(_("name the item"))
        if not unit:
            found.append(_("give the unit (pcs, m², set…)"))
        quantity = _decimal(raw_quantity, 3)
        if quantity is None:
            found.append(_("the quantity must be a number with at most three decimals"))
        elif quantity <= 0:
            found.append(_("the quantity must be above zero"))
        price = _decimal(raw_price, 2)
        if price is None:
            found.append(_("the unit price must be an amount in hryvnias, e.g. 1250.00"))
        elif price < 0:
            found.append(_("the unit price cannot be negative"))
        if found or quantity is None or price is None:
            problems[number] = found
            continue
        line = Line(name[:255], unit[:30], quantity, price)
        if line.total > MAX_AMOUNT:
            problems[number] = [_("the line total is too large")]
            continue
        lines.append(line)
    if len(lines) > MAX_LINES:
        problems[0] = [_("At most %(count)s lines.") % {"count": MAX_LINES}]
    return lines, problems


def problems_as_messages(problems: dict[int, list[str]]) -> list[str]:
    return [
        (_("Line %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(found)})
        if number
        else found[0]
        for number, found in sorted(problems.items())
    ]


def check_percentages(contingency: Decimal, vat: Decimal, max_contingency: Decimal) -> None:
    errors: dict[str, str] = {}
    if contingency < 0 or contingency > max_contingency:
        errors["contingency_percent"] = _("The contingency line may be from 0 to %(max)s %%.") % {
            "max": format(max_contingency.normalize(), "f")
        }
    if vat < 0 or vat > 20:
        errors["vat_percent"] = _("VAT may be from 0 to 20 %.")
    if errors:
        raise ValidationError(errors)


ROW_KEYS = ("name", "unit", "quantity", "unit_price")


def typed_rows(data: Any) -> list[dict[str, str]]:
    """The estimate table as a form posted it (`rows`, then `name_1`, `unit_1`, …), at
    most MAX_LINES rows; a missing or non-numeric count means no rows."""
    raw = str(data.get("rows", ""))
    count = min(int(raw), MAX_LINES) if raw.isdigit() else 0
    return [{key: data.get(f"{key}_{n}", "") for key in ROW_KEYS} for n in range(1, count + 1)]


def rows_of(project: Any, empty: int) -> list[dict[str, str]]:
    """The project's cost lines as editable rows, followed by `empty` blank ones."""
    rows = [
        {
            "name": item.name,
            "unit": item.unit,
            "quantity": format(item.quantity.normalize(), "f"),
            "unit_price": f"{item.unit_price:.2f}",
        }
        for item in project.cost_items.all()
    ]
    return rows + [dict.fromkeys(ROW_KEYS, "") for _ in range(empty)]
