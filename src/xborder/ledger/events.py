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


def _str(obj: Mapping[str, Any], key: str, where: str = "") -> str:
    value = obj.get(key)
    name = f"{where}.{key}" if where else key
    _need(isinstance(value, str), f"{name}: must be a string, not {type(value).__name__}")
    return str(value)


def _count(obj: Mapping[str, Any], key: str) -> int:
    value = obj.get(key)
    _need(type(value) is int and value >= 0, f"{key}: must be a whole number >= 0, not {value!r}")
    return int(value)


def _obj(d: Mapping[str, Any], key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    value = d.get(key)
    _need(isinstance(value, dict), f"{key}: must be an object with {', '.join(required)}")
    missing = [k for k in required if k not in value]
    _need(not missing, f"{key}: missing {', '.join(missing)}")
    unknown = set(value) - set(required) - set(optional)
    _need(not unknown, f"{key}: unknown field(s) {', '.join(sorted(unknown))}")
    return dict(value)


def _list(d: Mapping[str, Any], key: str, item: type, *, optional: bool = False) -> list[Any]:
    value = d.get(key, [] if optional else None)
    # a string is iterable: without this check "eu.scc" would be stored as ["e", "u", ...]
    _need(isinstance(value, list), f"{key}: must be a list, not {type(value).__name__}")
    for i, x in enumerate(value):
        _need(isinstance(x, item), f"{key}[{i}]: must be {'an object' if item is dict else 'a string'}")
    return list(value)


def _time(value: Any) -> dt.datetime:
    _need(isinstance(value, str), "time: must be an RFC 3339 UTC time such as 2026-11-02T09:05:00Z")
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise EventError(f"time: {value!r} is not an RFC 3339 time such as 2026-11-02T09:05:00Z") from None
    _need(parsed.tzinfo is not None, f"time: {value!r} has no time zone (add Z for UTC)")
    return parsed


def _day(value: Any) -> dt.date:
    _need(isinstance(value, str), "as_of: must be a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EventError(f"as_of: {value!r} is not a date YYYY-MM-DD") from None


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
        """Parse an event, naming the field of the first problem (``EventError``)."""
        allowed = {"v", "flow", "exporter", "importer", "countries", "datasets", "individuals",
                   "records", "time", "verdict", "instruments", "kb_version", "as_of", "extra"}
        unknown = set(d) - allowed
        _need(not unknown, f"unknown event field(s): {', '.join(sorted(unknown))}")
        _need(d.get("v", SCHEMA_VERSION) == SCHEMA_VERSION, f"unsupported event version {d.get('v')!r}")
        missing = [k for k in ("flow", "exporter", "importer", "countries", "datasets", "individuals", "time",
                               "verdict", "kb_version", "as_of") if k not in d]
        _need(not missing, f"missing event field(s): {', '.join(missing)}")
        exporter, importer = _obj(d, "exporter", ("entity", "country")), _obj(d, "importer", ("entity", "country"))
        countries = _obj(d, "countries", ("from", "to"))
        datasets = _list(d, "datasets", dict)
        refs = tuple(DatasetRef(_str(x, "id", f"datasets[{i}]"), _str(x, "sha256", f"datasets[{i}]"))
                     for i, x in enumerate(datasets))
        verdict = _obj(d, "verdict", ("status",), optional=("regimes",))
        regimes = verdict.get("regimes", {})
        _need(isinstance(regimes, dict) and all(isinstance(v, str) for v in regimes.values()),
              "verdict.regimes: must be an object of regime id -> verdict")
        extra = d.get("extra", {})
        _need(isinstance(extra, dict) and all(isinstance(v, str) for v in extra.values()),
              "extra: must be an object of id -> id")
        return cls(
            flow=_str(d, "flow"),
            exporter=Party(_str(exporter, "entity", "exporter"), _str(exporter, "country", "exporter")),
            importer=Party(_str(importer, "entity", "importer"), _str(importer, "country", "importer")),
            origin_country=_str(countries, "from", "countries"),
            destination_country=_str(countries, "to", "countries"),
            datasets=refs,
            individuals=_count(d, "individuals"),
            records=None if d.get("records") is None else _count(d, "records"),
            time=_time(d.get("time")),
            status=_str(verdict, "status", "verdict"),
            regimes=dict(regimes),
            instruments=tuple(_list(d, "instruments", str, optional=True)),
            kb_version=_str(d, "kb_version"),
            as_of=_day(d.get("as_of")),
            extra=dict(extra),
        )

    @classmethod
    def from_json(cls, data: bytes | str) -> TransferEvent:
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise EventError(f"event is not JSON: {exc}") from None
        _need(isinstance(obj, dict), "an event is a JSON object")
        return cls.from_dict(obj)
