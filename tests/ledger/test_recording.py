"""`record_transfers`: one event per compliant transfer that ran; all-or-nothing refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import orjson
import pytest

from xborder.datamap import load_map_text
from xborder.ledger.events import EventError, TransferEvent
from xborder.ledger.recording import NotCompliant, ProhibitedTransfer, UnknownFlow, record_transfers
from xborder.ledger.storage import LedgerStore

MAP = """
xborder: 1
name: test
as_of: 2026-06-01
entities:
  - {id: shop-de, country: DE}
  - {id: shop-jp, country: JP}
  - {id: cloud-us, country: US}
locations:
  - {id: fra, country: DE}
  - {id: tokyo, country: JP}
  - {id: virginia, country: US}
datasets:
  - id: customers
    categories: [user.name, user.contact.email]
    subjects: [{residence: DE, kind: customer, count: 40000}]
  - id: staff
    categories: [user.name]
    subjects: [{residence: DE, kind: employee, count: 120}, {residence: FR, kind: employee, count: 30}]
flows:
  - id: de-to-jp
    from: {entity: shop-de, location: fra}
    to: {entity: shop-jp, location: tokyo}
    datasets: [customers]
  - id: de-to-us
    from: {entity: shop-de, location: fra}
    to: {entity: cloud-us, location: virginia, role: processor}
    datasets: [customers, staff]
    safeguards: [eu.scc, eu.tia]
  - id: jp-to-us
    from: {entity: shop-jp}
    to: {entity: cloud-us}
    datasets: [staff]
"""


class V:
    def __init__(self, value: str) -> None:
        self.value = value


@dataclass
class R:
    regime: str
    verdict: V
    one_of: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = ()


@dataclass
class F:
    id: str
    status: str
    regimes: list[R] = field(default_factory=list)

    @property
    def hop(self) -> SimpleNamespace:
        # what the engine puts in place for the flow: here, the map's own safeguards (no filings)
        flow = next(f for f in load_map_text(MAP).flows if f.id == self.id)
        return SimpleNamespace(in_place=flow.safeguards)


@dataclass
class A:
    flows: list[F]
    as_of: dt.date = dt.date(2026, 6, 1)
    kb_version: str = "kb-test-1"


def _assessment(jp_us: str = "compliant") -> A:
    return A([
        F("de-to-jp", "compliant", [R("EU-GDPR", V("permitted"), exemptions=("eu.adequacy",))]),
        F("de-to-us", "compliant", [R("EU-GDPR", V("conditional"), one_of=("eu.scc", "eu.bcr"),
                                      obligations=("eu.tia",))]),
        F("jp-to-us", jp_us, [R("JP-APPI", V("prohibited" if jp_us == "prohibited" else "conditional"))]),
    ])


WHEN = dt.datetime(2026, 6, 2, 9, 30, tzinfo=dt.UTC)


def test_records_one_event_per_flow(store: LedgerStore) -> None:
    datamap = load_map_text(MAP)
    idx = record_transfers(store, datamap, _assessment(), ["de-to-us", "de-to-jp"], time=WHEN)
    assert idx == [0, 1]
    ev = orjson.loads(store.leaf(0))
    assert ev["flow"] == "de-to-us"
    assert ev["exporter"] == {"entity": "shop-de", "country": "DE"}
    assert ev["importer"] == {"entity": "cloud-us", "country": "US"}
    assert ev["countries"] == {"from": "DE", "to": "US"}
    assert ev["individuals"] == 40000 + 150
    assert ev["instruments"] == ["eu.scc"]  # eu.tia is an obligation, not an instrument
    assert ev["verdict"] == {"status": "compliant", "regimes": {"EU-GDPR": "conditional"}}
    assert ev["kb_version"] == "kb-test-1" and ev["as_of"] == "2026-06-01" and ev["time"] == "2026-06-02T09:30:00Z"
    assert [d["id"] for d in ev["datasets"]] == ["customers", "staff"]
    assert all(len(d["sha256"]) == 64 for d in ev["datasets"])
    assert orjson.loads(store.leaf(1))["instruments"] == ["eu.adequacy"]
    # the leaf is canonical: re-encoding the parsed event gives the same bytes
    assert TransferEvent.from_json(store.leaf(0)).canonical() == store.leaf(0)
    # no names, no categories' values: only ids, codes, counts and hashes
    assert b"user.name" not in store.leaf(0)


def test_fingerprint_is_stable_and_changes_with_the_definition(store: LedgerStore) -> None:
    a = record_transfers(store, load_map_text(MAP), _assessment(), ["de-to-jp"], time=WHEN)
    b = record_transfers(store, load_map_text(MAP), _assessment(), ["de-to-jp"], time=WHEN)
    c = record_transfers(store, load_map_text(MAP.replace("count: 40000", "count: 40001")), _assessment(),
                         ["de-to-jp"], time=WHEN)
    fp = [orjson.loads(store.leaf(i[0]))["datasets"][0]["sha256"] for i in (a, b, c)]
    assert fp[0] == fp[1] != fp[2]


@pytest.mark.parametrize(("status", "error"), [("prohibited", ProhibitedTransfer), ("action_required", NotCompliant)])
def test_refuses_and_appends_nothing(store: LedgerStore, status: str, error: type[Exception]) -> None:
    datamap = load_map_text(MAP)
    store.append([b"before"])
    with pytest.raises(error) as info:
        record_transfers(store, datamap, _assessment(status), ["de-to-jp", "jp-to-us"], time=WHEN)
    assert info.value.flows == ["jp-to-us"]  # type: ignore[attr-defined]
    with pytest.raises(error):
        record_transfers(store, datamap, _assessment(status), None, time=WHEN)  # None = every flow
    assert store.size() == 1
    assert record_transfers(store, datamap, _assessment(status), ["de-to-jp"], time=WHEN) == [1]


def test_unknown_flow(store: LedgerStore) -> None:
    with pytest.raises(UnknownFlow):
        record_transfers(store, load_map_text(MAP), _assessment(), ["nope"])
    assert store.size() == 0


def test_records_with_path(tmp_path, log_key) -> None:  # type: ignore[no-untyped-def]
    from xborder.ledger.storage import open_store

    path = tmp_path / "p.db"
    with open_store(str(path)) as s:
        s.initialise("example.org/xborder/test-log", log_key.verifier())
    assert record_transfers(path, load_map_text(MAP), _assessment(), None, records={"de-to-us": 12}) == [0, 1, 2]
    with open_store(str(path)) as s:
        assert orjson.loads(s.leaf(1))["records"] == 12


def test_with_real_engine(store: LedgerStore) -> None:
    engine = pytest.importorskip("xborder.engine")
    datamap = load_map_text(MAP)
    assessment = engine.assess_map(datamap)
    statuses = {f.id: f.status for f in assessment.flows}
    compliant = [f for f, s in statuses.items() if s == "compliant"]
    blocked = [f for f, s in statuses.items() if s != "compliant"]
    if compliant:
        idx = record_transfers(store, datamap, assessment, compliant, time=WHEN)
        assert len(idx) == len(compliant)
        ev = orjson.loads(store.leaf(idx[0]))
        assert ev["kb_version"] == assessment.kb_version
    if blocked:
        before = store.size()
        with pytest.raises((ProhibitedTransfer, NotCompliant)):
            record_transfers(store, datamap, assessment, blocked, time=WHEN)
        assert store.size() == before


def test_event_schema_rejects_free_text_and_unknown_fields() -> None:
    good = {
        "flow": "f", "exporter": {"entity": "a", "country": "DE"}, "importer": {"entity": "b", "country": "US"},
        "countries": {"from": "DE", "to": "US"}, "datasets": [{"id": "d", "sha256": "0" * 64}],
        "individuals": 3, "time": "2026-01-01T00:00:00Z",
        "verdict": {"status": "compliant", "regimes": {"EU-GDPR": "permitted"}},
        "instruments": [], "kb_version": "kb-1", "as_of": "2026-01-01",
    }
    ev = TransferEvent.from_dict(good)
    assert TransferEvent.from_json(ev.canonical()) == ev
    for mutate in [
        lambda d: d.update(email="jane@example.com"),
        lambda d: d["exporter"].update(entity="Jane Doe"),
        lambda d: d.update(individuals=-1),
        lambda d: d.update(time="2026-01-01T00:00:00"),
        lambda d: d["verdict"].update(status="fine"),
        lambda d: d["datasets"][0].update(sha256="abc"),
        lambda d: d.update(countries={"from": "Germany", "to": "US"}),
    ]:
        bad = orjson.loads(orjson.dumps(good))
        mutate(bad)
        with pytest.raises(EventError):
            TransferEvent.from_dict(bad)
