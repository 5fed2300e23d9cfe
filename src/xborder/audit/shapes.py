"""Hop shapes: the distinct hops a log's events ran on, each assessed once per span of days
over which the law did not change.

A shape is what the engine needs to know of an event's hop: exporter, importer, the places
at both ends, the data (datasets or categories), the safeguards in place and the flow it ran
under. Millions of events share a few thousand shapes; a verdict can only change on a day
the knowledge base records a change (a decision adopted, a rule in force, a list amended) or
a filing of the map starts or stops putting its mechanism in effect, so each shape is
assessed once per interval between such days and joined back to its events by the query
engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from xborder.audit.schema import SHAPE_COLUMNS, EventSchemaError
from xborder.datamap.models import DataMap, Dataset, Endpoint, Flow
from xborder.engine.assess import FlowAssessment, prepare_assessment
from xborder.engine.filings import filing_state
from xborder.kb import KnowledgeBase
from xborder.rules.cn_pipl import CnPipl, sensitive_dataset
from xborder.rules.us_dsp import DspTaxonomy, _us_person, us_persons


@dataclass(frozen=True, slots=True)
class Shape:
    """One distinct combination of the event columns that decide a hop (as the log spells them)."""

    exporter: str
    importer: str
    from_location: str
    to_location: str
    dataset: str
    categories: str
    flow: str
    safeguards: str

    def key(self) -> tuple[str, ...]:
        return tuple(getattr(self, c) for c in SHAPE_COLUMNS)


@dataclass(frozen=True, slots=True)
class ShapeVerdict:
    """The engine's answer for one shape over [valid_from, valid_until)."""

    vid: int
    shape: Shape
    valid_from: dt.date
    valid_until: dt.date  # exclusive
    status: str
    regimes: dict[str, str]  # regime id -> verdict
    missing: tuple[str, ...]
    flow_id: str  # the map's flow, or the synthetic one standing for the shape
    from_country: str  # where the data left from (the sender's location, else its country)
    to_country: str
    cn_classes: tuple[str, ...] = ()  # "general" / "sensitive": counted towards CN volumes
    us_categories: tuple[str, ...] = ()  # DSP categories counted towards the US bulk thresholds


def split_ids(text: str) -> tuple[str, ...]:
    return tuple(sorted({p.strip() for p in text.split(",") if p.strip()}))


def change_days(kb: KnowledgeBase, first: dt.date, last: dt.date) -> list[dt.date]:
    """Days in (first, last] on which some fact of the knowledge base changes."""
    days: set[dt.date] = set()
    for fact in kb.facts.values():
        for m in fact.members:
            days.add(m.from_)
            if m.until:
                days.add(m.until)
            for value in m.attributes.values():
                if isinstance(value, dt.date):
                    days.add(value)
                elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
                    try:
                        days.add(dt.date.fromisoformat(value))  # e.g. pending_until
                    except ValueError:
                        pass
        for p in fact.values:
            days.add(p.from_)
    return sorted(d for d in days if first < d <= last)


def filing_days(datamap: DataMap, kb: KnowledgeBase, first: dt.date, last: dt.date) -> list[dt.date]:
    """Days in (first, last] on which a filing of the map starts or stops putting its
    mechanism in effect (filed or approved; the day after it expires, by its own date or by
    the validity the knowledge base gives the mechanism)."""
    days: set[dt.date] = set()
    for filing in datamap.filings:
        days.update(d for d in (filing.filed, filing.approved) if d)
        for on in (first, last):
            state = filing_state(filing, on, kb)
            if state.starts:
                days.add(state.starts)
            if state.expires:
                days.add(state.expires + dt.timedelta(days=1))
    return sorted(d for d in days if first < d <= last)


def intervals(kb: KnowledgeBase, first: dt.date, last: dt.date,
              datamap: DataMap | None = None) -> list[tuple[dt.date, dt.date]]:
    """[from, until) spans covering first..last over which no fact (nor filing) changes."""
    inner = set(change_days(kb, first, last)) | set(filing_days(datamap, kb, first, last) if datamap else ())
    cuts = [first, *sorted(inner), last + dt.timedelta(days=1)]
    return list(zip(cuts, cuts[1:]))


@dataclass
class _Builder:
    """Turns shapes into flows of the map: the map's own flow when the shape is exactly it."""

    datamap: DataMap
    source: str
    entities: dict[str, object] = field(init=False)
    locations: set[str] = field(init=False)
    datasets: dict[str, Dataset] = field(init=False)
    flows: dict[str, Flow] = field(init=False)
    extra_datasets: dict[str, Dataset] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entities = {e.id: e for e in self.datamap.entities}
        self.locations = {loc.id for loc in self.datamap.locations}
        self.datasets = {d.id: d for d in self.datamap.datasets}
        self.flows = {f.id: f for f in self.datamap.flows}

    def check(self, shapes: Iterable[Shape]) -> None:
        """Every id the log names exists in the map; else one error naming file, column and ids."""
        unknown: dict[str, set[str]] = {}

        def need(column: str, value: str, known: Callable[[str], bool]) -> None:
            if value and not known(value):
                unknown.setdefault(column, set()).add(value)

        for s in shapes:
            need("exporter", s.exporter, self.entities.__contains__)
            need("importer", s.importer, self.entities.__contains__)
            need("from_location", s.from_location, self.locations.__contains__)
            need("to_location", s.to_location, self.locations.__contains__)
            need("flow", s.flow, self.flows.__contains__)
            for d in split_ids(s.dataset):
                need("dataset", d, self.datasets.__contains__)
            if not s.exporter or not s.importer:
                unknown.setdefault("exporter" if not s.exporter else "importer", set()).add("(empty)")
            if not (s.dataset or s.flow or s.categories):
                unknown.setdefault("dataset", set()).add("(empty, and no flow or categories either)")
        if unknown:
            parts = []
            for column, values in sorted(unknown.items()):
                shown = ", ".join(sorted(values)[:5]) + (f" and {len(values) - 5} more" if len(values) > 5 else "")
                what = "no such id in the data map" if "(empty" not in shown else "missing value"
                parts.append(f"{self.source}: column {column!r}: {what}: {shown}")
            raise EventSchemaError("\n".join(parts))

    def categories_dataset(self, categories: tuple[str, ...]) -> str:
        """A dataset standing for data the map has no dataset for (categories only, no declared counts)."""
        digest = hashlib.sha256(",".join(categories).encode()).hexdigest()[:12]
        ds_id = f"audit.categories-{digest}"
        if ds_id not in self.extra_datasets:
            self.extra_datasets[ds_id] = Dataset(id=ds_id, name="categories named by transfer events",
                                                 categories=categories)
        return ds_id

    def flow(self, s: Shape, index: int) -> Flow:
        base = self.flows.get(s.flow) if s.flow else None
        datasets = split_ids(s.dataset) or (base.datasets if base else ())
        if s.categories:
            datasets = tuple(sorted({*datasets, self.categories_dataset(split_ids(s.categories))}))
        safeguards = split_ids(s.safeguards) if s.safeguards else (base.safeguards if base else ())
        same_parties = base is not None and base.from_.entity == s.exporter and base.to.entity == s.importer
        src = Endpoint(entity=s.exporter, location=s.from_location or (base.from_.location if same_parties else None),
                       role=base.from_.role if same_parties else "controller")
        dst = Endpoint(entity=s.importer, location=s.to_location or (base.to.location if same_parties else None),
                       role=base.to.role if same_parties else "controller")
        if base is not None and (src, dst, tuple(datasets), tuple(safeguards)) == (
                base.from_, base.to, base.datasets, base.safeguards):
            return base
        return Flow.model_validate({
            "id": f"audit.shape-{index}",
            "from": src, "to": dst, "datasets": tuple(datasets),
            "purpose": base.purpose if base else None,
            "necessity": base.necessity if base else None,
            "transaction": base.transaction if base else None,
            "safeguards": tuple(safeguards),
        })


def _cn_classes(result: FlowAssessment, cn: CnPipl, memo: dict[Hashable, tuple[str, ...]]) -> tuple[str, ...]:
    """Whether the hop's people count towards the exporter's CN volumes (CAC Provisions 2024
    Arts 5, 7, 8), and as non-sensitive ('general') or sensitive PI: the rule module's own
    counting (exports of personal information from the mainland not exempt)."""
    hop = result.hop
    s, t = hop.sender, hop.recipient
    key = (hop.as_of, hop.flow.datasets, hop.flow.necessity, s.id, s.location_country, t.location_country,
           hop.origin_countries)
    found = memo.get(key)
    if found is None:
        volume = cn.prepare([hop]).get(s.id)
        if volume is None or not volume.counted:
            found = ()
        else:
            keys = hop.kb.members("cn.sensitive_pi", hop.as_of)
            found = tuple(sorted({"sensitive" if sensitive_dataset(d, keys) else "general"
                                  for d in hop.datasets if d.id in volume.counted}))
        memo[key] = found
    return found


def _us_categories(result: FlowAssessment, taxonomy: DspTaxonomy | None,
                   memo: dict[Hashable, tuple[str, ...]]) -> tuple[str, ...]:
    """The DSP categories (28 CFR 202.205, 202.212) whose bulk thresholds this hop counts
    towards: a U.S. person sending to another person data about U.S. persons (`taxonomy`:
    the categories in force that day, None before the rule took effect)."""
    hop = result.hop
    if taxonomy is None or not _us_person(hop.sender) or hop.sender.id == hop.recipient.id:
        return ()
    found = memo.get(hop.flow.datasets)
    if found is None:
        cats: set[str] = set()
        for d in hop.datasets:
            if us_persons([d]) > 0 or not d.subjects:  # categories-only data: whose it is is unknown, counted
                cats |= taxonomy.sensitive(d.categories)
        found = memo[hop.flow.datasets] = tuple(sorted(cats))
    return found


def _same(a: ShapeVerdict, b: ShapeVerdict) -> bool:
    return (a.status, a.regimes, a.missing, a.flow_id, a.from_country, a.to_country, a.cn_classes,
            a.us_categories) == (b.status, b.regimes, b.missing, b.flow_id, b.from_country, b.to_country,
                                 b.cn_classes, b.us_categories)


def assess_shapes(
    datamap: DataMap,
    shapes: Sequence[tuple[Shape, dt.date, dt.date]],
    kb: KnowledgeBase,
    source: str,
    progress: Callable[[int, int], None] | None = None,
) -> list[ShapeVerdict]:
    """Each shape (with the first and last day it ran) assessed once per interval of unchanged law."""
    builder = _Builder(datamap, source)
    builder.check(s for s, _, _ in shapes)
    flows = [builder.flow(s, i) for i, (s, _, _) in enumerate(shapes)]
    synthetic = [f for f in flows if f.id.startswith("audit.shape-")]
    augmented = datamap.model_copy(update={
        "datasets": (*datamap.datasets, *builder.extra_datasets.values()),
        "flows": (*datamap.flows, *synthetic),
    })
    first = min((lo for _, lo, _ in shapes), default=None)
    last = max((hi for _, _, hi in shapes), default=None)
    if first is None or last is None:
        return []
    spans = intervals(kb, first, last, datamap)
    cn = CnPipl()
    out: list[ShapeVerdict] = []
    latest: dict[int, int] = {}  # shape index -> its last verdict in `out`, to merge unchanged ones
    for n, (lo, hi) in enumerate(spans):
        prepared = prepare_assessment(augmented, as_of=lo, kb=kb)
        taxonomy = DspTaxonomy.load(kb, lo) if kb.value("us.dsp.effective", lo) else None
        cn_memo: dict[Hashable, tuple[str, ...]] = {}
        us_memo: dict[Hashable, tuple[str, ...]] = {}
        by_id = {h.id: h for h in prepared.hops}
        for i, ((shape, s_first, s_last), flow) in enumerate(zip(shapes, flows)):
            if s_last < lo or s_first >= hi:
                continue
            result = prepared.assess_hop(by_id[flow.id])
            missing = sorted({m for r in result.regimes for m in r.missing})
            verdict = ShapeVerdict(
                vid=len(out), shape=shape, valid_from=lo, valid_until=hi, status=result.status,
                regimes={r.regime: str(getattr(r.verdict, "value", r.verdict)) for r in result.regimes},
                missing=tuple(missing), flow_id=flow.id, from_country=result.hop.sender.location_country,
                to_country=result.hop.recipient.location_country,
                cn_classes=_cn_classes(result, cn, cn_memo), us_categories=_us_categories(result, taxonomy, us_memo),
            )
            before = out[latest[i]] if i in latest else None
            if before is not None and before.valid_until == lo and _same(before, verdict):
                out[latest[i]] = dataclasses.replace(before, valid_until=hi)  # the law changed, not this verdict
            else:
                latest[i] = len(out)
                out.append(verdict)
        if progress:
            progress(n + 1, len(spans))
    return out
