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
import functools
import gc
import io
import operator
import os
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, repeat
from typing import IO, Any

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


def _path(path: str | os.PathLike[str]) -> tuple[str, str]:
    """`str(Path(path))` and `Path(path).name`, without importing pathlib (a noticeable
    part of the command line's start-up) where paths are POSIX paths."""
    if os.name != "posix":
        from pathlib import Path

        normal = Path(path)
        return str(normal), normal.name
    text = os.fspath(path)
    stripped = text.lstrip("/")
    root = "" if stripped == text else "//" if len(text) - len(stripped) == 2 else "/"
    parts = [part for part in stripped.split("/") if part and part != "."]
    return (root + "/".join(parts)) or ".", parts[-1] if parts else ""


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a `.pb` or `.pb.gz` file (gzip recognised by its magic bytes), decoded
    as UTF-8 with an optional byte-order mark."""
    location, source = _path(path)
    try:
        with open(location, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise PabulibError(None, f"cannot read the file ({error.strerror})", source) from None
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, source)
    elif source.endswith(".gz"):
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
    return parse_election(read_text(path), source=_path(path)[1])


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
        self.lines: dict[str, Sequence[int]] = {}
        self.start: dict[str, int] = {}
        # A section kept as its lines, not yet split into rows: text without quotes and
        # without empty lines, so that each line is one row of `;`-separated cells.
        self.plain: dict[str, list[str]] = {}

    def section_rows(self, keyword: str) -> list[list[str]]:
        rows = self.rows.get(keyword)
        if rows is None:
            rows = self.rows[keyword] = list(map(str.split, self.plain[keyword], repeat(";")))
        return rows

    def first_row(self, keyword: str) -> list[str] | None:
        if keyword in self.plain:
            texts = self.plain[keyword]
            return texts[0].split(";") if texts else None
        rows = self.rows[keyword]
        return rows[0] if rows else None


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))


def _plain_lines(text: str) -> list[str] | None:
    """The lines of a text without quotes, NUL or bare CR, where splitting each line at
    `;` gives what the CSV reader would (an empty line is an empty row); None when the
    CSV reader must read the text."""
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the text ends with a line ending
    if lines and max(map(len, lines)) > csv.field_size_limit():
        return None  # the CSV reader reports the overlong field
    return lines


def _keyword(row: Sequence[str]) -> str | None:
    """The section keyword a row announces, if it is a keyword line."""
    if not row:
        return None
    first = row[0]
    if len(first) < 16:
        keyword = first.strip().upper()
        if keyword in SECTIONS and (len(row) == 1 or _is_blank(row[1:])):
            return keyword
    return None


# Every line that could be a keyword line (a superset: each candidate is checked with
# `_keyword`). Besides ASCII letters, the characters whose upper case is made of the
# letters of the keywords (`ſ`.upper() == "S"). The text is searched with a "\n" in front.
_CANDIDATE_LINE = re.compile(
    r'\n((?:[^\S\n]|")*[A-Za-z\u00df\u017f\ufb05\ufb06]+(?:[^\S\n]|[";])*)(?=\n|\Z)'
)


def _split_sections_fast(text: str) -> _Sections | None:
    """The sections of a well-formed file: the keyword lines found with one regular
    expression, then each section read on its own, by the C CSV reader or, without
    quotes, by splitting lines (VOTES is kept as lines, split later column by column).
    A row's line number is its section's first line plus its index. None whenever the
    result could differ from `_split_sections_exact` (a quoted field spanning lines, a
    bare CR, a CSV error, a missing or repeated section, text before the first section):
    the caller then takes the exact path, which also produces the error message."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None  # a bare CR ends a line for the CSV reader but not for the search
    found = _Sections()
    # (keyword, its line number, the offset of its line, the offset after its line)
    marks: list[tuple[str, int, int, int]] = []
    counted_to = 0
    line = 1
    for match in _CANDIDATE_LINE.finditer("\n" + text):
        try:
            rows = _csv_rows(match.group(1))
        except csv.Error:
            return None
        keyword = _keyword(rows[0]) if len(rows) == 1 else None
        if keyword is None:
            continue
        if keyword in found.start:
            return None
        begin = match.start()  # the offset in `text` of the line (the "\n" is prepended)
        line += text.count("\n", counted_to, begin)
        counted_to = begin
        found.start[keyword] = line
        # The section's text starts after the keyword line and its "\n".
        marks.append((keyword, line, begin, min(match.end(), len(text))))
    if len(marks) != len(SECTIONS):
        return None
    starts = [(None, 1, 0)] + [(keyword, line + 1, after) for keyword, line, _b, after in marks]
    stops = [begin for _k, _l, begin, _a in marks] + [len(text)]
    for (keyword, first_line, begin), stop in zip(starts, stops, strict=True):
        chunk = text[begin:stop]
        plain = _plain_lines(chunk)
        if plain is not None and keyword is not None and "" not in plain:
            found.plain[keyword] = plain
            found.lines[keyword] = range(first_line, first_line + len(plain))
            continue
        if plain is not None:
            rows = [line.split(";") if line else [] for line in plain]
        else:
            try:
                rows = _csv_rows(chunk)
            except csv.Error:
                return None
            count = chunk.count("\n")
            if chunk and chunk[-1] != "\n":
                count += 1
            if len(rows) != count:
                return None  # a quoted field spans lines: only the exact path knows the lines
        if keyword is None:
            if not all(_is_blank(row) for row in rows):
                return None
            continue
        lines: Sequence[int]
        if all(rows):
            lines = range(first_line, first_line + len(rows))
        else:  # empty lines are skipped
            lines = [first_line + index for index, row in enumerate(rows) if row]
            rows = [row for row in rows if row]
        found.rows[keyword] = rows
        found.lines[keyword] = lines
    return found


def _split_sections(text: str, source: str) -> _Sections:
    found = _split_sections_fast(text)
    if found is None:
        found = _split_sections_exact(text, source)
    return found


def _split_sections_exact(text: str, source: str) -> _Sections:
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
    for keyword in SECTIONS:
        if keyword not in found.rows:
            raise PabulibError(
                max(end, 1),
                f"the {keyword} section is missing (the file ends here; truncated?)",
                source,
            )
    return found


def _header(found: _Sections, section: str, required: tuple[str, ...], source: str) -> list[str]:
    first = found.first_row(section)
    if first is None:
        raise PabulibError(found.start[section], f"the {section} section has no header row", source)
    line = found.lines[section][0]
    header = [name.strip() for name in first]
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

# The reader builds its (many) ballots in C: `Ballot` is a named tuple.
_new_ballot = functools.partial(tuple.__new__, Ballot)


def _parse_meta(
    found: _Sections, findings: _Findings, source: str
) -> tuple[dict[str, str], dict[str, int]]:
    rows = found.section_rows("META")
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
    rows = found.section_rows("PROJECTS")
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


_REPEATED_VOTER = "a voter_id repeats an earlier one (kept: ballots are a list, not keyed by id)"


_Parsed = tuple[tuple[str, ...], tuple[Fraction, ...] | None, bool]  # projects, points, repeated


def _make_ballots(
    voter_ids: list[str],
    ballot_projects: Iterable[tuple[str, ...]],
    points: Iterable[tuple[Fraction, ...] | None],
    extras: Iterable[dict[str, str]],
) -> list[Ballot]:
    return list(map(_new_ballot, zip(voter_ids, ballot_projects, points, extras, strict=True)))


class _Columns:
    """The cells of the VOTES rows, column by column (all rows as wide as the header)."""

    def __init__(
        self,
        voter_cells: Iterable[str],
        votes: list[str],
        points: list[str] | None,
        extra_keys: list[str] | list[tuple[str, ...]] | None,
        extra_cells: Callable[[Any], Sequence[str]],
    ) -> None:
        self.voter_cells = voter_cells
        self.votes = votes
        self.points = points
        # One key per row standing for its extra cells; `extra_cells` gives the cells.
        self.extra_keys = extra_keys
        self.extra_cells = extra_cells


def _one_or_more(cells: str | tuple[str, ...]) -> tuple[str, ...]:
    return cells if isinstance(cells, tuple) else (cells,)


def _columns_of_rows(
    rows: list[list[str]], width: int, indices: tuple[int, ...]
) -> _Columns | None:
    """`indices`: those of voter_id, vote, points (-1 when there are none), then the extras."""
    voter_index, vote_index, points_index, *extra_indices = indices
    if set(map(len, rows)) != {width}:
        return None
    return _Columns(
        map(operator.itemgetter(voter_index), rows),
        list(map(operator.itemgetter(vote_index), rows)),
        list(map(operator.itemgetter(points_index), rows)) if points_index >= 0 else None,
        list(map(operator.itemgetter(*extra_indices), rows)) if extra_indices else None,
        _one_or_more,
    )


def _columns_of_lines(texts: list[str], width: int, indices: tuple[int, ...]) -> _Columns | None:
    """The same for unsplit lines, when voter_id, vote (and points) are the first columns:
    each line is split once after them and the rest of the line, the extra cells, is the
    key of its extras."""
    voter_index, vote_index, points_index, *_extra_indices = indices
    first = [index for index in (voter_index, vote_index, points_index) if index >= 0]
    count = len(first)
    if sorted(first) != list(range(count)):
        return None
    if width == count:
        parts = list(map(str.split, texts, repeat(";")))
    else:
        parts = list(map(str.split, texts, repeat(";"), repeat(count)))
    if set(map(len, parts)) != {min(width, count + 1)}:
        return None
    extra_keys: list[str] | None = None
    if width > count:
        extra_keys = list(map(operator.itemgetter(count), parts))
        for rest in dict.fromkeys(extra_keys):
            if rest.count(";") != width - count - 1:
                return None
    return _Columns(
        map(operator.itemgetter(voter_index), parts),
        list(map(operator.itemgetter(vote_index), parts)),
        list(map(operator.itemgetter(points_index), parts)) if points_index >= 0 else None,
        extra_keys,
        operator.methodcaller("split", ";"),
    )


def _parse_columns(
    columns: _Columns,
    lines: Sequence[int],
    known: frozenset[str],
    parse_vote: Callable[[str, str | None, int], _Parsed],
    parse_extra: Callable[[Sequence[str]], dict[str, str]],
    findings: _Findings,
    repeated_kind: str,
) -> list[Ballot] | None:
    """The ballots of the VOTES rows, built column by column; each distinct vote (and
    points) and each distinct set of extra cells is parsed once, in the order of first
    appearance, so the first bad row raises as in the row-by-row loop. Only when every
    voter_id is present (so no blank rows and no ballots without an id). None, having
    done nothing, otherwise."""
    voter_ids = list(map(str.strip, columns.voter_cells))
    if not voter_ids or "" in voter_ids:
        return None
    votes = columns.votes
    keys: list[str] | list[tuple[str, str]] = votes
    projects_of: dict[Any, tuple[str, ...]] = {}
    points_of: dict[Any, tuple[Fraction, ...] | None] | None = None
    repeated_keys: set[Any] = set()
    if columns.points is not None:
        keys = list(zip(votes, columns.points, strict=True))
    else:
        # Approval-like: clean ids, the common case, in a few passes over all the votes.
        slots: dict[str, Any] = dict.fromkeys(votes)
        texts = list(slots)
        parts = list(map(str.split, texts, repeat(",")))
        if known.issuperset(chain.from_iterable(parts)):
            unique = list(map(dict.fromkeys, parts))
            slots.update(zip(texts, map(tuple, unique), strict=True))
            projects_of = slots
            if any(map(operator.ne, map(len, unique), map(len, parts))):
                repeated_keys = {
                    text
                    for text, once, listed in zip(texts, unique, parts, strict=True)
                    if len(once) != len(listed)
                }
    if not projects_of:
        points_of = {}
        for key in dict.fromkeys(keys):
            vote_text, points_text = key if isinstance(key, tuple) else (key, None)
            try:
                listed, values, repeated = parse_vote(vote_text, points_text, 0)
            except PabulibError:
                # The same problem again, now with the line of the first row holding it.
                parse_vote(vote_text, points_text, lines[keys.index(key)])  # type: ignore[arg-type]
                raise
            projects_of[key] = listed
            points_of[key] = values
            if repeated:
                repeated_keys.add(key)

    repeated_voters: list[int] = []
    if len(set(voter_ids)) != len(voter_ids):
        seen: set[str] = set()
        for voter_id, line in zip(voter_ids, lines, strict=True):
            if voter_id in seen:
                repeated_voters.append(line)
            seen.add(voter_id)
    repeated_votes: list[int] = []
    if repeated_keys:
        repeated_votes = [
            line for line, key in zip(lines, keys, strict=True) if key in repeated_keys
        ]
    # In the order the row loop adds them (for one row, the voter_id finding comes first).
    kinds = [(_REPEATED_VOTER, repeated_voters), (repeated_kind, repeated_votes)]
    if repeated_voters and repeated_votes and repeated_votes[0] < repeated_voters[0]:
        kinds.reverse()
    for kind, kind_lines in kinds:
        for line in kind_lines:
            findings.add(kind, line)

    extras: Iterable[dict[str, str]]
    if columns.extra_keys is not None:
        extra_keys: list[Any] = columns.extra_keys
        extra_cells = columns.extra_cells
        templates = {key: parse_extra(extra_cells(key)) for key in dict.fromkeys(extra_keys)}
        extras = map(dict.copy, map(templates.__getitem__, extra_keys))  # one dict per ballot
    else:
        extras = (dict() for _vote in votes)
    return _make_ballots(
        voter_ids,
        map(projects_of.__getitem__, keys),
        [None] * len(keys) if points_of is None else map(points_of.__getitem__, keys),
        extras,
    )


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

    number_cache: dict[str, Fraction] = {}
    extra_names = tuple(name for name, _index in extra_columns)
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

    def parse_vote(vote_text: str, points_text: str | None, line: int) -> _Parsed:
        if points_text is None:
            parts = vote_text.split(",")
            unique_parts = dict.fromkeys(parts)
            if unique_parts.keys() <= known:  # the common case: clean ids
                return tuple(unique_parts), None, len(unique_parts) != len(parts)
            listed = listed_ids(vote_text, line)
            unique = tuple(dict.fromkeys(listed))
            return unique, None, len(unique) != len(listed)
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
        return tuple(merged), tuple(merged.values()), len(merged) != len(listed)

    def parse_extra(cells: Sequence[str]) -> dict[str, str]:
        extra: dict[str, str] = {}
        for name, text in zip(extra_names, cells, strict=True):
            cell = text.strip()
            if cell not in MISSING:
                extra[name] = cell
        return extra

    indices = (voter_index, vote_index, points_index, *(index for _n, index in extra_columns))
    columns = None
    if "VOTES" in found.plain:
        columns = _columns_of_lines(found.plain["VOTES"][1:], width, indices)
    if columns is None:
        rows = found.section_rows("VOTES")
        if len(rows) > 1:
            columns = _columns_of_rows(rows[1:], width, indices)
    if columns is not None:
        built = _parse_columns(
            columns, lines[1:], known, parse_vote, parse_extra, findings, repeated_kind
        )
        if built is not None:
            return built, header

    # Row by row (blank rows, rows of another width, ballots without a voter_id).
    rows = found.section_rows("VOTES")
    ballots: list[Ballot] = []
    seen_voters: set[str] = set()
    # Identical vote (and points) cells, and identical extra cells, are parsed once.
    vote_cache: dict[object, _Parsed] = {}
    extra_cache: dict[object, dict[str, str]] = {}
    extra_cells = (
        operator.itemgetter(*(index for _name, index in extra_columns)) if extra_columns else None
    )
    no_voter_kind = "a ballot has no voter_id (kept)"
    repeated_voter_kind = _REPEATED_VOTER
    add_finding = findings.add
    add_voter = seen_voters.add
    append = ballots.append
    vote_cache_get = vote_cache.get
    extra_cache_get = extra_cache.get
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if len(row) != width:
            row = _fit(row, width, line, "a VOTES", source)
        voter_id = row[voter_index].strip()
        if not voter_id:
            if _is_blank(row):
                continue
            add_finding(no_voter_kind, line)
        elif voter_id in seen_voters:
            add_finding(repeated_voter_kind, line)
        add_voter(voter_id)
        key: object
        if has_points:
            key = (row[vote_index], row[points_index])
            cached = vote_cache_get(key)
            if cached is None:
                cached = vote_cache[key] = parse_vote(row[vote_index], row[points_index], line)
        else:
            key = row[vote_index]
            cached = vote_cache_get(key)
            if cached is None:
                cached = vote_cache[key] = parse_vote(row[vote_index], None, line)
        ballot_projects, points, repeated = cached
        if repeated:
            add_finding(repeated_kind, line)
        if extra_cells is None:
            extra = {}
        else:
            cells = extra_cells(row)
            template = extra_cache_get(cells)
            if template is None:
                template = extra_cache[cells] = parse_extra(_one_or_more(cells))
            extra = template.copy()  # each ballot owns its mapping
        append(Ballot(voter_id, ballot_projects, points, extra))
    return ballots, header


def parse_election(text: str, source: str = "") -> Election:
    """Parse the text of a Pabulib file; `source` (the file name) prefixes error messages."""
    # The parse allocates hundreds of thousands of objects and frees little: the cyclic
    # garbage collector's passes over them would cost as much as the parse itself, and
    # the parse creates no cycles to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_election(text, source)
    finally:
        if collecting:
            gc.enable()


def _parse_election(text: str, source: str) -> Election:
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
        location, name = _path(target)
        data = text.encode("utf-8")
        if name.endswith(".gz"):
            import gzip  # only here: the reader decompresses with zlib

            data = gzip.compress(data, compresslevel=6, mtime=0)
        with open(location, "wb") as handle:
            handle.write(data)
    else:
        target.write(text)
