"""Reading Pabulib files (.pb, .pb.gz). See docs/tally.md for the normalisations.

Every problem that makes a file unusable raises `PabulibError` with a one-line message
naming the line; findings that the reference implementation tolerates (duplicate voter
ids, a project repeated in a cumulative ballot) become warnings on the election.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from hromada.tally.model import Ballot, Election, Project, VoteType

SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ValueError):
    """A malformed file: the message names the line and the problem."""

    def __init__(self, line: int | None, problem: str, source: str = "") -> None:
        self.line = line
        self.problem = problem
        where = f"{source}:" if source else ""
        where += f"{line}: " if line else (" " if source else "")
        super().__init__(f"{where}{problem}".strip())


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PabulibError(None, f"cannot read the file ({error.strerror})", path.name) from error
    if path.name.endswith(".gz") or raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise PabulibError(None, f"not a valid gzip file ({error})", path.name) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PabulibError(line, "the file is not valid UTF-8 text", path.name) from error


def read_election(path: str | Path) -> Election:
    return parse_election(read_text(path), source=Path(path).name)


def _is_missing(cell: str) -> bool:
    return cell.strip() in {"", "None"}


def parse_number(text: str, line: int, what: str, source: str) -> Fraction:
    cleaned = text.strip().replace(",", ".")
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(line, f"{what} {text!r} is not a number", source) from None
    return value


def _rows(lines: list[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(
        (text for _number, text in lines), delimiter=";", quotechar='"', strict=True
    )
    index = 0
    try:
        for row in reader:
            yield lines[index][0], row
            index = reader.line_num
    except csv.Error as error:
        number = lines[min(index, len(lines) - 1)][0] if lines else None
        raise PabulibError(number, f"malformed CSV ({error})") from error


def _split_sections(text: str, source: str) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        keyword = line.strip().upper()
        if keyword in SECTIONS and ";" not in line:
            if keyword in sections:
                raise PabulibError(
                    number,
                    f"a second {keyword} section: the file holds several elections (split it)",
                    source,
                )
            expected = SECTIONS[len(sections)] if len(sections) < 3 else None
            if keyword != expected:
                raise PabulibError(
                    number, f"section {keyword} out of order (expected {expected})", source
                )
            sections[keyword] = []
            current = keyword
            continue
        if current is None:
            if line.strip():
                raise PabulibError(number, "text before the META section", source)
            continue
        if line.strip():
            sections[current].append((number, line))
    for keyword in SECTIONS:
        if keyword not in sections:
            raise PabulibError(None, f"the {keyword} section is missing", source)
    return sections


def _header(
    rows: list[tuple[int, list[str]]], section: str, required: tuple[str, ...], source: str
) -> tuple[int, list[str]]:
    if not rows:
        raise PabulibError(None, f"the {section} section is empty", source)
    number, header = rows[0]
    header = [name.strip() for name in header]
    for name in required:
        if name not in header:
            raise PabulibError(number, f"the {section} header has no column {name!r}", source)
    return number, header


def parse_election(text: str, source: str = "") -> Election:
    sections = _split_sections(text, source)
    try:
        meta_rows = list(_rows(sections["META"]))
        project_rows = list(_rows(sections["PROJECTS"]))
        vote_rows = list(_rows(sections["VOTES"]))
    except PabulibError as error:
        raise PabulibError(error.line, error.problem, source) from None

    meta: dict[str, str] = {}
    for index, (number, row) in enumerate(meta_rows):
        meta_cells = [cell.strip() for cell in row]
        if index == 0 and [cell.lower() for cell in meta_cells[:2]] == ["key", "value"]:
            continue  # the optional header row (older exports omit it)
        if len(meta_cells) < 2 or not meta_cells[0]:
            raise PabulibError(number, "a META row needs a key and a value", source)
        meta[meta_cells[0]] = meta_cells[1]
    for key in ("budget", "vote_type"):
        if key not in meta or _is_missing(meta[key]):
            raise PabulibError(
                sections["META"][0][0] if sections["META"] else None, f"META has no {key}", source
            )
    budget_line = next((n for n, row in meta_rows if row and row[0].strip() == "budget"), None)
    budget = parse_number(meta["budget"], budget_line or 0, "budget", source)
    try:
        vote_type = VoteType(meta["vote_type"].strip().lower())
    except ValueError:
        raise PabulibError(None, f"unknown vote_type {meta['vote_type']!r}", source) from None

    header_line, project_header = _header(project_rows, "PROJECTS", ("project_id", "cost"), source)
    projects: dict[str, Project] = {}
    for number, row in project_rows[1:]:
        if len(row) > len(project_header) and any(
            cell.strip() for cell in row[len(project_header) :]
        ):
            raise PabulibError(
                number, f"{len(row)} fields but the header has {len(project_header)}", source
            )
        cells = dict(zip(project_header, row, strict=False))
        project_id = cells.get("project_id", "").strip()
        if _is_missing(project_id):
            raise PabulibError(number, "a project without project_id", source)
        if project_id in projects:
            raise PabulibError(number, f"project {project_id!r} is listed twice", source)
        cost_text = cells.get("cost", "").strip()
        if _is_missing(cost_text):
            raise PabulibError(number, f"project {project_id!r} has no cost", source)
        cost = parse_number(cost_text, number, f"the cost of project {project_id!r}", source)
        if cost < 0:
            raise PabulibError(number, f"project {project_id!r} has a negative cost", source)
        categories = cells.get("category") or cells.get("categories") or ""
        targets = cells.get("target") or cells.get("targets") or ""
        extra = {
            name: value
            for name, value in cells.items()
            if name not in {"project_id", "cost"} and not _is_missing(value)
        }
        projects[project_id] = Project(
            project_id=project_id,
            cost=cost,
            cost_text=cost_text,
            name=cells.get("name", "").strip() if not _is_missing(cells.get("name", "")) else "",
            categories=tuple(
                part.strip()
                for part in categories.split(",")
                if part.strip() and part.strip() != "None"
            ),
            targets=tuple(
                part.strip()
                for part in targets.split(",")
                if part.strip() and part.strip() != "None"
            ),
            extra=extra,
        )

    _line, vote_header = _header(vote_rows, "VOTES", ("voter_id", "vote"), source)
    if vote_type.has_points and "points" not in vote_header:
        raise PabulibError(
            vote_rows[0][0], f"{vote_type.value} ballots need a points column", source
        )
    warnings: list[str] = []
    seen_voters: set[str] = set()
    ballots: list[Ballot] = []
    for number, row in vote_rows[1:]:
        if len(row) > len(vote_header) and any(cell.strip() for cell in row[len(vote_header) :]):
            raise PabulibError(
                number, f"{len(row)} fields but the header has {len(vote_header)}", source
            )
        cells = dict(zip(vote_header, row, strict=False))
        voter_id = cells.get("voter_id", "").strip()
        if voter_id in seen_voters:
            warnings.append(f"line {number}: voter {voter_id!r} appears more than once (kept)")
        seen_voters.add(voter_id)
        listed_text = cells.get("vote", "")
        listed = (
            []
            if _is_missing(listed_text)
            else [part.strip() for part in listed_text.split(",") if part.strip()]
        )
        for project_id in listed:
            if project_id not in projects:
                raise PabulibError(number, f"vote for unknown project {project_id!r}", source)
        points: tuple[Fraction, ...] | None = None
        if vote_type.has_points:
            points_text = cells.get("points", "")
            values = (
                []
                if _is_missing(points_text)
                else [part.strip() for part in points_text.split(",") if part.strip()]
            )
            if len(values) != len(listed):
                raise PabulibError(
                    number, f"{len(listed)} projects but {len(values)} points", source
                )
            merged: dict[str, Fraction] = {}
            for project_id, value in zip(listed, values, strict=True):
                if project_id in merged:
                    warnings.append(
                        f"line {number}: project {project_id!r} repeated in one ballot "
                        "(the last occurrence counts)"
                    )
                    del merged[project_id]
                merged[project_id] = parse_number(value, number, "points", source)
            listed_unique = list(merged)
            points = tuple(merged[project_id] for project_id in listed_unique)
        else:
            listed_unique = list(dict.fromkeys(listed))
            if len(listed_unique) != len(listed) and vote_type == VoteType.ORDINAL:
                warnings.append(
                    f"line {number}: project repeated in one ranking (the first place counts)"
                )
        extra = {
            name: value
            for name, value in cells.items()
            if name not in {"voter_id", "vote", "points"} and not _is_missing(value)
        }
        ballots.append(
            Ballot(voter_id=voter_id, projects=tuple(listed_unique), points=points, extra=extra)
        )
    del header_line
    return Election(
        meta=meta,
        projects=projects,
        ballots=ballots,
        vote_type=vote_type,
        budget=budget,
        warnings=warnings,
        project_columns=tuple(project_header),
        vote_columns=tuple(vote_header),
    )
