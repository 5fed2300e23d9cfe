"""What the request planner sees of one access demand: the map's ids resolved once.

A request names the demanding authority (country, kind), the holder ordered to disclose,
the location where the data sits and the datasets sought. The planner needs, beside these,
the holder's ownership chain (a US parent's "control" reaches its subsidiaries' data,
18 U.S.C. 2713), whether the data is personal (GDPR Art 48, PIPL Art 41 reach only
personal data) and where the people it is about live (GDPR Art 3(2)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xborder import taxonomy
from xborder.datamap.models import DataMap, Dataset, Entity, Request
from xborder.kb import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Finding:
    """One law that compels or blocks the disclosure, with its article and why it applies."""

    regime: str  # US-CLOUD, EU-GDPR, CN-PIPL ...
    jurisdiction: str
    citation: str  # "18 U.S.C. 2713", "GDPR Art. 48"
    url: str
    why: str
    obligation: str | None = None  # e.g. cn.authority-approval
    process: str | None = None  # the legal process the compelling law requires

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"regime": self.regime, "jurisdiction": self.jurisdiction,
                               "citation": self.citation, "url": self.url, "why": self.why}
        if self.obligation:
            out["obligation"] = self.obligation
        if self.process:
            out["process"] = self.process
        return out


@dataclass(slots=True)
class RequestContext:
    """One request with its parties, place and data looked up."""

    request: Request
    as_of: dt.date
    kb: KnowledgeBase
    authority_country: str
    authority_kind: str
    holder: Entity
    owners: tuple[Entity, ...]  # holder's parent chain, nearest first
    location_country: str
    datasets: tuple[Dataset, ...]
    personal: bool
    residences: frozenset[str]
    trace: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.request.id

    @property
    def data_type(self) -> str:
        return self.request.data_type

    @property
    def urgent(self) -> bool:
        return self.request.urgent

    @property
    def holder_countries(self) -> frozenset[str]:
        """Countries where the holder or an entity controlling it is established."""
        return frozenset({self.holder.country, *(e.country for e in self.owners)})

    @property
    def requested_states(self) -> tuple[str, ...]:
        """States whose cooperation a cross-border request needs: where the data sits and
        where the holder is established, other than the requesting state itself."""
        states = {self.location_country, self.holder.country} - {self.authority_country}
        return tuple(sorted(states))

    def note(self, text: str) -> None:
        self.trace.append(text)


def _is_personal(dataset: Dataset) -> bool:
    if dataset.personal is not None:
        return dataset.personal
    return any(taxonomy.is_personal(c) for c in dataset.categories)


def _owners(entity: Entity, entities: dict[str, Entity]) -> tuple[Entity, ...]:
    chain: list[Entity] = []
    seen = {entity.id}
    parent = entity.parent
    while parent and parent not in seen and parent in entities:
        seen.add(parent)
        chain.append(entities[parent])
        parent = entities[parent].parent
    return tuple(chain)


def build_contexts(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase) -> list[RequestContext]:
    """Resolve every request of a validated map (the loader has checked its ids)."""
    entities = {e.id: e for e in datamap.entities}
    locations = {loc.id: loc for loc in datamap.locations}
    datasets = {d.id: d for d in datamap.datasets}
    out: list[RequestContext] = []
    for req in datamap.requests:
        holder = entities[req.holder]
        sought = tuple(datasets[d] for d in req.datasets)
        out.append(RequestContext(
            request=req,
            as_of=as_of,
            kb=kb,
            authority_country=req.authority.country,
            authority_kind=req.authority.kind,
            holder=holder,
            owners=_owners(holder, entities),
            location_country=locations[req.location].country,
            datasets=sought,
            personal=any(_is_personal(d) for d in sought),
            residences=frozenset(s.residence for d in sought for s in d.subjects),
        ))
    return out
