"""The election as the rules see it: projects with exact costs, ballots, the budget."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from itertools import chain
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple

_NO_EXTRA: Mapping[str, str] = MappingProxyType({})
_PROJECTS = attrgetter("projects")


class VoteType(StrEnum):
    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"

    @property
    def has_points(self) -> bool:
        return self in {VoteType.CUMULATIVE, VoteType.SCORING}

    @property
    def is_approval_like(self) -> bool:
        return self in {VoteType.APPROVAL, VoteType.CHOOSE_1}


@dataclass(frozen=True)
class Project:
    project_id: str
    cost: Fraction
    # The cost exactly as written in the file ("75000.0"), for writing it back.
    cost_text: str = ""
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    # Every other column of the PROJECTS section, by header name, as text.
    extra: Mapping[str, str] = field(default_factory=dict)


class Ballot(NamedTuple):
    """One voter's ballot after normalisation: approval ballots are sets (first
    occurrence order kept), ordinal ballots are rankings (best first), cumulative and
    scoring ballots carry `points` parallel to `projects`. Immutable (a named tuple:
    an election holds one per voter, and a tuple is the cheapest to build and keep)."""

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    extra: Mapping[str, str] = _NO_EXTRA

    def __reduce__(self) -> tuple[type[Ballot], tuple[object, ...]]:
        # Pickled and copied with a plain dict for `extra` (the shared empty default
        # is a read-only mapping proxy, which cannot be pickled).
        return (Ballot, (self.voter_id, self.projects, self.points, dict(self.extra)))

    def points_for(self, project_id: str) -> Fraction:
        if self.points is None:
            return Fraction(1) if project_id in self.projects else Fraction(0)
        for listed, points in zip(self.projects, self.points, strict=True):
            if listed == project_id:
                return points
        return Fraction(0)


@dataclass
class Election:
    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]
    vote_type: VoteType
    budget: Fraction
    # Non-fatal findings of the reader (duplicate voter ids, repeated projects, …).
    warnings: list[str] = field(default_factory=list)
    # Column order of each section as read, for writing back faithfully.
    project_columns: tuple[str, ...] = ()
    vote_columns: tuple[str, ...] = ()

    def votes(self) -> dict[str, int]:
        """Number of ballots listing each project (for every vote type)."""
        counts = dict.fromkeys(self.projects, 0)
        # Counted in C: every project id of every ballot.
        counts.update(Counter(chain.from_iterable(map(_PROJECTS, self.ballots))))
        return counts

    def points(self) -> dict[str, Fraction]:
        """Total points of each project (approval: the same as votes)."""
        totals = dict.fromkeys(self.projects, Fraction(0))
        for ballot in self.ballots:
            if ballot.points is None:
                for project_id in ballot.projects:
                    totals[project_id] += 1
            else:
                for project_id, points in zip(ballot.projects, ballot.points, strict=True):
                    totals[project_id] += points
        return totals
