"""Matching an identity provider's address text to a settlement of the community.

The rule (also in docs/operations/id-gov-ua.md), chosen so that a match is never a
guess; anything else leaves residency to a self-declaration or a proof document:

1. The address is split at commas; each part is compared case-insensitively, with the
   apostrophes ʼ ’ ‘ ` ' treated as one and spaces collapsed.
2. A part that starts with a settlement prefix (м., місто, смт, селище міського типу,
   с., село, с-ще, селище, сел.) names a settlement; the text after the prefix must
   equal the Ukrainian name of an active settlement. Only when no part has a prefix
   may a bare part that equals a settlement name count.
3. The address must name exactly one settlement, and that name must belong to exactly
   one active settlement (two settlements of the same name are ambiguous).
4. The address must also mention the community: the stem of the community's name
   (COMMUNITY_NAME_UK "Здолбунівська …" → "здолбунів") appears somewhere in it, as in
   "м. Здолбунів" or "Здолбунівський р-н". A namesake village elsewhere in Ukraine
   therefore does not match. When the community name yields no stem, rules 1–3 decide.

A street named after the community ("вул. Здолбунівська" in another town) is not a
settlement part and matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "′": "'"})
SETTLEMENT_PREFIX = re.compile(
    r"^(?:селище міського типу\s+|смт\.?\s*|місто\s+|м\.\s*|с-ще\.?\s*|селище\s+|сел\.\s*"
    r"|село\s+|с\.\s*)"
)
PART_SEPARATOR = re.compile(r"[,;]")
ADJECTIVE_ENDINGS = ("ська", "цька", "зька", "ський", "цький", "зький")


class Named(Protocol):
    name_uk: str


N = TypeVar("N", bound=Named)


def normalise_place_text(text: str) -> str:
    return " ".join(text.translate(APOSTROPHES).casefold().split()).strip(" .")


def community_stem(community_name: str) -> str:
    """ "Здолбунівська міська територіальна громада" → "здолбунів"."""
    words = normalise_place_text(community_name).split()
    if not words:
        return ""
    first = words[0]
    for ending in ADJECTIVE_ENDINGS:
        if first.endswith(ending) and len(first) > len(ending) + 2:
            return first[: -len(ending)]
    return first


def settlement_names_in(address_text: str) -> tuple[set[str], bool]:
    """The settlement names an address mentions (rule 2), normalised, and whether they
    come from parts with a settlement prefix."""
    parts = [normalise_place_text(part) for part in PART_SEPARATOR.split(address_text)]
    parts = [part for part in parts if part]
    prefixed = set()
    for part in parts:
        match = SETTLEMENT_PREFIX.match(part)
        if match and part[match.end() :].strip(" ."):
            prefixed.add(part[match.end() :].strip(" ."))
    return (prefixed, True) if prefixed else (set(parts), False)


def match_settlement(address_text: str, settlements: Iterable[N], community_name: str) -> N | None:
    """The one settlement of the community this address is in, or None (see the rule)."""
    if not address_text.strip():
        return None
    by_name: dict[str, list[N]] = {}
    for settlement in settlements:
        by_name.setdefault(normalise_place_text(settlement.name_uk), []).append(settlement)
    mentioned, from_prefixes = settlement_names_in(address_text)
    named_ours = [name for name in mentioned if name in by_name]
    if len(named_ours) != 1 or (from_prefixes and len(mentioned) != 1):
        return None
    candidates = by_name[named_ours[0]]
    if len(candidates) != 1:
        return None
    stem = community_stem(community_name)
    if stem and stem not in normalise_place_text(address_text):
        return None
    return candidates[0]
