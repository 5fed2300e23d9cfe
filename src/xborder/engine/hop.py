"""What a regime sees of one hop: the facts of the map, resolved and derived once.

A hop is one flow of the map with its parties, places and data looked up, plus the route
context (where the data was first collected, the hops before it) that lets the law of the
collecting country follow the data onward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from xborder.datamap.models import Dataset, Entity, Flow
from xborder.kb import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Party:
    """One end of a hop."""

    id: str  # the entity's id
    entity: Entity
    country: str  # where the entity is established
    location_country: str  # where the data sits at this end (location, else establishment)
    zone: str | None  # special zone of the location or, failing that, of the entity
    role: str  # controller | processor
    owners: tuple[Entity, ...]  # parent chain, nearest first

    def certified(self, certification: str) -> bool:
        return certification in self.entity.certifications


@dataclass(slots=True)
class Hop:
    id: str  # the flow's id
    flow: Flow
    sender: Party
    recipient: Party
    datasets: tuple[Dataset, ...]
    as_of: dt.date
    kb: KnowledgeBase
    categories: frozenset[str]
    personal: bool
    origin_countries: frozenset[str]  # where each dataset was first collected
    subject_residences: frozenset[str]  # where the people in the data live
    data_countries: frozenset[str]  # residences, citizenships and origin of the data
    # Safeguards in place on the date assessed: the flow's own, as its filings leave them (engine/filings.py).
    in_place: tuple[str, ...] = ()
    safeguards: frozenset[str] = frozenset()
    evidence: tuple[str, ...] = ()  # why an instrument is in place without being listed (an entity's certification)
    counts: dict[tuple, int] | None = None  # shared memo of `individuals` per dataset combination
    location_countries: Mapping[str, str] | None = None  # every location of the map -> its country (shared)
    # The route (earlier hops, countries passed) is looked up on first use: the look-across of
    # `Regime.prepare` never needs it, so a large map's workers resolve it for their own hops.
    router: Callable[[Flow], tuple[tuple[str, ...], frozenset[str]]] | None = None
    _route: tuple[tuple[str, ...], frozenset[str], frozenset[str]] | None = None
    _related: bool | None = None  # read by many regimes' keys and rules: worked out once per hop

    def _resolve_route(self) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
        upstream, passed = self.router(self.flow) if self.router else ((), frozenset())
        s, t = self.sender, self.recipient
        touching = self.data_countries | passed | {s.country, s.location_country, t.country, t.location_country}
        self._route = (upstream, passed, touching)
        return self._route

    @property
    def upstream(self) -> tuple[str, ...]:
        """Flow ids of earlier hops of the same data, nearest first."""
        return (self._route or self._resolve_route())[0]

    @property
    def upstream_countries(self) -> frozenset[str]:
        """Countries the data passed through before this hop."""
        return (self._route or self._resolve_route())[1]

    @property
    def touching(self) -> frozenset[str]:
        """Every country tied to the hop: parties, places, people, route."""
        return (self._route or self._resolve_route())[2]

    @property
    def related(self) -> bool:
        """Sender and recipient belong to one group: one controls the other, or a common entity
        controls both (the map's `parent` chains)."""
        found = self._related
        if found is None:
            a = {self.sender.id, *(e.id for e in self.sender.owners)}
            found = self._related = not a.isdisjoint((self.recipient.id, *(e.id for e in self.recipient.owners)))
        return found

    @property
    def crosses_border(self) -> bool:
        return self.sender.location_country != self.recipient.location_country

    def individuals(self, residence: frozenset[str] | None = None, citizenship: frozenset[str] | None = None) -> int:
        """Distinct people in this hop's data, optionally only residents/citizens of some countries.

        Datasets that declare `same_individuals_as` one another count once (the largest);
        others add up (the cautious reading of the contract).
        """
        if self.counts is None:
            return count_individuals(self.datasets, residence, citizenship)
        key = (self.flow.datasets, residence, citizenship)
        found = self.counts.get(key)
        if found is None:
            found = self.counts[key] = count_individuals(self.datasets, residence, citizenship)
        return found

    def residences(self) -> frozenset[str]:
        return self.subject_residences

    def citizenships(self) -> frozenset[str]:
        return frozenset(s.citizenship for d in self.datasets for s in d.subjects if s.citizenship)

    def has_category(self, ancestor: str) -> bool:
        return any(c == ancestor or c.startswith(ancestor + ".") for c in self.categories)


def dataset_individuals(d: Dataset, residence: frozenset[str] | None, citizenship: frozenset[str] | None) -> int:
    return sum(
        s.count
        for s in d.subjects
        if (residence is None or s.residence in residence)
        and (citizenship is None or s.citizenship in citizenship)
    )


def count_individuals(
    datasets: tuple[Dataset, ...] | list[Dataset],
    residence: frozenset[str] | None = None,
    citizenship: frozenset[str] | None = None,
) -> int:
    """Sum individuals over datasets, counting groups linked by `same_individuals_as` once."""
    by_id = {d.id: d for d in datasets}
    groups: dict[str, int] = {}
    parent: dict[str, str] = {d.id: d.id for d in datasets}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d in datasets:
        for other in d.same_individuals_as:
            if other in parent:
                parent[root(d.id)] = root(other)
    for d in datasets:
        r = root(d.id)
        groups[r] = max(groups.get(r, 0), dataset_individuals(by_id[d.id], residence, citizenship))
    return sum(groups.values())
