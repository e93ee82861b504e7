"""Reading and writing Pabulib files (`.pb`, `.pb.gz`). See docs/tally-format.md.

A Pabulib file has three sections, each a line holding just `META`, `PROJECTS` or
`VOTES` (any case) followed by `;`-separated rows with standard double-quote quoting.
The reader checks every structural promise of the format and either returns an
`Election` or raises `PabulibError` whose message is one line, `<file>:<line>: <problem>`.
What the reference implementation tolerates (duplicate voter ids, a project repeated in
a ballot, a META section without its header row, …) is accepted, normalised as
documented, and reported in `Election.warnings`.

The writer produces a file that reads back as an equivalent election (same META, same
projects with the same columns, the same ballots after normalisation, same vote type).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import IO

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.outcome import exact_text

__all__ = [
    "LIMIT_KEYS",
    "BallotLimits",
    "PabulibError",
    "ballot_limits",
    "format_election",
    "parse_decimal",
    "parse_election",
    "read_election",
    "read_text",
    "write_election",
]

SECTIONS = ("META", "PROJECTS", "VOTES")
MISSING = frozenset({"", "None"})
WITHDRAWN_SENTINEL = Fraction(999_999_999)
# META keys bounding the shape of a ballot (validation only: the rules never read them).
LIMIT_KEYS = (
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
)
_INTEGER_LIMITS = frozenset({"min_length", "max_length"})
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SHOWN_LINES = 5  # line numbers quoted in one aggregated warning


class PabulibError(ValueError):
    """A file that cannot be used. The message is one line: `<file>:<line>: <problem>`
    (without the line when the problem concerns the whole file, e.g. it cannot be read)."""

    def __init__(self, line: int | None, problem: str, source: str = "") -> None:
        self.line = line
        self.problem = " ".join(problem.split())
        self.source = source
        if source:
            where = f"{source}:{line}: " if line else f"{source}: "
        else:
            where = f"line {line}: " if line else ""
        super().__init__(f"{where}{self.problem}")


# ---------------------------------------------------------------------------- reading


def _gunzip(raw: bytes, source: str) -> bytes:
    """Decompress every gzip member; a truncated or corrupt stream names the line of the
    decompressed text where the damage starts."""
    out: list[bytes] = []
    data = raw
    while data:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            out.append(decompressor.decompress(data))
            out.append(decompressor.flush())
        except zlib.error as error:
            line = b"".join(out).count(b"\n") + 1
            raise PabulibError(line, f"corrupt gzip data ({error})", source) from None
        if not decompressor.eof:
            line = b"".join(out).count(b"\n") + 1
            raise PabulibError(
                line, "the gzip data is truncated: the file was cut off here", source
            )
        data = decompressor.unused_data.lstrip(b"\x00")
        if data and data[:2] != b"\x1f\x8b":
            line = b"".join(out).count(b"\n") + 1
            raise PabulibError(line, "unexpected bytes after the gzip data", source)
    return b"".join(out)


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a `.pb` or `.pb.gz` file (gzip recognised by its magic bytes), decoded
    as UTF-8 with an optional byte-order mark."""
    path = Path(path)
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PabulibError(None, f"cannot read the file ({error.strerror})", source) from None
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, source)
    elif path.name.endswith(".gz"):
        raise PabulibError(None, "the name ends in .gz but the file is not gzip data", source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        raise PabulibError(
            line,
            f"the file is not valid UTF-8 text (byte 0x{raw[error.start]:02x} in column {column})",
            source,
        ) from None


def read_election(path: str | os.PathLike[str]) -> Election:
    """Read a `.pb` or `.pb.gz` file. Raises PabulibError for an unusable file."""
    return parse_election(read_text(path), source=Path(path).name)


def parse_decimal(text: str) -> Fraction:
    """An exact number from a decimal string: `400000`, `400000.0`, `322239.55`, `1,5`
    (a comma is a decimal separator, as in the reference), `1e6`. Raises ValueError."""
    cleaned = text.strip().replace(",", ".")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(f"{text.strip()!r} is not a number")
    return Fraction(cleaned)


def _shown(text: str, limit: int = 60) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _is_blank(row: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in row)


class _Sections:
    """The rows of each section with the line number where each row starts."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[str]]] = {}
        self.lines: dict[str, list[int]] = {}
        self.start: dict[str, int] = {}
        self.last_line = 0


def _split_sections(text: str, source: str) -> _Sections:
    found = _Sections()
    keywords = frozenset(SECTIONS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    rows: list[list[str]] | None = None
    lines: list[int] = []
    end = 0
    try:
        for row in reader:
            start = end + 1
            end = reader.line_num
            if not row:
                continue
            first = row[0]
            if (
                len(first) < 16
                and first.strip().upper() in keywords
                and (len(row) == 1 or _is_blank(row[1:]))
            ):
                keyword = first.strip().upper()
                if keyword in found.rows:
                    raise PabulibError(
                        start,
                        f"a second {keyword} section (the first is on line "
                        f"{found.start[keyword]}): the file holds more than one election; "
                        "split it into one file per election",
                        source,
                    )
                rows = found.rows[keyword] = []
                lines = found.lines[keyword] = []
                found.start[keyword] = start
                continue
            if rows is None:
                if not _is_blank(row):
                    raise PabulibError(
                        start, "text before the META section: not a Pabulib file?", source
                    )
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as error:
        start = end + 1
        problem = str(error)
        if "end of data" in problem:
            problem = "a quoted field is never closed (truncated file?)"
        raise PabulibError(start, f"malformed CSV row: {problem}", source) from None
    found.last_line = end
    for keyword in SECTIONS:
        if keyword not in found.rows:
            raise PabulibError(
                max(end, 1),
                f"the {keyword} section is missing (the file ends here; truncated?)",
                source,
            )
    return found


def _header(found: _Sections, section: str, required: tuple[str, ...], source: str) -> list[str]:
    rows = found.rows[section]
    if not rows:
        raise PabulibError(found.start[section], f"the {section} section has no header row", source)
    line = found.lines[section][0]
    header = [name.strip() for name in rows[0]]
    while header and not header[-1]:
        header.pop()  # a header line ending in ';'
    if "" in header:
        raise PabulibError(
            line,
            f"the {section} header has an empty column name (column {header.index('') + 1})",
            source,
        )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise PabulibError(line, f"the {section} header names column {name!r} twice", source)
        seen.add(name)
    for name in required:
        if name not in header:
            hint = ""
            if header and header[0] not in {"project_id", "voter_id"}:
                hint = f" (is the header row missing? the first row starts with {header[0]!r})"
            raise PabulibError(line, f"the {section} header has no {name!r} column{hint}", source)
    return header


def _fit(row: list[str], width: int, line: int, section: str, source: str) -> list[str]:
    """The row cut or padded to the header's width; extra non-empty cells are an error
    (typically an unquoted ';' inside a field)."""
    if len(row) > width:
        if not _is_blank(row[width:]):
            raise PabulibError(
                line,
                f"{section} row has {len(row)} fields but the header has {width} "
                "(an unquoted ';' inside a field?)",
                source,
            )
        return row[:width]
    return row + [""] * (width - len(row))


def _split_list(text: str) -> tuple[str, ...]:
    """A comma-separated list cell (`culture,education`): parts stripped, missing parts
    dropped, duplicates dropped (first kept)."""
    parts = (part.strip() for part in text.split(","))
    return tuple(dict.fromkeys(part for part in parts if part not in MISSING))


class _Findings:
    """Warnings collected by kind, each reported once with a count and the first lines."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._lines: dict[str, list[int]] = {}
        self._order: list[str] = []

    def add(self, kind: str, line: int) -> None:
        lines = self._lines.get(kind)
        if lines is None:
            lines = self._lines[kind] = []
            self._order.append(kind)
        lines.append(line)

    def render(self) -> list[str]:
        result = list(self.messages)
        for kind in self._order:
            lines = self._lines[kind]
            if len(lines) == 1:
                result.append(f"line {lines[0]}: {kind}")
                continue
            shown = ", ".join(str(line) for line in lines[:_SHOWN_LINES])
            more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
            result.append(f"{len(lines)} rows (lines {shown}{more}): {kind}")
        return result


_VOTE_TYPES = ", ".join(kind.value for kind in VoteType)


def _parse_meta(
    found: _Sections, findings: _Findings, source: str
) -> tuple[dict[str, str], dict[str, int]]:
    rows = found.rows["META"]
    lines = found.lines["META"]
    meta: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    first = 0
    if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["key", "value"]:
        first = 1
    else:
        findings.messages.append(
            "META has no 'key;value' header row (an older export); its first row is read as data"
        )
    for row, line in zip(rows[first:], lines[first:], strict=True):
        cells = [cell.strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()  # lines ending in ';'
        if not cells:
            continue
        key = cells[0]
        if not key:
            raise PabulibError(line, "a META row without a key", source)
        if len(cells) > 2:
            findings.add(
                f"a META value holds an unquoted ';' (the fields after {key!r} are joined)",
                line,
            )
        value = ";".join(cells[1:])
        if key in key_lines:
            findings.add(f"META key {key!r} appears twice: the last value counts", line)
        key_lines[key] = line
        if value in MISSING:
            meta.pop(key, None)  # an empty or `None` value means "missing"
        else:
            meta[key] = value
    return meta, key_lines


def _check_meta(
    meta: dict[str, str],
    key_lines: dict[str, int],
    found: _Sections,
    findings: _Findings,
    source: str,
) -> tuple[Fraction, VoteType]:
    for key in ("budget", "vote_type"):
        if key not in meta:
            line = key_lines.get(key, found.start["META"])
            raise PabulibError(line, f"META has no {key}", source)
    try:
        budget = parse_decimal(meta["budget"])
    except ValueError:
        raise PabulibError(
            key_lines["budget"], f"the budget {_shown(meta['budget'])} is not a number", source
        ) from None
    if budget < 0:
        raise PabulibError(key_lines["budget"], "the budget is negative", source)
    try:
        vote_type = VoteType(meta["vote_type"].lower())
    except ValueError:
        raise PabulibError(
            key_lines["vote_type"],
            f"unknown vote_type {_shown(meta['vote_type'])} (expected one of {_VOTE_TYPES})",
            source,
        ) from None
    for key in LIMIT_KEYS:
        if key in meta and _limit_value(key, meta[key]) is None:
            findings.add(
                f"META {key} {_shown(meta[key])} is not a valid limit (ignored)", key_lines[key]
            )
    return budget, vote_type


def _parse_projects(
    found: _Sections, budget: Fraction, findings: _Findings, source: str
) -> tuple[dict[str, Project], list[str]]:
    header = _header(found, "PROJECTS", ("project_id", "cost"), source)
    width = len(header)
    id_index = header.index("project_id")
    cost_index = header.index("cost")
    name_index = header.index("name") if "name" in header else None
    category_column = next((c for c in ("category", "categories") if c in header), None)
    target_column = next((c for c in ("target", "targets") if c in header), None)
    projects: dict[str, Project] = {}
    rows = found.rows["PROJECTS"]
    lines = found.lines["PROJECTS"]
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if len(row) != width:
            row = _fit(row, width, line, "a PROJECTS", source)
        cells = [cell.strip() for cell in row]
        if all(not cell for cell in cells):
            continue
        project_id = cells[id_index]
        if project_id in MISSING:
            raise PabulibError(line, "a project without a project_id", source)
        if "," in project_id:
            raise PabulibError(
                line, f"the project id {_shown(project_id)} contains a comma", source
            )
        if project_id in projects:
            raise PabulibError(line, f"project {project_id!r} is listed twice", source)
        cost_text = cells[cost_index]
        if cost_text in MISSING:
            raise PabulibError(line, f"project {project_id!r} has no cost", source)
        try:
            cost = parse_decimal(cost_text)
        except ValueError:
            raise PabulibError(
                line,
                f"the cost of project {project_id!r} is not a number: {_shown(cost_text)}",
                source,
            ) from None
        if cost < 0:
            raise PabulibError(
                line, f"project {project_id!r} has a negative cost ({cost_text})", source
            )
        extra = {
            name: cell
            for name, cell in zip(header, cells, strict=True)
            if cell not in MISSING and name != "project_id" and name != "cost"
        }
        name = cells[name_index] if name_index is not None else ""
        projects[project_id] = Project(
            project_id=project_id,
            cost=cost,
            cost_text=cost_text,
            name="" if name in MISSING else name,
            categories=_split_list(extra.get(category_column, "")) if category_column else (),
            targets=_split_list(extra.get(target_column, "")) if target_column else (),
            extra=extra,
        )
        if cost == WITHDRAWN_SENTINEL:
            findings.add(
                f"project {project_id!r} costs 999999999, the sentinel of a withdrawn project "
                "(kept; it can never fit)",
                line,
            )
        elif cost > budget:
            findings.add(
                f"project {project_id!r} costs more than the whole budget (kept; it can never fit)",
                line,
            )
        if cost == 0:
            findings.add(
                f"project {project_id!r} costs 0 (older exports mark a withdrawn project so): "
                "if anyone supports it, it is selected first",
                line,
            )
    return projects, header


def _parse_votes(
    found: _Sections,
    vote_type: VoteType,
    projects: Mapping[str, Project],
    findings: _Findings,
    source: str,
) -> tuple[list[Ballot], list[str]]:
    has_points = vote_type.has_points
    required = ("voter_id", "vote", "points") if has_points else ("voter_id", "vote")
    header = _header(found, "VOTES", required, source)
    width = len(header)
    voter_index = header.index("voter_id")
    vote_index = header.index("vote")
    points_index = header.index("points") if has_points else -1
    special = {"voter_id", "vote", "points"} if has_points else {"voter_id", "vote"}
    extra_columns = [(name, index) for index, name in enumerate(header) if name not in special]
    if vote_type == VoteType.ORDINAL:
        repeated_kind = "a ranking lists the same project more than once: its best place counts"
    elif has_points:
        repeated_kind = (
            "a ballot gives points to the same project more than once: the last occurrence counts"
        )
    else:
        repeated_kind = "a ballot lists the same project more than once: it counts once"

    ballots: list[Ballot] = []
    seen_voters: set[str] = set()
    # Identical vote (and points) cells are parsed and checked once.
    approval_cache: dict[str, tuple[tuple[str, ...], bool]] = {}
    points_cache: dict[tuple[str, str], tuple[tuple[str, ...], tuple[Fraction, ...], bool]] = {}
    number_cache: dict[str, Fraction] = {}
    rows = found.rows["VOTES"]
    lines = found.lines["VOTES"]

    known = frozenset(projects)

    def listed_ids(text: str, line: int) -> list[str]:
        parts = text.split(",")
        if known.issuperset(parts):
            return parts  # the common case: clean ids, nothing to strip or drop
        text = text.strip()
        if text in MISSING:
            return []
        listed = [part.strip() for part in text.split(",")]
        listed = [part for part in listed if part not in MISSING]
        for project_id in listed:
            if project_id not in projects:
                raise PabulibError(
                    line,
                    f"the vote names project {_shown(project_id)}, which is not in PROJECTS",
                    source,
                )
        return listed

    def number(text: str, line: int) -> Fraction:
        value = number_cache.get(text)
        if value is None:
            try:
                value = parse_decimal(text)
            except ValueError:
                raise PabulibError(
                    line, f"the points {_shown(text)} are not a number", source
                ) from None
            if value < 0 and vote_type == VoteType.CUMULATIVE:
                raise PabulibError(line, f"negative points ({text.strip()})", source)
            number_cache[text] = value
        return value

    for row, line in zip(rows[1:], lines[1:], strict=True):
        if len(row) != width:
            row = _fit(row, width, line, "a VOTES", source)
        voter_id = row[voter_index].strip()
        vote_text = row[vote_index]
        if not voter_id:
            if _is_blank(row):
                continue
            findings.add("a ballot has no voter_id (kept)", line)
        elif voter_id in seen_voters:
            findings.add(
                "a voter_id repeats an earlier one (kept: ballots are a list, not keyed by id)",
                line,
            )
        seen_voters.add(voter_id)
        points: tuple[Fraction, ...] | None = None
        if has_points:
            points_text = row[points_index]
            cached_points = points_cache.get((vote_text, points_text))
            if cached_points is None:
                listed = listed_ids(vote_text, line)
                stripped = points_text.strip()
                values = (
                    []
                    if stripped in MISSING
                    else [part for part in stripped.split(",") if part.strip() not in MISSING]
                )
                if len(values) != len(listed):
                    raise PabulibError(
                        line,
                        f"the vote lists {len(listed)} projects but the points column "
                        f"has {len(values)} values",
                        source,
                    )
                merged: dict[str, Fraction] = {}
                for project_id, value_text in zip(listed, values, strict=True):
                    merged[project_id] = number(value_text, line)  # the last one counts
                cached_points = (
                    tuple(merged),
                    tuple(merged.values()),
                    len(merged) != len(listed),
                )
                points_cache[(vote_text, points_text)] = cached_points
            ballot_projects, points, repeated = cached_points
        else:
            cached = approval_cache.get(vote_text)
            if cached is None:
                listed = listed_ids(vote_text, line)
                unique = tuple(dict.fromkeys(listed))
                cached = approval_cache[vote_text] = (unique, len(unique) != len(listed))
            ballot_projects, repeated = cached
        if repeated:
            findings.add(repeated_kind, line)
        extra = {}
        for name, index in extra_columns:
            cell = row[index].strip()
            if cell not in MISSING:
                extra[name] = cell
        ballots.append(Ballot(voter_id, ballot_projects, points, extra))
    return ballots, header


def parse_election(text: str, source: str = "") -> Election:
    """Parse the text of a Pabulib file; `source` (the file name) prefixes error messages."""
    found = _split_sections(text.removeprefix("\ufeff"), source)
    findings = _Findings()
    meta, key_lines = _parse_meta(found, findings, source)
    budget, vote_type = _check_meta(meta, key_lines, found, findings, source)
    projects, project_columns = _parse_projects(found, budget, findings, source)
    ballots, vote_columns = _parse_votes(found, vote_type, projects, findings, source)
    empty = sum(1 for ballot in ballots if not ballot.projects)
    if empty:
        findings.messages.append(f"{empty} empty ballots (kept: they count as voters)")
    for key, actual in (("num_projects", len(projects)), ("num_votes", len(ballots))):
        written = meta.get(key)
        if written is not None and written != str(actual):
            findings.messages.append(
                f"META {key} is {written} but the file holds {actual} (the rows count)"
            )
    return Election(
        meta=meta,
        projects=projects,
        ballots=ballots,
        vote_type=vote_type,
        budget=budget,
        warnings=findings.render(),
        project_columns=tuple(project_columns),
        vote_columns=tuple(vote_columns),
    )


# ------------------------------------------------------------------------ ballot limits


def _limit_value(key: str, text: str) -> Fraction | int | None:
    try:
        value = parse_decimal(text)
    except ValueError:
        return None
    if key in _INTEGER_LIMITS:
        return int(value) if value.denominator == 1 and value >= 0 else None
    return value


@dataclass(frozen=True)
class BallotLimits:
    """The META ballot-shape limits (None where the file sets none). For validation and
    display only: no rule reads them."""

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Fraction | None = None
    max_sum_cost: Fraction | None = None
    min_points: Fraction | None = None
    max_points: Fraction | None = None
    min_sum_points: Fraction | None = None
    max_sum_points: Fraction | None = None

    def check(self, ballot: Ballot, costs: Mapping[str, Fraction]) -> list[str]:
        """The limits this ballot breaks, in words (empty when it respects them all)."""
        problems: list[str] = []
        length = len(ballot.projects)
        if self.min_length is not None and length < self.min_length:
            problems.append(f"lists {length} projects, fewer than min_length {self.min_length}")
        if self.max_length is not None and length > self.max_length:
            problems.append(f"lists {length} projects, more than max_length {self.max_length}")
        if self.min_sum_cost is not None or self.max_sum_cost is not None:
            total = sum((costs[project_id] for project_id in ballot.projects), Fraction(0))
            if self.min_sum_cost is not None and total < self.min_sum_cost:
                problems.append(
                    f"costs {exact_text(total)} in all, less than min_sum_cost "
                    f"{exact_text(self.min_sum_cost)}"
                )
            if self.max_sum_cost is not None and total > self.max_sum_cost:
                problems.append(
                    f"costs {exact_text(total)} in all, more than max_sum_cost "
                    f"{exact_text(self.max_sum_cost)}"
                )
        if ballot.points is not None:
            for project_id, value in zip(ballot.projects, ballot.points, strict=True):
                if self.min_points is not None and value < self.min_points:
                    problems.append(
                        f"gives {exact_text(value)} points to {project_id}, fewer than "
                        f"min_points {exact_text(self.min_points)}"
                    )
                if self.max_points is not None and value > self.max_points:
                    problems.append(
                        f"gives {exact_text(value)} points to {project_id}, more than "
                        f"max_points {exact_text(self.max_points)}"
                    )
            total_points = sum(ballot.points, Fraction(0))
            if self.min_sum_points is not None and total_points < self.min_sum_points:
                problems.append(
                    f"gives {exact_text(total_points)} points in all, fewer than "
                    f"min_sum_points {exact_text(self.min_sum_points)}"
                )
            if self.max_sum_points is not None and total_points > self.max_sum_points:
                problems.append(
                    f"gives {exact_text(total_points)} points in all, more than "
                    f"max_sum_points {exact_text(self.max_sum_points)}"
                )
        return problems


def ballot_limits(source: Election | Mapping[str, str]) -> BallotLimits:
    """The ballot-shape limits of an election (or of its META mapping). Values that are
    not numbers (or not whole numbers, for the lengths) are ignored; the reader warns."""
    meta = source.meta if isinstance(source, Election) else source

    def length(key: str) -> int | None:
        value = _limit_value(key, meta[key]) if key in meta else None
        return value if isinstance(value, int) else None

    def amount(key: str) -> Fraction | None:
        value = _limit_value(key, meta[key]) if key in meta else None
        return value if isinstance(value, Fraction) else None

    return BallotLimits(
        min_length=length("min_length"),
        max_length=length("max_length"),
        min_sum_cost=amount("min_sum_cost"),
        max_sum_cost=amount("max_sum_cost"),
        min_points=amount("min_points"),
        max_points=amount("max_points"),
        min_sum_points=amount("min_sum_points"),
        max_sum_points=amount("max_sum_points"),
    )


# ---------------------------------------------------------------------------- writing


def _decimal(value: Fraction, what: str) -> str:
    text = exact_text(value)
    if "/" in text:
        raise ValueError(f"{what} {text} has no exact decimal form; Pabulib needs decimals")
    return text


def _matches(text: str, value: Fraction) -> bool:
    try:
        return bool(text) and parse_decimal(text) == value
    except ValueError:
        return False


def _meta_rows(election: Election) -> list[tuple[str, str]]:
    meta = dict(election.meta)
    budget = meta.get("budget", "")
    meta["budget"] = (
        budget if _matches(budget, election.budget) else _decimal(election.budget, "the budget")
    )
    if meta.get("vote_type", "").strip().lower() != election.vote_type.value:
        meta["vote_type"] = election.vote_type.value
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.ballots))
    return [(key, value) for key, value in meta.items() if value not in MISSING]


def _columns(declared: Iterable[str], first: Sequence[str], extras: Iterable[str]) -> list[str]:
    columns = list(dict.fromkeys(declared))
    for index, name in enumerate(first):
        if name not in columns:
            columns.insert(index, name)
    for name in extras:
        if name not in columns:
            columns.append(name)
    return columns


def _project_cell(project: Project, column: str) -> str:
    if column == "project_id":
        return project.project_id
    if column == "cost":
        if _matches(project.cost_text, project.cost):
            return project.cost_text
        return _decimal(project.cost, f"the cost of project {project.project_id!r}")
    value = project.extra.get(column)
    if value is not None:
        return value
    if column == "name":
        return project.name
    if column in {"category", "categories"}:
        return ",".join(project.categories)
    if column in {"target", "targets"}:
        return ",".join(project.targets)
    return ""


def format_election(election: Election) -> str:
    """The election as Pabulib text (LF line endings, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    buffer.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(_meta_rows(election))

    projects = list(election.projects.values())
    derived: list[str] = []
    if any(project.name for project in projects):
        derived.append("name")
    if any(project.categories for project in projects):
        derived.append("category")
    if any(project.targets for project in projects):
        derived.append("target")
    extra_names = dict.fromkeys(name for project in projects for name in project.extra)
    declared = election.project_columns or ["project_id", "cost", *derived]
    if not election.project_columns:
        extra_names = dict.fromkeys(
            name
            for name in extra_names
            if not (name == "categories" and "category" in derived)
            and not (name == "targets" and "target" in derived)
        )
    project_columns = _columns(declared, ("project_id", "cost"), extra_names)
    buffer.write("PROJECTS\n")
    writer.writerow(project_columns)
    writer.writerows(
        [_project_cell(project, column) for column in project_columns] for project in projects
    )

    has_points = election.vote_type.has_points
    first = ("voter_id", "vote", "points") if has_points else ("voter_id", "vote")
    vote_extras = dict.fromkeys(name for ballot in election.ballots for name in ballot.extra)
    vote_columns = _columns(election.vote_columns or first, first, vote_extras)
    voter_index = vote_columns.index("voter_id")
    vote_index = vote_columns.index("vote")
    points_index = vote_columns.index("points") if has_points else -1
    extra_columns = [
        (index, name)
        for index, name in enumerate(vote_columns)
        if index not in {voter_index, vote_index, points_index}
    ]
    number_text: dict[Fraction, str] = {}
    buffer.write("VOTES\n")
    writer.writerow(vote_columns)
    width = len(vote_columns)
    for ballot in election.ballots:
        cells = [""] * width
        cells[voter_index] = ballot.voter_id
        cells[vote_index] = ",".join(ballot.projects)
        if has_points:
            values = ballot.points
            if values is None:
                values = tuple(Fraction(1) for _project in ballot.projects)
            texts = []
            for value in values:
                text = number_text.get(value)
                if text is None:
                    text = number_text[value] = _decimal(value, "the points")
                texts.append(text)
            cells[points_index] = ",".join(texts)
        for index, name in extra_columns:
            cells[index] = ballot.extra.get(name, "")
        writer.writerow(cells)
    return buffer.getvalue()


def write_election(election: Election, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write the election as a Pabulib file: to a path (gzip-compressed when the name ends
    in `.gz`) or to an open text stream. Raises ValueError for a number that has no
    exact decimal form (a cost of 1/3)."""
    text = format_election(election)
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        data = text.encode("utf-8")
        if path.name.endswith(".gz"):
            data = gzip.compress(data, compresslevel=6, mtime=0)
        path.write_bytes(data)
    else:
        target.write(text)
