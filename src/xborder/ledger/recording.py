"""Turn an assessment into ledger events: one per compliant transfer that actually ran.

The ledger is evidence, so it must only ever say "this left on that ground" when the
ground held. Recording is all-or-nothing: if any requested flow is prohibited or still
needs action, nothing is appended and the refusal names the flows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from xborder.datamap.models import DataMap
from xborder.ledger.events import DatasetRef, Party, TransferEvent, fingerprint
from xborder.ledger.storage import LedgerStore, open_store


class RecordingRefused(Exception):
    """Nothing was recorded; ``flows`` are the flow ids that caused the refusal."""

    def __init__(self, flows: Sequence[str], message: str) -> None:
        self.flows = list(flows)
        super().__init__(message)


class ProhibitedTransfer(RecordingRefused):
    """A transfer the law prohibits was reported as having run."""


class NotCompliant(RecordingRefused):
    """A transfer still missing a safeguard or obligation was reported as having run."""


class UnknownFlow(RecordingRefused):
    """A flow id that is not in the data map / assessment."""


class _Regime(Protocol):
    regime: str
    verdict: Any
    one_of: tuple[str, ...]
    exemptions: tuple[str, ...]


class _Flow(Protocol):
    id: str
    status: str
    regimes: Sequence[_Regime]


class _Assessment(Protocol):
    as_of: dt.date
    kb_version: str
    flows: Sequence[_Flow]


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


def build_events(
    datamap: DataMap,
    assessment: _Assessment,
    ran: Sequence[str] | None = None,
    *,
    time: dt.datetime | None = None,
    records: Mapping[str, int] | None = None,
) -> list[TransferEvent]:
    """Events for the flows in ``ran`` (None: all), or raise before anything is written."""
    by_id = {f.id: f for f in assessment.flows}
    flow_defs = {f.id: f for f in datamap.flows}
    wanted = list(by_id) if ran is None else list(dict.fromkeys(ran))
    unknown = [f for f in wanted if f not in by_id or f not in flow_defs]
    if unknown:
        import difflib

        hints = [f"{f} (did you mean {', '.join(close)}?)" if (close := difflib.get_close_matches(f, list(by_id), n=2))
                 else f for f in unknown]
        raise UnknownFlow(unknown, f"not flows of this data map: {', '.join(hints)}")
    prohibited = [f for f in wanted if by_id[f].status == "prohibited"]
    if prohibited:
        raise ProhibitedTransfer(prohibited, f"prohibited transfer(s), nothing recorded: {', '.join(prohibited)}")
    pending = [f for f in wanted if by_id[f].status != "compliant"]
    if pending:
        raise NotCompliant(pending, f"transfer(s) not compliant yet, nothing recorded: {', '.join(pending)}")

    entities = {e.id: e for e in datamap.entities}
    locations = {loc.id: loc for loc in datamap.locations}
    datasets = {d.id: d for d in datamap.datasets}
    when = time or dt.datetime.now(dt.UTC).replace(microsecond=0)
    events: list[TransferEvent] = []
    for fid in wanted:
        flow, result = flow_defs[fid], by_id[fid]
        sender, recipient = entities[flow.from_.entity], entities[flow.to.entity]

        def place(location: str | None, fallback: str) -> str:
            return locations[location].country if location and location in locations else fallback

        accepted: set[str] = set()
        exemptions: set[str] = set()
        for r in result.regimes:
            accepted.update(r.one_of)
            exemptions.update(r.exemptions)
        instruments = sorted({s for s in result.hop.in_place if s in accepted} | exemptions)
        refs = tuple(
            DatasetRef(d, fingerprint(datasets[d].model_dump(mode="json", by_alias=True))) for d in flow.datasets
        )
        individuals = sum(s.count for d in flow.datasets for s in datasets[d].subjects)
        events.append(
            TransferEvent(
                flow=fid,
                exporter=Party(sender.id, sender.country),
                importer=Party(recipient.id, recipient.country),
                origin_country=place(flow.from_.location, sender.country),
                destination_country=place(flow.to.location, recipient.country),
                datasets=refs,
                individuals=individuals,
                records=None if records is None else records.get(fid),
                time=when,
                status=result.status,
                regimes={r.regime: _value(r.verdict) for r in result.regimes},
                instruments=tuple(instruments),
                kb_version=assessment.kb_version,
                as_of=assessment.as_of,
            )
        )
    return events


def record_transfers(
    store_or_path: LedgerStore | str | os.PathLike[str],
    datamap: DataMap,
    assessment: _Assessment,
    ran: Sequence[str] | None,
    *,
    time: dt.datetime | None = None,
    records: Mapping[str, int] | None = None,
) -> list[int]:
    """Append one event per flow in ``ran`` (None: every flow) in one atomic batch.

    Raises `ProhibitedTransfer` / `NotCompliant` / `UnknownFlow` before appending anything.
    Returns the new leaf indexes.
    """
    events = build_events(datamap, assessment, ran, time=time, records=records)
    if isinstance(store_or_path, LedgerStore):
        return store_or_path.append(events)
    with open_store(os.fspath(store_or_path)) as store:
        return store.append(events)


def flows_from_option(values: Iterable[str]) -> list[str] | None:
    """CLI helper: ``--ran a,b --ran c`` -> [a, b, c]; no values -> None (every flow)."""
    out = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return out or None
