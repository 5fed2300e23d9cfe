"""The engine: a data map in, per-hop per-regime results out.

Steps: resolve each flow into a `Hop` (parties, places, data, route context); let every
regime look across all hops once (`prepare`, e.g. volumes per exporter and year); assess
each hop under each regime that something ties to it; compose the flow's status; detect
conflicts between regimes on the same hop. Pure: no printing, no global state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from xborder import taxonomy
from xborder.datamap.gc import paused_gc
from xborder.datamap.models import DataMap, Dataset, Entity, Flow
from xborder.engine.conflicts import Conflict, find_conflicts
from xborder.engine.filings import FilingIndex, FilingState, certified_instruments, evidenced, index_filings
from xborder.engine.hop import Hop, Party
from xborder.engine.routes import RouteIndex
from xborder.kb import KnowledgeBase, default_knowledge_base
from xborder.rules import REGIMES
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Regime, RegimeResult, Verdict
from xborder.zones.regime import zone_regimes


_EXPORTER, _RECIPIENT, _RECIPIENT_COUNTRY = (p.encode() for p in (EXPORTER, RECIPIENT, RECIPIENT_COUNTRY))


_MISSING: Any = object()  # a cache miss (a cached result may be None: the regime has nothing to say)


class Status:
    COMPLIANT = "compliant"
    ACTION_REQUIRED = "action_required"
    PROHIBITED = "prohibited"


@dataclass(slots=True)
class FlowAssessment:
    id: str
    status: str
    regimes: list[RegimeResult]
    conflicts: list[Conflict]
    hop: Hop
    filings: tuple[FilingState, ...] = ()  # the filings covering this flow, with their state on the date

    @property
    def names(self) -> dict[str, str]:
        return {EXPORTER: self.hop.sender.id, RECIPIENT: self.hop.recipient.id,
                RECIPIENT_COUNTRY: self.hop.recipient.location_country}

    def _head(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": {"entity": self.hop.sender.id, "country": self.hop.sender.location_country},
            "to": {"entity": self.hop.recipient.id, "country": self.hop.recipient.location_country},
            "status": self.status,
            "route": {"upstream": list(self.hop.upstream), "origin": sorted(self.hop.origin_countries)},
        }

    def as_dict(self) -> dict[str, Any]:
        names = self.names
        out = {
            **self._head(),
            "regimes": [r.as_dict(names) for r in self.regimes],
            "conflicts": [c.as_dict() for c in self.conflicts],
        }
        if self.filings:
            out["filings"] = [f.as_dict() for f in self.filings]
        return out

    def json_bytes(self) -> bytes:
        """Same as orjson.dumps(self.as_dict()), reusing each shared result's serialisation."""
        s, t = self.hop.sender, self.hop.recipient
        names = {_EXPORTER: s.id.encode(), _RECIPIENT: t.id.encode(), _RECIPIENT_COUNTRY: t.location_country.encode()}
        conflicts = orjson.dumps([c.as_dict() for c in self.conflicts]) if self.conflicts else b"[]"
        filings = b',"filings":' + orjson.dumps([f.as_dict() for f in self.filings]) if self.filings else b""
        return b"".join((orjson.dumps(self._head())[:-1], b',"regimes":[',
                         b",".join([r.json_bytes(names) for r in self.regimes]), b'],"conflicts":', conflicts,
                         filings, b"}"))


@dataclass(slots=True)
class Assessment:
    as_of: dt.date
    kb_version: str
    sources_checked: dt.date
    flows: list[FlowAssessment]
    requests: list[dict[str, Any]] = field(default_factory=list)
    name: str | None = None

    def flow(self, flow_id: str) -> FlowAssessment:
        for f in self.flows:
            if f.id == flow_id:
                return f
        raise KeyError(flow_id)

    def summary(self) -> dict[str, int]:
        out = {Status.COMPLIANT: 0, Status.ACTION_REQUIRED: 0, Status.PROHIBITED: 0}
        for f in self.flows:
            out[f.status] += 1
        return out

    def header(self) -> dict[str, Any]:
        return {
            "xborder": 1,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "knowledge_base": {"version": self.kb_version, "sources_checked": self.sources_checked.isoformat()},
            "summary": self.summary(),
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.header(), "flows": [f.as_dict() for f in self.flows], "requests": self.requests}


def flow_status(results: Sequence[RegimeResult]) -> str:
    """Contract §2: prohibited if any regime prohibits; else action_required if any applicable
    regime is unsatisfied; else compliant."""
    if any(r.verdict is Verdict.PROHIBITED for r in results):
        return Status.PROHIBITED
    if any(r.applies and not r.satisfied for r in results):
        return Status.ACTION_REQUIRED
    return Status.COMPLIANT


@dataclass(frozen=True, slots=True)
class DataFacts:
    datasets: tuple[Dataset, ...]
    categories: frozenset[str]
    personal: bool
    origin: frozenset[str]
    residences: frozenset[str]
    countries: frozenset[str]  # residences, citizenships and origin: where the people and data belong


class _Resolver:
    """Looks up the map's ids once, and builds hops."""

    def __init__(self, datamap: DataMap, as_of: dt.date, kb: KnowledgeBase):
        self.map = datamap
        self.filings = index_filings(datamap, as_of, kb)
        self.certified = certified_instruments(kb, as_of)
        self.as_of = as_of
        self.kb = kb
        self.entities = {e.id: e for e in datamap.entities}
        self.locations = {loc.id: loc for loc in datamap.locations}
        self.datasets = {d.id: d for d in datamap.datasets}
        self.location_countries = {loc.id: loc.country for loc in datamap.locations}
        self.routes = RouteIndex(datamap, self.location_countries, {e.id: e.country for e in datamap.entities})
        self._owners: dict[str, tuple[Entity, ...]] = {}
        self._parties: dict[tuple[str, str | None, str], Party] = {}
        self._data: dict[tuple[str, ...], DataFacts] = {}
        self._routes: dict[tuple[tuple[str, ...], str], tuple[tuple[str, ...], frozenset[str]]] = {}
        self._counts: dict[tuple, int] = {}
        self._router = self.route  # one bound method shared by every hop
        self._in_place: dict[tuple[str, ...], frozenset[str]] = {}
        self._evidenced: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}

    def owners(self, entity: Entity) -> tuple[Entity, ...]:
        if entity.id not in self._owners:
            chain: list[Entity] = []
            seen = {entity.id}
            parent = entity.parent
            while parent and parent not in seen and parent in self.entities:
                seen.add(parent)
                chain.append(self.entities[parent])
                parent = self.entities[parent].parent
            self._owners[entity.id] = tuple(chain)
        return self._owners[entity.id]

    def party(self, entity_id: str, location_id: str | None, role: str) -> Party:
        key = (entity_id, location_id, role)
        found = self._parties.get(key)
        if found is None:
            entity = self.entities[entity_id]
            loc = self.locations.get(location_id) if location_id else None
            found = self._parties[key] = Party(
                id=entity.id,
                entity=entity,
                country=entity.country,
                location_country=loc.country if loc else entity.country,
                zone=(loc.zone if loc and loc.zone else entity.zone),
                role=role,
                owners=self.owners(entity),
            )
        return found

    def data_facts(self, dataset_ids: tuple[str, ...]) -> DataFacts:
        """What a hop's data is: the same for every hop carrying the same datasets."""
        found = self._data.get(dataset_ids)
        if found is None:
            datasets = tuple(self.datasets[ds] for ds in dataset_ids)
            personal = any(
                d.personal if d.personal is not None else any(taxonomy.is_personal(c) for c in d.categories)
                for d in datasets
            )
            origin: set[str] = set()
            for ds in dataset_ids:
                origin |= self.routes.origin.get(ds, frozenset())
            residences = frozenset(s.residence for d in datasets for s in d.subjects)
            citizenships = frozenset(s.citizenship for d in datasets for s in d.subjects if s.citizenship)
            found = self._data[dataset_ids] = DataFacts(
                datasets, frozenset(c for d in datasets for c in d.categories), personal, frozenset(origin),
                residences, residences | citizenships | origin,
            )
        return found

    def route(self, flow: Flow) -> tuple[tuple[str, ...], frozenset[str]]:
        """Earlier hops and the countries passed through, per (datasets, sender)."""
        key = (flow.datasets, flow.from_.entity)
        found = self._routes.get(key)
        if found is None:
            countries: frozenset[str] = frozenset()
            for ds in flow.datasets:
                countries |= self.routes.passed_through(ds, flow.from_.entity)
            found = self._routes[key] = (tuple(f.id for f in self.routes.predecessors(flow)), countries)
        upstream, countries = found
        if flow.id in upstream:  # a cycle back through this very hop
            upstream = tuple(u for u in upstream if u != flow.id)
        return upstream, countries

    def hop(self, flow: Flow) -> Hop:
        data = self.data_facts(flow.datasets)
        in_place = self.filings.safeguards(flow)
        src, dst = flow.from_, flow.to
        parties = self._parties
        sender = parties.get((src.entity, src.location, src.role)) or self.party(src.entity, src.location, src.role)
        recipient = parties.get((dst.entity, dst.location, dst.role)) or self.party(dst.entity, dst.location, dst.role)
        evidence: tuple[str, ...] = ()
        if self.certified and (sender.entity.certifications or recipient.entity.certifications):
            found = [(instrument, why) for instrument, why in self.evidenced(sender, recipient)
                     if instrument not in in_place]
            if found:
                in_place = (*in_place, *(i for i, _ in found))
                evidence = tuple(why for _, why in found)
        safeguards = self._in_place.get(in_place)
        if safeguards is None:
            safeguards = self._in_place[in_place] = frozenset(in_place)
        # positional, in Hop's field order: built once per flow of the map
        return Hop(flow.id, flow, sender, recipient, data.datasets, self.as_of, self.kb, data.categories, data.personal,
                   data.origin, data.residences, data.countries, in_place, safeguards, evidence, self._counts,
                   self.location_countries, self._router)

    def evidenced(self, sender: Party, recipient: Party) -> list[tuple[str, str]]:
        """`evidenced` per pair of certification lists (they repeat across a map's flows)."""
        key = (sender.entity.certifications, recipient.entity.certifications)
        found = self._evidenced.get(key)
        if found is None:
            found = self._evidenced[key] = evidenced(self.certified, sender, recipient)
        return found


def build_hops(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase) -> list[Hop]:
    return _build(datamap, as_of, kb)[0]


def _build(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase) -> tuple[list[Hop], FilingIndex]:
    resolver = _Resolver(datamap, as_of, kb)
    return [resolver.hop(f) for f in datamap.flows], resolver.filings


@dataclass(slots=True)
class PreparedAssessment:
    """Everything looked up and aggregated across the whole map before hops are assessed."""

    datamap: DataMap
    as_of: dt.date
    kb: KnowledgeBase
    hops: list[Hop]
    regimes: list[tuple[Regime, Any, dict[Any, RegimeResult | None], frozenset[str] | None]]
    filings: FilingIndex = field(default_factory=lambda: FilingIndex({}))
    _relevant: dict[frozenset[str], list[tuple[Regime, Any, dict[Any, RegimeResult | None]]]] = field(
        default_factory=dict)

    def relevant(self, touching: frozenset[str]) -> list[tuple[Regime, Any, dict[Any, RegimeResult | None]]]:
        """The regimes tied to a hop that touches these countries (memoised: sets repeat)."""
        found = self._relevant.get(touching)
        if found is None:
            found = self._relevant[touching] = [
                (regime, state, cache) for regime, state, cache, reach in self.regimes
                if (reach is None or not touching.isdisjoint(reach)) and not regime.idle(state)
            ]
        return found

    def assess_hop(self, hop: Hop) -> FlowAssessment:
        results = []
        for regime, state, cache in self.relevant(hop.touching):
            key = regime.cache_key(hop, state)
            if key is None:
                result = regime.assess(hop, state)
            else:
                result = cache.get(key, _MISSING)
                if result is _MISSING:
                    result = cache[key] = regime.assess(hop, state)
            if result is not None:
                results.append(result)
        return FlowAssessment(hop.id, flow_status(results), results, find_conflicts(hop, results), hop,
                              self.filings.of(hop.id))

    def requests(self) -> list[dict[str, Any]]:
        if not self.datamap.requests:
            return []
        from xborder.evidence import assess_requests

        return assess_requests(self.datamap, self.as_of, self.kb)

    def assessment(self, flows: list[FlowAssessment]) -> Assessment:
        return Assessment(self.as_of, self.kb.version, self.kb.sources_checked, flows, self.requests(),
                          self.datamap.name)


def prepare_assessment(
    datamap: DataMap,
    *,
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    regimes: Sequence[Regime] | None = None,
) -> PreparedAssessment:
    """Resolve every hop and let each regime look across all of them (volumes, pairs)."""
    kb = kb or default_knowledge_base()
    as_of = as_of or datamap.as_of or dt.date.today()
    regimes = zone_regimes(datamap.policies, REGIMES if regimes is None else regimes, add=regimes is None)
    if datamap.policies:
        from xborder.policies import policy_regimes  # the map's own rules, beside the statutes

        regimes = (*regimes, *policy_regimes(datamap))
    with paused_gc():
        hops, filings = _build(datamap, as_of, kb)
        prepared = [(regime, regime.prepare(hops), {}, regime.reach_countries(as_of, kb)) for regime in regimes]
    return PreparedAssessment(datamap, as_of, kb, hops, prepared, filings)


def assess_map(
    datamap: DataMap,
    *,
    as_of: dt.date | None = None,
    kb: KnowledgeBase | None = None,
    regimes: Sequence[Regime] | None = None,
) -> Assessment:
    """Assess every flow (and request) of a validated data map as of a date."""
    prepared = prepare_assessment(datamap, as_of=as_of, kb=kb, regimes=regimes)
    with paused_gc():
        flows = [prepared.assess_hop(hop) for hop in prepared.hops]
    return prepared.assessment(flows)
