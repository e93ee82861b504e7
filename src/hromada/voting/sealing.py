"""The sealed voter-record → ballot link.

The ballot id is encrypted with RSA-OAEP (SHA-256) to the commission's public key. The
server keeps only the public key, so it can seal but never open a link; the commission
keeps the private key offline, whole or split into parts held by different members (every
part is needed: the key is the XOR of the parts). Opening happens only during an
annulment, with the key typed or uploaded at that moment and never stored."""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils.translation import gettext as _

KEY_BITS = 3072
PART_PREFIX = "HROMADA-KEY-PART"
_OAEP = padding.OAEP(
    mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
)


class SealingError(ValueError):
    """A key or a part that cannot be used (the message is for people)."""


@dataclass(frozen=True)
class KeyPair:
    public_key_pem: str
    private_key_pem: str
    fingerprint: str


def fingerprint_of(public_key_pem: str) -> str:
    """SHA-256 of the public key's DER form: what members compare on paper."""
    key = load_public_key(public_key_pem)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def generate_key_pair() -> KeyPair:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return KeyPair(public_pem, private_pem, fingerprint_of(public_pem))


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(pem.strip().encode())
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise SealingError(_("Not a PEM public key.")) from error
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
        raise SealingError(_("The public key must be RSA of at least 2048 bits."))
    return key


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.strip().encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise SealingError(_("Not a PEM private key.")) from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SealingError(_("The private key must be RSA."))
    return key


def private_key_matches(private_key_pem: str, public_key_pem: str) -> bool:
    private = load_private_key(private_key_pem)
    public = load_public_key(public_key_pem)
    return bool(private.public_key().public_numbers() == public.public_numbers())


@functools.lru_cache(maxsize=8)
def _cached_public_key(pem: str) -> rsa.RSAPublicKey:
    return load_public_key(pem)


def seal(public_key_pem: str, ballot_id: uuid.UUID) -> str:
    sealed = _cached_public_key(public_key_pem).encrypt(ballot_id.bytes, _OAEP)
    return base64.b64encode(sealed).decode()


def unseal(private_key: rsa.RSAPrivateKey, sealed: str) -> uuid.UUID:
    try:
        return uuid.UUID(bytes=private_key.decrypt(base64.b64decode(sealed), _OAEP))
    except ValueError as error:
        raise SealingError(_("This link was not sealed with this key.")) from error


# ---------------------------------------------------------------- parts of the key


def split_private_key(private_key_pem: str, parts: int) -> list[str]:
    """Split into `parts` texts; all of them together give the key back, any fewer give
    nothing (each part alone is uniformly random)."""
    if parts < 1:
        raise ValueError("at least one part")
    secret = private_key_pem.encode()
    if parts == 1:
        return [private_key_pem]
    randoms = [secrets.token_bytes(len(secret)) for _ in range(parts - 1)]
    last = secret
    for random_part in randoms:
        last = bytes(a ^ b for a, b in zip(last, random_part, strict=True))
    shares = [*randoms, last]
    digest = hashlib.sha256(secret).hexdigest()[:12]
    return [
        f"{PART_PREFIX} {index}/{parts} {digest}\n{base64.b64encode(share).decode()}\n"
        for index, share in enumerate(shares, start=1)
    ]


def join_private_key(texts: list[str]) -> str:
    """The private key from its parts (or a whole PEM key given as the only text)."""
    texts = [text.strip() for text in texts if text and text.strip()]
    if not texts:
        raise SealingError(_("No key given."))
    if len(texts) == 1 and "PRIVATE KEY" in texts[0]:
        return texts[0]
    shares: dict[int, bytes] = {}
    expected = digest = None
    for text in texts:
        header, _newline, body = text.partition("\n")
        words = header.split()
        if len(words) != 3 or words[0] != PART_PREFIX or "/" not in words[1]:
            raise SealingError(_("A part does not start with its HROMADA-KEY-PART header."))
        index_text, _slash, total_text = words[1].partition("/")
        try:
            index, total = int(index_text), int(total_text)
            share = base64.b64decode("".join(body.split()), validate=True)
        except ValueError as error:
            raise SealingError(_("A part is damaged.")) from error
        if expected is None:
            expected, digest = total, words[2]
        if total != expected or words[2] != digest:
            raise SealingError(_("The parts belong to different keys."))
        shares[index] = share
    if len(shares) != expected:
        raise SealingError(
            _("%(given)s of %(total)s parts given: every part is needed.")
            % {"given": len(shares), "total": expected}
        )
    lengths = {len(share) for share in shares.values()}
    if len(lengths) != 1:
        raise SealingError(_("A part is damaged."))
    secret = bytes(len(next(iter(shares.values()))))
    for share in shares.values():
        secret = bytes(a ^ b for a, b in zip(secret, share, strict=True))
    if hashlib.sha256(secret).hexdigest()[:12] != digest:
        raise SealingError(_("The parts do not give the key back (a part is wrong)."))
    return secret.decode().strip()
