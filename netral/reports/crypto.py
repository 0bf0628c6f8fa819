"""Receipt codes, their keyed hash, and sealing of reporter identity at rest.

Receipts are 20 Crockford base32 characters (100 bits), read aloud in five groups of four. Only an
HMAC-SHA256 of the normalised code under NETRAL_RECEIPT_KEY is stored, so the database alone cannot
open a report. Identity is sealed with a PyNaCl SecretBox whose key is derived from
NETRAL_IDENTITY_KEY; the first byte of each sealed value names the key version.
"""

import hashlib
import hmac
import json
import secrets
from typing import Any

import nacl.encoding
import nacl.hash
import nacl.secret
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RECEIPT_LENGTH = 20
REFERENCE_LENGTH = 12
IDENTITY_KEY_VERSION = 1
# Crockford decoding forgives the letters people confuse with digits.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\t\n")


def _random_code(length: int) -> str:
    # The alphabet has 32 characters, so each is 5 uniform random bits: one draw from the
    # system's source for the whole code instead of one per character.
    bits = secrets.randbits(5 * length)
    return "".join(ALPHABET[(bits >> (5 * place)) & 0b11111] for place in range(length))


def new_receipt() -> str:
    """A fresh receipt code, grouped for reading aloud: XXXX-XXXX-XXXX-XXXX-XXXX."""
    return group(_random_code(RECEIPT_LENGTH))


def new_reference() -> str:
    """A staff reference for a report (60 bits); not a secret, never grants access."""
    return _random_code(REFERENCE_LENGTH)


def group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def normalise_receipt(text: str) -> str | None:
    """The 20 canonical characters of a typed receipt, or None if it cannot be one."""
    code = str(text or "").upper().translate(_SEPARATORS).translate(_CONFUSABLE)
    if len(code) != RECEIPT_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def receipt_hash(code: str) -> str:
    """HMAC-SHA256 of the normalised code; the only form in which receipts are stored."""
    normalised = normalise_receipt(code)
    if normalised is None:
        raise ValueError("not a receipt code")
    key = settings.NETRAL_RECEIPT_KEY.encode("utf-8")
    return hmac.new(key, normalised.encode("ascii"), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Drafts are looked up by the hash of their form token, so the table alone opens nothing."""
    key = settings.NETRAL_RECEIPT_KEY.encode("utf-8")
    return hmac.new(key, b"draft:" + token.encode("utf-8"), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _identity_box() -> nacl.secret.SecretBox:
    # A KDF, not the raw setting: the setting is text of any length, the box needs 32 bytes.
    material = hashlib.sha256(settings.NETRAL_IDENTITY_KEY.encode("utf-8")).digest()
    key = nacl.hash.blake2b(
        b"netral.reports.identity",
        key=material,
        digest_size=nacl.secret.SecretBox.KEY_SIZE,
        person=b"netral-id-v1",
        encoder=nacl.encoding.RawEncoder,
    )
    return nacl.secret.SecretBox(key)


def seal(data: dict[str, Any]) -> bytes:
    """Encrypts a small JSON-able mapping; the nonce is random and travels with the ciphertext."""
    plaintext = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return bytes([IDENTITY_KEY_VERSION]) + bytes(_identity_box().encrypt(plaintext))


def unseal(blob: bytes | memoryview) -> dict[str, Any]:
    """Decrypts what `seal` produced; raises nacl.exceptions.CryptoError if it was tampered with."""
    raw = bytes(blob)
    if not raw or raw[0] != IDENTITY_KEY_VERSION:
        raise ValueError("unknown identity key version")
    data: dict[str, Any] = json.loads(_identity_box().decrypt(raw[1:]).decode("utf-8"))
    return data
