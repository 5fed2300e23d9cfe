"""The leaf record: one transfer event, canonical JSON, hashes and metadata only.

A leaf is what third parties will hash for years, so its bytes must be reproducible:
keys sorted, no whitespace, UTF-8, integers only (orjson with OPT_SORT_KEYS). Fields are
identifiers, ISO codes, counts, dates and SHA-256 fingerprints; there is no free-text
field, so raw personal data has nowhere to go, and ``from_json`` rejects unknown keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

SCHEMA_VERSION = 1
_ID = re.compile(r"^[a-z0-9._-]{1,200}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_REGIME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_MECHANISM = re.compile(r"^[a-z0-9._|:/-]{1,200}$")
_VERSION = re.compile(r"^[\x21-\x7e]{1,100}$")  # printable ASCII, no spaces
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_STATUSES = frozenset({"compliant", "action_required", "prohibited"})
_VERDICTS = frozenset({"not_applicable", "permitted", "conditional", "prohibited"})


class EventError(ValueError):
    """A transfer event that does not meet the leaf schema."""


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise EventError(message)


def fingerprint(obj: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``obj``: how datasets are identified in leaves."""
    return hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _utc(ts: dt.datetime) -> str:
    if ts.tzinfo is None:
        raise EventError("event time must be timezone-aware")
    return ts.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Party:
    entity: str
    country: str


@dataclass(frozen=True, slots=True)
class DatasetRef:
    id: str
    sha256: str


@dataclass(frozen=True, slots=True)
class TransferEvent:
    """What left, when, from whom to whom, where, on which ground, under which law version."""

    flow: str
    exporter: Party
    importer: Party
    origin_country: str  # where the data left from (sender's location, else its country)
    destination_country: str  # where it went (recipient's location, else its country)
    datasets: tuple[DatasetRef, ...]
    individuals: int
    time: dt.datetime
    status: str
    regimes: Mapping[str, str]  # regime id -> verdict
    instruments: tuple[str, ...]
    kb_version: str
    as_of: dt.date
    records: int | None = None
    extra: Mapping[str, str] = field(default_factory=dict)  # ids only, e.g. {"batch": "2026-11"}

    def __post_init__(self) -> None:
        _need(bool(_ID.match(self.flow)), f"flow id {self.flow!r} is not an id")
        for p in (self.exporter, self.importer):
            _need(bool(_ID.match(p.entity)), f"entity id {p.entity!r} is not an id")
            _need(bool(_COUNTRY.match(p.country)), f"country {p.country!r} is not ISO alpha-2")
        for c in (self.origin_country, self.destination_country):
            _need(bool(_COUNTRY.match(c)), f"country {c!r} is not ISO alpha-2")
        _need(bool(self.datasets), "an event names at least one dataset")
        for d in self.datasets:
            _need(bool(_ID.match(d.id)), f"dataset id {d.id!r} is not an id")
            _need(bool(_HEX64.match(d.sha256)), f"dataset fingerprint of {d.id!r} is not SHA-256 hex")
        _need(type(self.individuals) is int and self.individuals >= 0, "individuals is a count >= 0")
        _need(
            self.records is None or (type(self.records) is int and self.records >= 0),
            "records is a count >= 0",
        )
        _need(self.status in _STATUSES, f"status {self.status!r} is not a flow status")
        for r, v in self.regimes.items():
            _need(bool(_REGIME.match(r)), f"regime {r!r} is not a regime id")
            _need(v in _VERDICTS, f"verdict {v!r} of {r} is not a verdict")
        for m in self.instruments:
            _need(bool(_MECHANISM.match(m)), f"instrument {m!r} is not a mechanism id")
        _need(bool(_VERSION.match(self.kb_version)), f"kb version {self.kb_version!r} is not a version id")
        for k, v in self.extra.items():
            _need(bool(_ID.match(k)) and bool(_ID.match(v)), f"extra {k!r}: ids only")
        _utc(self.time)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "flow": self.flow,
            "exporter": {"entity": self.exporter.entity, "country": self.exporter.country},
            "importer": {"entity": self.importer.entity, "country": self.importer.country},
            "countries": {"from": self.origin_country, "to": self.destination_country},
            "datasets": [{"id": d.id, "sha256": d.sha256} for d in self.datasets],
            "individuals": self.individuals,
            "records": self.records,
            "time": _utc(self.time),
            "verdict": {"status": self.status, "regimes": dict(self.regimes)},
            "instruments": list(self.instruments),
            "kb_version": self.kb_version,
            "as_of": self.as_of.isoformat(),
        }
        if self.extra:
            d["extra"] = dict(self.extra)
        return d

    def canonical(self) -> bytes:
        """The exact leaf bytes (the RFC 9162 leaf input)."""
        return orjson.dumps(self.to_dict(), option=orjson.OPT_SORT_KEYS)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TransferEvent:
        allowed = {"v", "flow", "exporter", "importer", "countries", "datasets", "individuals",
                   "records", "time", "verdict", "instruments", "kb_version", "as_of", "extra"}
        unknown = set(d) - allowed
        _need(not unknown, f"unknown event field(s): {', '.join(sorted(unknown))}")
        _need(d.get("v", SCHEMA_VERSION) == SCHEMA_VERSION, f"unsupported event version {d.get('v')!r}")
        try:
            time_text = str(d["time"]).replace("Z", "+00:00")
            return cls(
                flow=d["flow"],
                exporter=Party(d["exporter"]["entity"], d["exporter"]["country"]),
                importer=Party(d["importer"]["entity"], d["importer"]["country"]),
                origin_country=d["countries"]["from"],
                destination_country=d["countries"]["to"],
                datasets=tuple(DatasetRef(x["id"], x["sha256"]) for x in d["datasets"]),
                individuals=d["individuals"],
                records=d.get("records"),
                time=dt.datetime.fromisoformat(time_text),
                status=d["verdict"]["status"],
                regimes=dict(d["verdict"].get("regimes", {})),
                instruments=tuple(d.get("instruments", ())),
                kb_version=d["kb_version"],
                as_of=dt.date.fromisoformat(d["as_of"]),
                extra=dict(d.get("extra", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, EventError):
                raise
            raise EventError(f"malformed event: {exc!r}") from None

    @classmethod
    def from_json(cls, data: bytes | str) -> TransferEvent:
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise EventError(f"event is not JSON: {exc}") from None
        _need(isinstance(obj, dict), "an event is a JSON object")
        return cls.from_dict(obj)
