"""The keyed, anchored timeline shared by every chained event table.

- Each event's hash is an HMAC-SHA256 under `NETRAL_TIMELINE_KEY`, a key that is never stored
  in the database: someone who can write the database but does not hold the key cannot forge a
  hash, so `netral verify-timeline` finds the rewrite.
- Each app registers its chains here (`register`), so that core reads them without importing
  the apps above it.
- A signed digest of every chain head (`build_digest`) is published periodically and kept
  outside the database by an auditor; `verify_against` then also catches a rewrite by someone
  who holds the key, because the head at the digest's moment no longer matches.
"""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from netral.core.models import AppendOnly, TimelineDigest

DIGEST_FORMAT = "netral-timeline-digest/1"
MIN_KEY_LENGTH = 32


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8, so every database hashes alike."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload exactly as the database will give it back, so its hash stays reproducible."""
    result: dict[str, Any] = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return result


def _key() -> bytes:
    return str(settings.NETRAL_TIMELINE_KEY).encode()


def keyed_hash(record: Any) -> str:
    """HMAC-SHA256 of the record's canonical form under the timeline key."""
    return hmac.new(_key(), canonical_json(record), hashlib.sha256).hexdigest()


def _signing_key() -> SigningKey:
    # Derived from the timeline key, so one secret covers both and the public key follows it.
    return SigningKey(hmac.new(_key(), b"netral-timeline-digest-signing", hashlib.sha256).digest())


def public_key() -> str:
    return bytes(_signing_key().verify_key).hex()


@dataclass(frozen=True)
class Break:
    """The first place where one chain (a case's, a report's, …) no longer holds."""

    chain: str
    scope: str
    seq: int
    reason: str


REASONS = {
    "missing": "an event is missing",
    "link": "the link to the previous event is broken (events removed or reordered)",
    "content": "the event's content was changed after it was written",
    "truncated": "events are missing at the end of the timeline",
    "rewritten": "the event differs from the one the digest anchored (history rewritten)",
    "gone": "the digest anchors events this timeline no longer has",
}


@dataclass(frozen=True)
class Chain:
    """One family of chains (every case, every report, …), as its app exposes it.

    `heads` yields (scope, count, head hash) as stored now; `hashes` yields (scope, seq, hash)
    for every event; `verify` yields the first break of every broken scope; `verify_one`, where
    the app offers it, checks one scope by its name (LookupError when there is none).
    """

    name: str
    heads: Callable[[], Iterable[tuple[str, int, str]]]
    hashes: Callable[[], Iterable[tuple[str, int, str]]]
    verify: Callable[[], Iterable[Break]]
    verify_one: Callable[[str], Break | None] | None = None


CHAINS: dict[str, Chain] = {}


def register(chain: Chain) -> None:
    """Called from an app's `ready()`; registering twice replaces (tests reload apps)."""
    CHAINS[chain.name] = chain


class ChainedEvent(AppendOnly):
    """An append-only event that carries its place in its scope's chain.

    Subclasses name the scope (`chain_scope`, a foreign key: the report, the finding) and what
    is hashed (`chain_record`); `append` locks the scope row so two writers never share a seq.
    """

    chain_scope: str = ""

    seq = models.PositiveIntegerField()
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def chain_record(self) -> dict[str, Any]:
        raise NotImplementedError

    def append(self, *, first: bool = False) -> None:
        """Saves the event as the next link of its scope's chain.

        `first` is for a scope created in the caller's transaction: no other writer can see it
        yet, so neither the lock nor the look-up of the last link is needed (two round trips
        less on every report submission)."""
        self.link(first=first)
        self.save()

    def link(self, *, first: bool = False) -> None:
        """Sets the event's place in the chain and its hash, without saving it (`append`; a
        first event written with its scope in one statement: `core.inserts`)."""
        self.seq, self.prev_hash = (1, "") if first else self._next_link()
        self.hash = keyed_hash(self.chain_record())

    def _next_link(self) -> tuple[int, str]:
        scope = getattr(self, self.chain_scope)
        type(scope)._default_manager.select_for_update().filter(pk=scope.pk).first()
        last = (
            type(self)
            .objects.filter(**{self.chain_scope: scope})
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        return (last[0] + 1, last[1]) if last else (1, "")


@dataclass
class _Walk:
    """Follows one scope's chain event by event; remembers the first break."""

    chain: str
    scope: str
    expected_seq: int = 1
    prev: str = ""
    broken: Break | None = field(default=None)

    def feed(self, seq: int, prev_hash: str, digest: str, expected: Callable[[], str]) -> None:
        if self.broken is not None:
            return
        if seq != self.expected_seq:
            self.broken = Break(self.chain, self.scope, self.expected_seq, "missing")
        elif prev_hash != self.prev:
            self.broken = Break(self.chain, self.scope, seq, "link")
        elif digest != expected():
            self.broken = Break(self.chain, self.scope, seq, "content")
        else:
            self.prev, self.expected_seq = digest, seq + 1


def verify_chained(model: type[ChainedEvent], name: str, label: str) -> Iterator[Break]:
    """Every broken scope of a `ChainedEvent` table, in one pass ordered by scope and seq.

    `label` is the lookup naming a scope for people (`report__code`). Without a stored head a
    removed last event shows only against a digest (`verify_against`).
    """
    events = (
        model.objects.order_by(f"{model.chain_scope}_id", "seq")
        .select_related(model.chain_scope)
        .annotate(scope_label=models.F(label))
    )
    walk: _Walk | None = None
    for event in events.iterator(chunk_size=2000):
        scope = str(event.scope_label)
        if walk is None or walk.scope != scope:
            if walk is not None and walk.broken is not None:
                yield walk.broken
            walk = _Walk(name, scope)
        walk.feed(event.seq, event.prev_hash, event.hash, partial(_hash_of, event))
    if walk is not None and walk.broken is not None:
        yield walk.broken


def _hash_of(event: ChainedEvent) -> str:
    return keyed_hash(event.chain_record())


def chained_heads(model: type[ChainedEvent], label: str) -> Iterator[tuple[str, int, str]]:
    """(scope, count, head) of every scope, from its last event."""
    last: tuple[str, int, str] | None = None
    for row in chained_hashes(model, label):
        if last is not None and row[0] != last[0]:
            yield last
        last = row
    if last is not None:
        yield last


def chained_hashes(model: type[ChainedEvent], label: str) -> Iterator[tuple[str, int, str]]:
    rows = model.objects.order_by(f"{model.chain_scope}_id", "seq").values_list(
        label, "seq", "hash"
    )
    for scope, seq, digest in rows.iterator(chunk_size=5000):
        yield str(scope), seq, digest


def chained(model: type[ChainedEvent], name: str, label: str) -> Chain:
    """The `Chain` of a `ChainedEvent` table, for `register`."""
    return Chain(
        name=name,
        heads=lambda: chained_heads(model, label),
        hashes=lambda: chained_hashes(model, label),
        verify=lambda: verify_chained(model, name, label),
    )


def verify_all() -> Iterator[Break]:
    """Every broken scope of every registered chain."""
    for chain in CHAINS.values():
        yield from chain.verify()


# --- Digests ---------------------------------------------------------------------------------


def build_digest(published_at: str) -> dict[str, Any]:
    """The signed record of every chain head now: what an auditor keeps outside the database."""
    document = {
        "format": DIGEST_FORMAT,
        "published_at": published_at,
        "chains": {
            name: [list(head) for head in chain.heads()] for name, chain in sorted(CHAINS.items())
        },
    }
    root = hashlib.sha256(canonical_json(document)).hexdigest()
    signature = _signing_key().sign(root.encode()).signature.hex()
    return {"document": document, "root": root, "signature": signature, "public_key": public_key()}


class DigestRefused(ValueError):
    """The digest file itself is not one this installation signed, or was altered."""


def check_digest(digest: dict[str, Any]) -> None:
    """Refuses a digest whose root, signature or signer does not hold."""
    try:
        document, root = digest["document"], digest["root"]
        signature, signer = bytes.fromhex(digest["signature"]), digest["public_key"]
    except (KeyError, TypeError, ValueError) as error:
        raise DigestRefused(f"not a timeline digest ({error})") from None
    if document.get("format") != DIGEST_FORMAT:
        raise DigestRefused(f"unknown digest format {document.get('format')!r}")
    if hashlib.sha256(canonical_json(document)).hexdigest() != root:
        raise DigestRefused("the digest's root does not match its content (the file was altered)")
    if signer != public_key():
        raise DigestRefused("the digest was signed by another key than this installation's")
    try:
        VerifyKey(bytes.fromhex(signer)).verify(root.encode(), signature)
    except (BadSignatureError, ValueError):
        raise DigestRefused("the digest's signature does not verify") from None


def verify_against(digest: dict[str, Any]) -> list[Break]:
    """Breaks of the chains now, plus every head of the digest that no longer holds.

    A chain that verifies but whose event at the anchored seq has another hash was rewritten
    from that point on, by someone holding the key.
    """
    check_digest(digest)
    breaks = list(verify_all())
    for name, heads in digest["document"]["chains"].items():
        anchored = {scope: (count, head) for scope, count, head in heads}
        chain = CHAINS.get(name)
        found = chain.hashes() if chain else []
        for scope, seq, digest_hash in found:
            expected = anchored.get(scope)
            if expected is not None and expected[0] == seq:
                del anchored[scope]
                if digest_hash != expected[1]:
                    breaks.append(Break(name, scope, seq, "rewritten"))
        breaks.extend(Break(name, scope, count, "gone") for scope, (count, _h) in anchored.items())
    return breaks


@transaction.atomic
def publish_digest(*, now: dt.datetime) -> TimelineDigest:
    """Signs every chain head now and keeps the digest (the periodic publication)."""
    signed = build_digest(now.astimezone(dt.UTC).isoformat(timespec="seconds"))
    return TimelineDigest.objects.create(published_at=now, **signed)


def printable(digest: dict[str, Any]) -> list[str]:
    """The lines an auditor prints and keeps: enough to recognise the digest file later."""
    heads = digest["document"]["chains"]
    return [
        f"Netral timeline digest, published {digest['document']['published_at']}",
        *(
            f"  {name}: {len(rows)} timelines, {sum(row[1] for row in rows)} events"
            for name, rows in sorted(heads.items())
        ),
        f"Root (SHA-256):  {digest['root']}",
        f"Signature:       {digest['signature']}",
        f"Public key:      {digest['public_key']}",
    ]
