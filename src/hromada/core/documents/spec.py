"""One logical document (a protocol, a report) described once, rendered as DOCX or PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Alignment = Literal["justify", "left", "center", "right"]


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1  # 1 to 3; the document title is above level 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"Heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    align: Alignment = "justify"


@dataclass(frozen=True)
class Table:
    """A grid with a header row (repeated on every page) and rows of text."""

    kind: ClassVar[str] = "table"
    header: Sequence[str]
    rows: Sequence[Sequence[str]]

    def __post_init__(self) -> None:
        if not self.header:
            raise ValueError("A table needs a header row")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"Row {list(row)!r} does not have {len(self.header)} cells")


@dataclass(frozen=True)
class Signature:
    """Position on the left, name on the right ("Міський голова ... Власне ім'я ПРІЗВИЩЕ")."""

    position: str
    name: str


@dataclass(frozen=True)
class Signatures:
    kind: ClassVar[str] = "signatures"
    signatures: Sequence[Signature]


Block = Heading | Paragraph | Table | Signatures


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    subtitle: str = ""
    blocks: Sequence[Block] = field(default_factory=tuple)
