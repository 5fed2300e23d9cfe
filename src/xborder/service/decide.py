"""A live transfer in, the engine's answer out: the pure core of `POST /v1/decide`.

The service adds no legal logic: a transfer becomes a one-flow data map, and the exporter's
earlier transfers this calendar year ride along as earlier flows of the same exporter, so
the engine counts individuals exactly as it does for a map (per exporter and year; a named
dataset once however often it is sent; datasets linked by `same_individuals_as` once;
exempt provisions left out). What the engine answers for the new flow is the decision.

What is remembered of an allowed transfer (a *volume item*) is one named dataset (its
largest declared count per group of people) or, for unnamed transfers, the sum of those
with the same description; so the history stays small however many calls arrive.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xborder import vocabulary
from xborder.datamap.countries import country_problem
from xborder.datamap.loader import check_references
from xborder.datamap.models import (ID_PATTERN, DataMap, Dataset, Entity, Flow, Location, Necessity, Role,
                                    Subjects, Transaction)
from xborder.engine.assess import FlowAssessment, PreparedAssessment, prepare_assessment
from xborder.engine.hop import count_individuals
from xborder.kb import KnowledgeBase
from xborder.ledger.events import TransferEvent
from xborder.ledger.recording import build_events

RESERVED = "xborder."  # ids the service gives the earlier transfers it adds to the map
FLOW_ID = "transfer"
THIS_TRANSFER = f"{RESERVED}this-transfer"  # the dataset of an unnamed transfer


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartyIn(_Strict):
    """The exporter or the importer: a legal person, as a data map's entity."""

    id: str = Field(pattern=ID_PATTERN, max_length=200, description="Entity id, [a-z0-9._-]+")
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2 code of establishment")
    zone: str | None = Field(None, max_length=100, description="Special zone id (pilot or free-trade zone)")
    ciio: bool = Field(False, description="CN critical information infrastructure operator")
    data_broker: bool = Field(False, description="Sells or licenses data it did not collect (US rules)")
    certifications: tuple[str, ...] = Field((), max_length=50, description="Certification ids held")


class LocationsIn(_Strict):
    from_: str | None = Field(None, alias="from", max_length=2, description="Where the data sits now (ISO code); "
                              "default: the exporter's country")
    to: str | None = Field(None, max_length=2, description="Where it goes (ISO code); default: the importer's country")


class Transfer(_Strict):
    """One transfer a pipeline is about to make."""

    id: str = Field(FLOW_ID, pattern=ID_PATTERN, max_length=200, description="Flow id recorded in the ledger")
    exporter: PartyIn
    importer: PartyIn
    importer_role: Role = Field("controller", description="controller | processor")
    locations: LocationsIn = Field(default_factory=LocationsIn)  # type: ignore[arg-type]
    dataset: str | None = Field(None, pattern=ID_PATTERN, max_length=200,
                                description="Dataset id: the same dataset sent again is the same people")
    same_individuals_as: tuple[str, ...] = Field((), max_length=50,
                                                 description="Earlier datasets about the same people (counted once)")
    categories: tuple[str, ...] = Field((), max_length=200, description="fideslang data categories")
    subjects: tuple[Subjects, ...] = Field((), max_length=50, description="Who the data is about, and how many")
    personal: bool | None = None
    important_data: bool = False
    core_data: bool = False
    collected_in: str | None = Field(None, max_length=2)
    purpose: str | None = Field(None, max_length=200, description="fideslang data use")
    necessity: Necessity | None = None
    transaction: Transaction | None = None
    safeguards: tuple[str, ...] = Field((), max_length=100, description="Instrument and obligation ids in place")
    direct_collection: bool = False
    as_of: dt.date | None = Field(None, description="Date the law is applied as of; default today (UTC)")
    record: bool = Field(False, description="Append the transfer to the ledger if it is allowed")
    dry_run: bool = Field(False, description="Answer without counting the transfer in the running totals")
    records: int | None = Field(None, ge=0, le=10**12, description="Number of records sent (kept in the ledger)")


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    message: str
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "suggestion": self.suggestion}


# -- a transfer as a map ----------------------------------------------------------------------

def _entity(p: PartyIn) -> Entity:
    return Entity(id=p.id, country=p.country, zone=p.zone, ciio=p.ciio, data_broker=p.data_broker,
                  certifications=p.certifications)


def _site(country: str) -> str:
    # hex: a valid id whatever the request sent (a bad code is reported by the loader's check)
    return f"{RESERVED}site.{country.encode().hex()}"


def transfer_dataset(t: Transfer) -> Dataset:
    return Dataset(id=t.dataset or THIS_TRANSFER, categories=t.categories, subjects=t.subjects, personal=t.personal,
                   important_data=t.important_data, core_data=t.core_data, collected_in=t.collected_in,
                   same_individuals_as=t.same_individuals_as)


def _countries(t: Transfer) -> tuple[str, str]:
    return (t.locations.from_ or t.exporter.country), (t.locations.to or t.importer.country)


def _flow(t: Transfer, dataset_id: str, safeguards: Sequence[str]) -> Flow:
    src, dst = _countries(t)
    return Flow.model_validate({
        "id": t.id, "from": {"entity": t.exporter.id, "location": _site(src)},
        "to": {"entity": t.importer.id, "location": _site(dst), "role": t.importer_role},
        "datasets": [dataset_id], "purpose": t.purpose, "necessity": t.necessity, "transaction": t.transaction,
        "safeguards": list(dict.fromkeys([*t.safeguards, *safeguards])), "direct_collection": t.direct_collection,
    })


def transfer_map(t: Transfer, dataset: Dataset | None = None, safeguards: Sequence[str] = (),
                 earlier: Sequence[dict[str, Any]] = ()) -> DataMap:
    """The transfer as a one-flow map, with the exporter's `earlier` volume items as earlier flows."""
    dataset = dataset or transfer_dataset(t)
    exporter, importer = _entity(t.exporter), _entity(t.importer)
    entities = {exporter.id: exporter}
    entities.setdefault(importer.id, importer)
    src, dst = _countries(t)
    sites = {src, dst}
    datasets = {dataset.id: dataset}
    flows = [_flow(t, dataset.id, safeguards)]
    n = 0
    for item in earlier:
        d = Dataset.model_validate(item["dataset"])
        this_one = d.id == dataset.id  # the named dataset of this very transfer: it carries the merged counts
        datasets.setdefault(d.id, d)
        sites.add(item["from"])
        for send in item["sends"]:
            importer_id = send["importer"]["id"]
            if this_one and importer_id == t.importer.id and send["to"] == dst:
                continue  # the new flow itself
            if importer_id not in entities:
                entities[importer_id] = _entity(PartyIn.model_validate(send["importer"]))
            sites.add(send["to"])
            flows.append(Flow.model_validate({
                "id": f"{RESERVED}earlier.{n}", "from": {"entity": exporter.id, "location": _site(item["from"])},
                "to": {"entity": importer_id, "location": _site(send["to"]), "role": send.get("role", "controller")},
                "datasets": [d.id], "necessity": item.get("necessity"),
            }))
            n += 1
    # a dataset named as sharing people with one not sent this year is simply not linked
    known = set(datasets)
    for did, d in list(datasets.items()):
        if any(o not in known for o in d.same_individuals_as):
            datasets[did] = d.model_copy(update={"same_individuals_as": tuple(o for o in d.same_individuals_as
                                                                              if o in known)})
    return DataMap(xborder=1, entities=tuple(entities.values()),
                   locations=tuple(Location(id=_site(c), country=c) for c in sorted(sites)),
                   datasets=tuple(datasets.values()), flows=tuple(flows))


# -- the request's own problems, named by its fields --------------------------------------------

@functools.cache
def _safeguards() -> frozenset[str]:
    """The vocabulary's safeguard ids, once per process (the loader recomputes them per map)."""
    return vocabulary.safeguards()


@functools.cache
def _kb_header(kb: KnowledgeBase) -> dict[str, str]:
    return {"version": kb.version, "sources_checked": kb.sources_checked.isoformat()}


def _field(key: str, t: Transfer) -> str | None:
    """A data-map key path (as the loader names it) in the transfer's terms (None: reported
    under another field already: the sites take their countries from the request)."""
    head, _, rest = key.partition(".")
    section, _, index = head.partition("[")
    index = index.rstrip("]")
    if section == "entities":
        return ("exporter" if index == "0" else "importer") + ("." + rest if rest else "")
    if section == "locations":
        return None
    if section == "datasets":
        return rest or "dataset"
    if section == "flows":
        if rest.startswith(("from.location", "to.location")):
            return "locations." + rest.split(".", 1)[0]
        if rest.startswith("to.entity") or rest.startswith("from.entity"):
            return "importer.id" if rest.startswith("to") else "exporter.id"
        return rest or "transfer"
    return key


def transfer_problems(t: Transfer) -> list[Problem]:
    """Everything the loader would refuse in this transfer as a map, by request field.

    What the loader checks does not depend on counts, dates or the service's flags, so a
    pipeline sending the same kind of transfer again is answered from a cache."""
    shape = t.model_copy(update={"subjects": tuple(s.model_copy(update={"count": 0}) for s in t.subjects),
                                 "as_of": None, "record": False, "dry_run": False, "records": None, "id": FLOW_ID})
    own = [Problem("id", f"ids starting with {RESERVED!r} are reserved for the service")] \
        if t.id.startswith(RESERVED) else []
    return own + list(_problems_of_shape(shape))


@functools.lru_cache(maxsize=4096)
def _problems_of_shape(t: Transfer) -> tuple[Problem, ...]:
    return tuple(_problems(t))


def _problems(t: Transfer) -> list[Problem]:
    out: list[Problem] = []
    for p in (t.id, t.exporter.id, t.importer.id, t.dataset or "", *t.same_individuals_as):
        if p.startswith(RESERVED):
            out.append(Problem("id", f"ids starting with {RESERVED!r} are reserved for the service"))
    if t.exporter.id == t.importer.id and t.exporter != t.importer:
        out.append(Problem("importer", "the importer has the exporter's id but different facts: one entity, one "
                                       "description (send both the same, or give the importer its own id)"))
    for cc, name in ((t.locations.from_, "locations.from"), (t.locations.to, "locations.to")):
        found = country_problem(cc) if cc is not None else None
        if found:  # the sites' own problems are not reported (they would repeat these)
            out.append(Problem(name, found[0], found[1]))
    try:
        datamap = transfer_map(t)
    except ValidationError as exc:  # a value the map's models refuse that the request's did not
        return [Problem(".".join(str(x) for x in e["loc"]) or "transfer", e["msg"]) for e in exc.errors()]
    problems = check_references(datamap, None, "request", known_mechanisms=_safeguards())
    seen: set[tuple[str, str]] = set()
    for p in problems:
        name = _field(p.key, t)
        if name is not None and (name, p.message) not in seen:
            seen.add((name, p.message))
            out.append(Problem(name, p.message, p.suggestion))
    return out


# -- the exporter's running totals ---------------------------------------------------------------

def _group(s: dict[str, Any]) -> tuple[Any, ...]:
    return (s.get("residence"), s.get("citizenship"), s.get("kind", "customer"), bool(s.get("minors")))


def _send(t: Transfer) -> dict[str, Any]:
    """Where an allowed transfer went: the importer (as the engine needs it) and the country."""
    return {"importer": t.importer.model_dump(mode="json", exclude_defaults=True), "role": t.importer_role,
            "to": _countries(t)[1]}


def volume_item(t: Transfer) -> tuple[str, dict[str, Any]]:
    """The key and the remembered form of an allowed transfer (see the module docs): the data,
    where it sat, the necessity claimed, and every importer it went to (rules such as the US
    bulk-data rule count per exporter and recipient)."""
    src, _ = _countries(t)
    dataset = transfer_dataset(t).model_dump(mode="json", exclude_defaults=True)
    item = {"dataset": dataset, "from": src, "necessity": t.necessity, "sends": [_send(t)]}
    if t.dataset:
        return f"dataset:{t.dataset}", item
    described = {**dataset, "subjects": sorted((list(_group(s)) for s in dataset.get("subjects", [])), key=str)}
    digest = hashlib.sha256(orjson.dumps([described, src, t.necessity, _send(t)], option=orjson.OPT_SORT_KEYS))
    dataset["id"] = f"{RESERVED}unnamed.{digest.hexdigest()[:16]}"
    return f"unnamed:{digest.hexdigest()[:32]}", item


def merge_items(old: dict[str, Any] | None, new: dict[str, Any], *, named: bool) -> dict[str, Any]:
    """A named dataset keeps each group's largest count (the same people); unnamed ones add up."""
    if old is None:
        return new
    groups: dict[tuple[Any, ...], dict[str, Any]] = {_group(s): dict(s) for s in old["dataset"].get("subjects", [])}
    for s in new["dataset"].get("subjects", []):
        g = _group(s)
        if g not in groups:
            groups[g] = dict(s)
        elif named:
            groups[g]["count"] = max(groups[g].get("count", 0), s.get("count", 0))
        else:
            groups[g]["count"] = groups[g].get("count", 0) + s.get("count", 0)
    dataset = dict(new["dataset"])
    dataset["subjects"] = list(groups.values())
    cats = list(dict.fromkeys([*old["dataset"].get("categories", []), *new["dataset"].get("categories", [])]))
    if cats:
        dataset["categories"] = cats
    links = list(dict.fromkeys([*old["dataset"].get("same_individuals_as", []),
                                *new["dataset"].get("same_individuals_as", [])]))
    if links:
        dataset["same_individuals_as"] = links
    for flag in ("important_data", "core_data"):
        if old["dataset"].get(flag) or new["dataset"].get(flag):
            dataset[flag] = True
    sends = {(x["importer"]["id"], x["to"]): x for x in [*old.get("sends", []), *new["sends"]]}
    return {**new, "dataset": dataset, "sends": list(sends.values())}


def individuals(items: Sequence[dict[str, Any]]) -> int:
    """People across an exporter's volume items, linked datasets counted once (the engine's count)."""
    datasets = [Dataset.model_validate(i["dataset"]) for i in items]
    known = {d.id for d in datasets}
    datasets = [d if all(o in known for o in d.same_individuals_as) else
                d.model_copy(update={"same_individuals_as": tuple(o for o in d.same_individuals_as if o in known)})
                for d in datasets]
    return count_individuals(datasets)


# -- the decision -----------------------------------------------------------------------------------

@dataclass(slots=True)
class Decision:
    transfer: Transfer
    prepared: PreparedAssessment
    flow: FlowAssessment
    filed: tuple[str, ...]  # safeguards put in place by approved filings
    key: str
    item: dict[str, Any]  # the volume item after this transfer
    before: int
    after: int

    @property
    def allowed(self) -> bool:
        return self.flow.status == "compliant"

    @property
    def year(self) -> int:
        return self.prepared.as_of.year

    def ledger_event(self, when: dt.datetime) -> TransferEvent:
        own = transfer_map(self.transfer, safeguards=self.filed)  # the transfer's own count, not the merged one
        assessment = self.prepared.assessment([self.flow])
        return build_events(own, assessment, [self.flow.id], time=when,
                            records=None if self.transfer.records is None else {self.flow.id: self.transfer.records})[0]

    def answer_bytes(self, *, counted: bool, leaf_index: int | None) -> bytes:
        """The answer: the contract's flow object plus the decision, totals and ledger entry."""
        missing = sorted({m for r in self.flow.regimes for m in r.missing})
        head = {
            "xborder": 1,
            "as_of": self.prepared.as_of.isoformat(),
            "knowledge_base": _kb_header(self.prepared.kb),
            "decision": "allowed" if self.allowed else "refused",
            "status": self.flow.status,
            "missing": missing,
            "filed_safeguards": list(self.filed),
            "totals": {"exporter": self.transfer.exporter.id, "year": self.year, "individuals_before": self.before,
                       "individuals_after": self.after if counted else self.before, "counted": counted},
            "ledger": None if leaf_index is None else {"leaf_index": leaf_index},
        }
        return orjson.dumps(head)[:-1] + b',"flow":' + self.flow.json_bytes() + b"}"


def decide(t: Transfer, earlier: dict[str, dict[str, Any]], kb: KnowledgeBase, *,
           filed: Sequence[str] = (), today: dt.date | None = None) -> Decision:
    """Decide `t` given the exporter's volume items this year (`earlier`, by key) and the
    safeguards approved filings put in place (`filed`). Validate with `transfer_problems` first."""
    as_of = t.as_of or today or dt.datetime.now(dt.UTC).date()
    key, new = volume_item(t)
    named = t.dataset is not None
    merged = merge_items(earlier.get(key), new, named=named)
    dataset = Dataset.model_validate(merged["dataset"]) if named else transfer_dataset(t)
    others = [item for k, item in earlier.items() if k != key or not named]
    datamap = transfer_map(t, dataset, filed, others)
    prepared = prepare_assessment(datamap, as_of=as_of, kb=kb)
    flow = prepared.assess_hop(prepared.hops[0])
    before = individuals(list(earlier.values()))
    after_items = {**earlier, key: merged}
    return Decision(t, prepared, flow, tuple(filed), key, merged, before, individuals(list(after_items.values())))

