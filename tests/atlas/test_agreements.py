"""Agreements as data: the loader, every party's dates on both sides of entry into force, the
pair report (blocs, the Union, the strongest commitment) and coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xborder.atlas.agreements import Clause, bound, coverage, pair_report, party_keys, strongest
from xborder.kb import KnowledgeBaseError, default_knowledge_base
from xborder.kb.agreements import PROVISIONS, Agreement, Provision, default_agreements, load_agreements

KB = default_knowledge_base()
AGREEMENTS = default_agreements()
DAY = dt.timedelta(days=1)


def _parties_in_force() -> list[tuple[str, str, dt.date]]:
    return [(g.id, p.key, p.in_force) for g in AGREEMENTS.values() for p in g.parties if p.in_force]


def test_at_least_sixteen_agreements_each_coding_every_provision() -> None:
    assert len(AGREEMENTS) >= 16
    for g in AGREEMENTS.values():
        assert set(g.provisions) == set(PROVISIONS), g.id
        assert g.parties, g.id


@pytest.mark.parametrize(("agreement", "party", "in_force"), _parties_in_force())
def test_each_party_is_bound_from_its_entry_into_force_and_not_the_day_before(
        agreement: str, party: str, in_force: dt.date) -> None:
    g = AGREEMENTS[agreement]
    assert not g.binds(party, in_force - DAY)
    assert g.binds(party, in_force)


@pytest.mark.parametrize(("agreement", "party", "before", "on"), [
    ("cptpp", "GB", dt.date(2024, 12, 14), dt.date(2024, 12, 15)),  # the UK's accession
    ("depa", "KR", dt.date(2024, 5, 2), dt.date(2024, 5, 3)),  # Korea's accession
    ("rcep", "CN", dt.date(2021, 12, 31), dt.date(2022, 1, 1)),
    ("rcep", "MY", dt.date(2022, 3, 17), dt.date(2022, 3, 18)),
    ("eu-japan-data-flows", "EU", dt.date(2024, 6, 30), dt.date(2024, 7, 1)),
    ("sadea", "AU", dt.date(2020, 12, 7), dt.date(2020, 12, 8)),
])
def test_named_entries_into_force(agreement: str, party: str, before: dt.date, on: dt.date) -> None:
    assert not AGREEMENTS[agreement].binds(party, before)
    assert AGREEMENTS[agreement].binds(party, on)


def test_a_party_without_a_found_date_is_never_bound() -> None:
    # Myanmar's RCEP date was not found: it is not recorded, so it is not guessed either.
    assert AGREEMENTS["rcep"].party("MM") is not None
    assert not AGREEMENTS["rcep"].binds("MM", dt.date(2026, 1, 1))


def test_signed_agreements_bind_no_one() -> None:
    for g in AGREEMENTS.values():
        if g.status != "in_force":
            assert not any(p.in_force for p in g.parties), g.id


def test_union_members_are_bound_through_the_union_while_members() -> None:
    on = dt.date(2024, 7, 1)
    assert party_keys(KB, "DE", on) == {"DE", "EU"}
    assert bound(AGREEMENTS["eu-japan-data-flows"], KB, "DE", on) == "EU"
    assert bound(AGREEMENTS["eu-japan-data-flows"], KB, "DE", on - DAY) is None
    assert "EU" not in party_keys(KB, "GB", dt.date(2020, 2, 1))  # left on 31 January 2020
    assert "EU" in party_keys(KB, "GB", dt.date(2020, 1, 31))


def test_union_membership_is_the_eea_without_iceland_liechtenstein_and_norway() -> None:
    on = dt.date(2025, 1, 1)
    assert KB.members("blocs.eu", on) == KB.members("eu.eea", on) - {"IS", "LI", "NO"}


def test_cn_sg_are_bound_by_rcep_only_with_its_self_judging_security_exception() -> None:
    report = pair_report(KB, AGREEMENTS, "CN", "SG", dt.date(2026, 6, 1))
    assert [g.id for g in report.binding] == ["rcep"]
    transfer = next(r for r in report.rows if r.provision == "transfer")
    (clause,) = transfer.clauses
    security = next(e for e in clause.provision.exceptions if e.kind == "essential_security")
    assert security.self_judging and security.not_disputable and security.article == "12.15(3)(b)"
    assert clause.provision.dispute_settlement is False
    pending = {g.id for g, _ in report.pending}
    assert {"cptpp", "depa", "acfta-3"} <= pending  # China applied / ACFTA 3.0 signed only


def test_before_rcep_nothing_binds_cn_and_sg() -> None:
    report = pair_report(KB, AGREEMENTS, "CN", "SG", dt.date(2021, 12, 31))
    assert report.binding == ()


def test_a_bloc_stands_for_its_members_and_names_those_an_agreement_leaves_out() -> None:
    report = pair_report(KB, AGREEMENTS, "CN", "ASEAN", dt.date(2026, 6, 1))
    assert "rcep" in [g.id for g in report.binding]
    assert set(report.not_bound["rcep"]) == {"ID", "MM", "TL"}  # dates not found; TL not a party
    assert "TL" in report.members["ASEAN"]


def test_sg_gb_overlap_marks_the_strongest_commitment() -> None:
    report = pair_report(KB, AGREEMENTS, "SG", "GB", dt.date(2026, 6, 1))
    ids = [g.id for g in report.binding]
    assert "cptpp" in ids
    transfer = next(r for r in report.rows if r.provision == "transfer")
    # CPTPP's transfer clause is binding with dispute settlement: the strongest of the overlap.
    assert [c.agreement.id for c in transfer.strongest] == ["cptpp"]


def _provision(commitment: str, ds: bool | None = None, self_judging: bool = False) -> Provision:
    exceptions = [{"kind": "essential_security", "article": "x", "self_judging": self_judging}]
    return Provision.model_validate({"article": "1", "commitment": commitment, "dispute_settlement": ds,
                                     "exceptions": exceptions, "verified": True})


def _clause(name: str, provision: Provision) -> Clause:
    base = AGREEMENTS["rcep"]
    return Clause(base.model_copy(update={"id": name}), provision)


def test_strongest_ranks_binding_then_dispute_settlement_then_fewer_self_judging_exceptions() -> None:
    weak = _clause("weak", _provision("best_endeavour", ds=True))
    no_ds = _clause("no-ds", _provision("binding", ds=False))
    ds_self = _clause("ds-self", _provision("binding", ds=True, self_judging=True))
    ds = _clause("ds", _provision("binding", ds=True))
    assert strongest([weak, no_ds]) == (no_ds,)
    assert strongest([no_ds, ds_self]) == (ds_self,)
    assert strongest([ds_self, ds]) == (ds,)
    twin = _clause("twin", _provision("binding", ds=True))
    assert strongest([ds, twin]) == (ds, twin)  # ties keep both
    assert strongest([_clause("none", _provision("none"))]) == ()


def test_coverage_counts_verified_provisions() -> None:
    report = coverage(AGREEMENTS)
    assert report["agreements"] == len(AGREEMENTS) >= 16
    assert report["provisions"] == 6 * len(AGREEMENTS)
    verified = sum(p.verified for g in AGREEMENTS.values() for p in g.provisions.values())
    assert report["provisions_verified"] == verified
    assert 0 < report["share_verified"] < 1


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "bad.yaml").write_text(text, "utf-8")
    return tmp_path


BASE = """title: T
short: T
status: in_force
url: https://example.org
checked: 2026-12-02
parties: [{key: SG, in_force: 2020-01-01}]
provisions:
"""
ALL = "".join(f"  {p}: {{commitment: none, verified: true}}\n" for p in PROVISIONS)


def test_loader_accepts_a_minimal_agreement(tmp_path: Path) -> None:
    loaded = load_agreements(_write(tmp_path, BASE + ALL))
    assert isinstance(loaded["bad"], Agreement)


@pytest.mark.parametrize(("text", "message"), [
    (BASE + ALL.replace("  source_code: {commitment: none, verified: true}\n", ""), "missing ['source_code']"),
    (BASE + ALL + "  extra: {commitment: none, verified: true}\n", "unknown ['extra']"),
    (BASE + ALL.replace("transfer: {commitment: none, verified: true}",
                        "transfer: {commitment: unknown, verified: true}"), "cannot be `verified`"),
    (BASE + ALL.replace("transfer: {commitment: none, verified: true}",
                        "transfer: {commitment: binding, verified: true}"), "names its article"),
    (BASE + ALL.replace("transfer: {commitment: none, verified: true}",
                        "transfer: {article: '1', commitment: binding, verified: true, exceptions: "
                        "[{kind: legitimate_public_policy, article: '1(2)', tests: [necesity]}]}"), "unknown test"),
    (BASE.replace("in_force: 2020-01-01", "in_force: 2020-13-01") + ALL, "parties.0.in_force"),
    ("- not a mapping\n", "an agreement file is a mapping"),
])
def test_loader_names_the_file_and_key_of_every_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeBaseError) as err:
        load_agreements(_write(tmp_path, text))
    assert "kb/data/agreements/bad.yaml" in str(err.value)
    assert message in str(err.value)


def test_the_fact_loader_leaves_the_agreements_folder_alone() -> None:
    assert not any(fid.startswith("agreements.") for fid in KB.facts)
