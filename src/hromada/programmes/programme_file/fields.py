"""One mapping of a programme file, read field by field: every problem is raised as one
ProgrammeFileError naming the file, the line and the field path."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from hromada.programmes.programme_file.specs import CENT, MONEY_LIMIT, ProgrammeFileError
from hromada.programmes.programme_file.yaml_lines import LineMapping, LineSequence

CODE_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAIN_DECIMAL_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")

T = TypeVar("T")
_MISSING = object()


class Fields:
    """One mapping of the file, read field by field; each problem is raised with the
    field's path and line."""

    def __init__(self, file_name: str, value: Any, path: str, line: int, allowed: set[str]):
        self.file_name = file_name
        self.path = path
        if not isinstance(value, LineMapping):
            self.fail(line, path or "(file)", "must be a mapping of fields (name: value)")
        self.data: LineMapping = value
        for key, key_line in value.duplicate_keys.items():
            self.fail(key_line, self.field_path(key), "given twice")
        for key in value:
            if key not in allowed:
                self.fail(value.key_lines[key], self.field_path(key), "unknown field")

    def fail(self, line: int, path: str, problem: str) -> NoReturn:
        raise ProgrammeFileError(f"{self.file_name}:{line}: {path}: {problem}")

    def field_path(self, key: Any) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def line_of(self, key: str) -> int:
        return self.data.key_lines.get(key, self.data.line)

    def get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(self.data.line, self.field_path(key), "required")
            return _MISSING
        return value

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        paragraphs: bool = False,
    ) -> str:
        """Text with runs of spaces tidied; with `paragraphs`, blank lines are kept as
        paragraph breaks (a folded `>-` block is one paragraph)."""
        value = self.get(key, required)
        if value is _MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(self.line_of(key), self.field_path(key), "must be text (in quotes)")
        if paragraphs:
            cleaned = "\n\n".join(
                " ".join(part.split()) for part in re.split(r"\n\s*\n", value) if part.strip()
            )
        else:
            cleaned = " ".join(value.split())
        if max_length is not None and len(cleaned) > max_length:
            self.fail(
                self.line_of(key),
                self.field_path(key),
                f"too long ({len(cleaned)} characters, at most {max_length})",
            )
        return cleaned

    def code(self, key: str, *, max_length: int) -> str:
        value = self.text(key, required=True, max_length=max_length)
        if not CODE_PATTERN.match(value):
            self.fail(
                self.line_of(key),
                self.field_path(key),
                "must be a code of Latin letters, digits, hyphens and underscores",
            )
        return value

    def integer(self, key: str, *, minimum: int, maximum: int) -> int:
        value = self.get(key, True)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(self.line_of(key), self.field_path(key), "must be a whole number")
        if not minimum <= value <= maximum:
            self.fail(
                self.line_of(key),
                self.field_path(key),
                f"must be between {minimum} and {maximum}",
            )
        return int(value)

    def number_text(self, key: str, *, max_length: int, example: str) -> str:
        value = self.get(key, True)
        if not isinstance(value, str):
            self.fail(
                self.line_of(key), self.field_path(key), f'must be text in quotes, like "{example}"'
            )
        if len(value) > max_length:
            self.fail(self.line_of(key), self.field_path(key), f"at most {max_length} characters")
        return value.strip()

    def optional_date(self, key: str, *, required: bool = False) -> date | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not DATE_PATTERN.match(value.strip()):
            self.fail(self.line_of(key), self.field_path(key), "must be a date like 2024-12-31")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            self.fail(self.line_of(key), self.field_path(key), f"{value} is not a valid date")

    def required_date(self, key: str) -> date:
        value = self.optional_date(key, required=True)
        if value is None:  # pragma: no cover - date() refuses a missing required date
            self.fail(self.data.line, self.field_path(key), "required")
        return value

    def decimal(self, key: str) -> Decimal:
        value = self.get(key, True)
        if isinstance(value, bool):
            value = None
        elif isinstance(value, int):
            value = Decimal(value)
        elif isinstance(value, str) and PLAIN_DECIMAL_PATTERN.match(value.strip()):
            value = Decimal(value.strip())
        if not isinstance(value, Decimal) or not value.is_finite():
            self.fail(self.line_of(key), self.field_path(key), "must be a number like 1200.50")
        if value < 0:
            self.fail(self.line_of(key), self.field_path(key), "must not be negative")
        if value != value.quantize(CENT):
            self.fail(self.line_of(key), self.field_path(key), "at most 2 decimal places")
        if value >= MONEY_LIMIT:
            self.fail(self.line_of(key), self.field_path(key), "too large")
        return value.quantize(CENT)

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(self.line_of(key), self.field_path(key), "must be true or false")
        return value

    def items(
        self,
        key: str,
        read: Callable[[Fields, int], T],
        allowed: set[str],
        *,
        required: bool = False,
    ) -> tuple[T, ...]:
        """Each mapping of the list under `key`, read by `read(fields, index)`."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(self.data.line, self.field_path(key), "required")
            return ()
        if not isinstance(value, LineSequence):
            self.fail(self.line_of(key), self.field_path(key), "must be a list")
        if required and not value:
            self.fail(self.line_of(key), self.field_path(key), "must not be empty")
        return tuple(
            read(
                Fields(self.file_name, item, f"{self.field_path(key)}[{index}]", line, allowed),
                index,
            )
            for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True))
        )

    def codes(self, key: str, allowed_codes: list[str], what: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LineSequence):
            self.fail(self.line_of(key), self.field_path(key), "must be a list")
        codes: list[str] = []
        for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            path = f"{self.field_path(key)}[{index}]"
            if not isinstance(item, str) or item not in allowed_codes:
                self.fail(
                    line, path, f'unknown {what} "{item}" (one of: {", ".join(allowed_codes)})'
                )
            if item in codes:
                self.fail(line, path, f'"{item}" is listed twice')
            codes.append(item)
        return tuple(codes)
