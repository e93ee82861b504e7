"""Receipt codes: 12 random characters of Crockford's base-32 alphabet and one check
character, shown as XXXX-XXXX-XXXX-X. The check character catches all but one in 32
mistyped or altered codes before they are looked up. Only
SHA-256("<edition slug>:<code>") is stored with the ballot and published; the code itself
is known to the voter alone."""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_LENGTH = 12
# Letters people confuse are read as the digits they look like.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_character(body: str) -> str:
    return ALPHABET[hashlib.sha256(body.encode()).digest()[0] % len(ALPHABET)]


def new_receipt_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_RANDOM_LENGTH))
    return format_code(body + _check_character(body))


def format_code(compact: str) -> str:
    return "-".join([compact[0:4], compact[4:8], compact[8:12], compact[12:]])


def normalise_code(text: str) -> str | None:
    """The code in its printed form, or None when it cannot be one of ours (wrong length,
    a foreign character, or a check character that does not match)."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(compact) != _RANDOM_LENGTH + 1 or any(char not in ALPHABET for char in compact):
        return None
    if _check_character(compact[:-1]) != compact[-1]:
        return None
    return format_code(compact)


def receipt_hash(edition_slug: str, code: str) -> str:
    return hashlib.sha256(f"{edition_slug}:{code}".encode()).hexdigest()
