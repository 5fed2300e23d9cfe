"""EU-GDPR, UK-GDPR and CH-FADP, article by article, on both sides of every dated change."""

from __future__ import annotations


import pytest

from tests.rules._maps import one_flow, regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def hop(exporter: str, recipient: str, *, as_of: str = "2026-06-01", certs: str = "", parent: str = "",
        categories: str = "user.name, user.contact.email", residence: str | None = None,
        extra: str = "", exporter_location: str | None = None) -> dict[str, RegimeResult]:
    residence = residence or exporter
    loc = ", location: lx" if exporter_location else ""
    text = f"""\
xborder: 1
as_of: {as_of}
entities:
  - {{id: exp, country: {exporter}}}
  - {{id: imp, country: {recipient}, certifications: [{certs}]{', parent: exp' if parent else ''}}}
locations:
  - {{id: lx, country: {exporter_location or exporter}}}
datasets:
  - {{id: d, categories: [{categories}], subjects: [{{residence: {residence}, count: 1000}}]}}
flows:
  - {{id: f, from: {{entity: exp{loc}}}, to: {{entity: imp}}, datasets: [d]{extra}}}
"""
    flow = assess_map(load_map_text(text)).flow("f")
    return {r.regime: r for r in flow.regimes}


# --- GDPR Art 3 and Art 44: who is bound, what is a transfer -----------------------------

def test_art_3_1_exporter_established_in_the_eea() -> None:
    r = hop("FR", "IN")["EU-GDPR"]
    assert r.applies and r.verdict is Verdict.CONDITIONAL and "eu.scc" in r.one_of


def test_transfer_within_the_eea_is_not_a_chapter_v_transfer() -> None:
    r = hop("FR", "NO")["EU-GDPR"]
    assert r.verdict is Verdict.NOT_APPLICABLE and "inside EU" in r.steps[-1].text


def test_non_personal_data_is_out_of_scope() -> None:
    r = hop("FR", "IN", categories="system.operations")["EU-GDPR"]
    assert r.verdict is Verdict.NOT_APPLICABLE


def test_direct_collection_by_the_recipient_is_not_a_transfer() -> None:
    r = hop("FR", "IN", extra=", direct_collection: true")["EU-GDPR"]
    assert r.verdict is Verdict.NOT_APPLICABLE and "collects directly" in r.steps[-1].text


def test_art_3_2_non_eu_collector_of_eu_residents_needs_a_representative() -> None:
    r = hop("IN", "SG", residence="DE")["EU-GDPR"]
    assert r.applies and "Art 3(2)" in r.why[0]
    assert "eu.art27-representative" in r.obligations


def test_a_regime_with_no_tie_to_the_hop_is_not_reported() -> None:
    assert "EU-GDPR" not in hop("IN", "SG")


# --- Art 45 adequacy, dated ------------------------------------------------------------

@pytest.mark.parametrize("as_of,verdict", [("2019-01-22", "conditional"), ("2019-01-23", "permitted")])
def test_japan_adequacy_from_23_january_2019(as_of: str, verdict: str) -> None:
    assert hop("DE", "JP", as_of=as_of)["EU-GDPR"].verdict.value == verdict


@pytest.mark.parametrize("as_of,cert,verdict", [
    ("2023-07-09", "eu-us-dpf", "conditional"),
    ("2023-07-10", "eu-us-dpf", "permitted"),
    ("2020-07-15", "eu-us-privacy-shield", "permitted"),
    ("2020-07-16", "eu-us-privacy-shield", "conditional"),  # Schrems II, C-311/18
    ("2026-06-01", "", "conditional"),  # not certified: adequacy does not cover the recipient
])
def test_us_adequacy_covers_certified_recipients_only(as_of: str, cert: str, verdict: str) -> None:
    r = hop("NL", "US", as_of=as_of, certs=cert)["EU-GDPR"]
    assert r.verdict.value == verdict


def test_adequacy_needs_no_instrument_and_names_the_decision() -> None:
    r = hop("DE", "KR")["EU-GDPR"]
    assert r.verdict is Verdict.PERMITTED and r.one_of == () and r.satisfied
    assert "eu.adequacy" in r.exemptions and any("2022/254" in (c.note or "") for c in r.citations)


# --- Art 46/47: safeguards, TIA, BCRs --------------------------------------------------

def test_scc_with_tia_after_schrems_ii() -> None:
    r = hop("FR", "IN", as_of="2020-07-16")["EU-GDPR"]
    assert r.obligations == ("eu.tia",)
    assert hop("FR", "IN", as_of="2020-07-15")["EU-GDPR"].obligations == ()


def test_bcrs_only_inside_a_group() -> None:
    assert "eu.bcr" not in hop("FR", "IN")["EU-GDPR"].one_of
    assert "eu.bcr" in hop("FR", "IN", parent="yes")["EU-GDPR"].one_of


def test_declared_scc_and_tia_satisfy() -> None:
    r = hop("FR", "IN", extra=", safeguards: [eu.scc, eu.tia]")["EU-GDPR"]
    assert r.satisfied and r.missing == ()
    r = hop("FR", "IN", extra=", safeguards: [eu.scc]")["EU-GDPR"]
    assert not r.satisfied and r.missing == ("eu.tia",)


# --- Art 49 derogations -----------------------------------------------------------------

def test_contract_necessity_offers_the_art_49_1_b_derogation_without_tia() -> None:
    r = hop("FR", "IN", extra=", necessity: contract-with-subject, safeguards: [eu.derogation.contract]")["EU-GDPR"]
    assert "eu.derogation.contract" in r.one_of and r.satisfied and r.obligations == ()
    assert any(c.article == "49(1)(b)" for c in r.citations)


def test_art_9_classification() -> None:
    r = hop("FR", "IN", categories="user.name, user.health_and_medical.genetic")["EU-GDPR"]
    assert r.classification == {"tier": "special", "categories": ["user.health_and_medical.genetic"]}
    assert hop("FR", "IN", categories="user.criminal_history")["EU-GDPR"].classification["tier"] == "criminal"


# --- onward transfers (Art 44, Art 45(2)(a)) --------------------------------------------------

ONWARD = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: shop, country: DE}
  - {id: first, country: FIRST, certifications: [CERTS]}
  - {id: next, country: US}
datasets:
  - {id: d, categories: [user.name, user.contact.email], subjects: [{residence: DE, count: 5000}]}
flows:
  - {id: one, from: {entity: shop}, to: {entity: first}, datasets: [d], safeguards: [eu.scc, eu.tia]}
  - {id: two, from: {entity: first}, to: {entity: next}, datasets: [d]}
"""


@pytest.mark.parametrize("first,certs,verdict", [
    ("GB", "", Verdict.PERMITTED),  # the UK's own onward rules govern: the adequacy decision weighed them
    ("JP", "", Verdict.PERMITTED),
    ("US", "eu-us-dpf", Verdict.PERMITTED),  # the DPF's onward-transfer principle
    ("US", "", Verdict.CONDITIONAL),  # not certified: no adequacy behind the first stop
    ("IN", "", Verdict.CONDITIONAL),  # SCCs' onward-transfer clause: another safeguard for the next hop
])
def test_onward_transfer_from_an_adequate_country(first: str, certs: str, verdict: Verdict) -> None:
    text = ONWARD.replace("FIRST", first).replace("CERTS", certs)
    if first == "US":
        text = text.replace("{id: next, country: US}", "{id: next, country: IN}")
    two = regime_result(assess_map(load_map_text(text)), "two", "EU-GDPR")
    assert two.applies and two.verdict is verdict
    assert any("onward" in w for w in two.why)


# --- UK GDPR ------------------------------------------------------------------------------

def test_uk_was_inside_the_eu_regime_until_the_end_of_2020() -> None:
    before = hop("GB", "IN", as_of="2020-12-31")
    assert "UK-GDPR" not in before and before["EU-GDPR"].applies
    after = hop("GB", "IN", as_of="2021-01-01")
    assert after["UK-GDPR"].applies and after["UK-GDPR"].verdict is Verdict.CONDITIONAL


@pytest.mark.parametrize("as_of,instruments", [
    ("2021-06-01", ("uk.legacy-scc",)),
    ("2022-03-21", ("uk.idta", "uk.addendum", "uk.legacy-scc")),
    ("2022-09-22", ("uk.idta", "uk.addendum")),
])
def test_uk_instruments_over_time(as_of: str, instruments: tuple[str, ...]) -> None:
    assert hop("GB", "IN", as_of=as_of)["UK-GDPR"].one_of == instruments


@pytest.mark.parametrize("as_of,verdict", [("2023-10-11", "conditional"), ("2023-10-12", "permitted")])
def test_uk_us_data_bridge(as_of: str, verdict: str) -> None:
    assert hop("GB", "US", as_of=as_of, certs="uk-us-data-bridge")["UK-GDPR"].verdict.value == verdict


def test_uk_to_eea_is_adequate_and_korea_from_december_2022() -> None:
    assert hop("GB", "FR")["UK-GDPR"].verdict is Verdict.PERMITTED
    assert hop("GB", "KR", as_of="2022-12-18")["UK-GDPR"].verdict is Verdict.CONDITIONAL
    assert hop("GB", "KR", as_of="2022-12-19")["UK-GDPR"].verdict is Verdict.PERMITTED


@pytest.mark.parametrize("as_of,declared,satisfied", [
    ("2023-06-01", True, True),  # a contract signed before 22 September 2022 still serves
    ("2024-03-20", True, True),
    ("2024-03-21", True, False),  # from 21 March 2024 it no longer does
])
def test_uk_legacy_scc_contracts_concluded_before_september_2022(as_of: str, declared: bool,
                                                                  satisfied: bool) -> None:
    r = hop("GB", "IN", as_of=as_of, extra=", safeguards: [uk.legacy-scc, uk.tra]")["UK-GDPR"]
    assert r.satisfied is satisfied
    assert ("uk.legacy-scc" in r.one_of) is satisfied


def test_uk_legacy_scc_is_not_offered_for_a_new_contract_after_september_2022() -> None:
    assert "uk.legacy-scc" not in hop("GB", "IN", as_of="2023-06-01")["UK-GDPR"].one_of


@pytest.mark.parametrize("as_of,transfer,adequacy,assessment", [
    ("2026-02-04", "Art 44", "Art 45", "Art 46(1)"),
    ("2026-02-05", "Art 44A", "Art 45A", "Art 46(1A)(a)(ii)"),  # Data (Use and Access) Act 2025, Sch 7
])
def test_uk_articles_follow_the_data_use_and_access_act(as_of: str, transfer: str, adequacy: str,
                                                         assessment: str) -> None:
    to_india = hop("GB", "IN", as_of=as_of)["UK-GDPR"]
    labels = [s.render() for s in to_india.steps]
    assert any("Chapter V applies" in t and f"UK GDPR {transfer})" in t for t in labels)
    assert any(f"UK GDPR {adequacy})" in t for t in labels if "no adequacy decision" in t)
    assert any(f"UK GDPR {assessment})" in t for t in labels if "uk.tra" in t)
    # the countries approved before carry over: same verdicts either side of the change
    assert hop("GB", "KR", as_of=as_of)["UK-GDPR"].verdict is Verdict.PERMITTED
    assert to_india.one_of == ("uk.idta", "uk.addendum")


@pytest.mark.parametrize("as_of,verdict,text", [
    ("2020-12-31", "not_applicable", "inside EU"),  # still in the EU regime
    ("2021-01-01", "permitted", "not treated as a transfer to a third country"),  # TCA Art 782 bridge
    ("2021-06-27", "permitted", "not treated as a transfer to a third country"),
    ("2021-06-28", "permitted", "covered by an adequacy decision"),  # Decision 2021/1772
    ("2031-12-26", "permitted", "covered by an adequacy decision"),  # Art 4 as renewed in Dec 2025
])
def test_eu_to_uk_across_brexit(as_of: str, verdict: str, text: str) -> None:
    r = hop("FR", "GB", as_of=as_of)["EU-GDPR"]
    assert r.verdict.value == verdict and any(text in s.text for s in r.steps)


def test_eu_uk_adequacy_expires_on_27_december_2031() -> None:
    r = hop("FR", "GB", as_of="2031-12-27")["EU-GDPR"]   # "shall expire on 27 December 2031" (Art 4)
    assert not any("covered by an adequacy decision" in s.text for s in r.steps)


# --- Swiss FADP -----------------------------------------------------------------------------

@pytest.mark.parametrize("as_of,verdict", [("2024-09-14", "conditional"), ("2024-09-15", "permitted")])
def test_swiss_us_dpf(as_of: str, verdict: str) -> None:
    assert hop("CH", "US", as_of=as_of, certs="swiss-us-dpf")["CH-FADP"].verdict.value == verdict


def test_swiss_safeguards_are_swiss() -> None:
    r = hop("CH", "IN")["CH-FADP"]
    assert r.one_of == ("ch.scc",) and any(c.article == "16(2)" for c in r.citations)


@pytest.mark.parametrize("as_of,law", [("2023-08-31", "FADP (1992) Art 6(1)"), ("2023-09-01", "FADP Art 16(1)")])
def test_swiss_adequacy_under_the_old_and_the_revised_act(as_of: str, law: str) -> None:
    r = hop("CH", "DE", as_of=as_of)["CH-FADP"]
    assert r.verdict is Verdict.PERMITTED and r.exemptions == ("ch.adequacy",)
    assert any(c.label == law for c in r.citations)
    before = hop("CH", "DE", as_of="2023-08-31")["CH-FADP"]
    assert any("FDPIC list" in (c.note or "") for c in before.citations)  # indicative, not binding


@pytest.mark.parametrize("as_of,verdict", [("2020-09-07", "permitted"), ("2020-09-08", "conditional"),
                                           ("2024-09-15", "permitted")])
def test_swiss_us_privacy_shield_then_the_dpf(as_of: str, verdict: str) -> None:
    certs = "swiss-us-privacy-shield, swiss-us-dpf"
    assert hop("CH", "US", as_of=as_of, certs=certs)["CH-FADP"].verdict.value == verdict


def test_old_fadp_safeguards_and_derogations_cite_art_6_2() -> None:
    r = hop("CH", "IN", as_of="2022-06-01")["CH-FADP"]
    assert r.verdict is Verdict.CONDITIONAL and r.one_of == ("ch.scc",)
    assert any(s.render().endswith("(FADP (1992) Art 6(2)(a), 6(2)(g))") for s in r.steps)
    d = hop("CH", "IN", as_of="2022-06-01", extra=", necessity: contract-with-subject")["CH-FADP"]
    assert "ch.derogation.contract" in d.one_of
    assert any(c.label == "FADP (1992) Art 6(2)(c)" for c in d.citations)


def test_effects_principle_only_under_the_revised_act() -> None:
    # a foreign exporter of data about people in Switzerland: revised FADP Art 3(1) reaches it
    assert "CH-FADP" not in hop("IN", "SG", residence="CH", as_of="2023-08-31") or \
        not hop("IN", "SG", residence="CH", as_of="2023-08-31")["CH-FADP"].applies
    assert hop("IN", "SG", residence="CH", as_of="2023-09-01")["CH-FADP"].applies


def test_no_swiss_representative_is_derived_from_the_map() -> None:
    assert hop("IN", "SG", residence="CH")["CH-FADP"].obligations == ()


# --- issue 7, item 1: a derogation that applies is the ground of the transfer ----------------

@pytest.mark.parametrize("regime, sender, necessity, derogation, article", [
    ("EU-GDPR", "FR", "contract-with-subject", "eu.derogation.contract", "49(1)(b)"),
    ("EU-GDPR", "FR", "legal-claims", "eu.derogation.legal-claims", "49(1)(e)"),
    ("EU-GDPR", "FR", "emergency", "eu.derogation.vital-interests", "49(1)(f)"),
    ("UK-GDPR", "GB", "contract-with-subject", "uk.derogation.contract", "49(1)(b)"),
    ("CH-FADP", "CH", "legal-claims", "ch.derogation.legal-claims", "17(1)(c)"),
])
def test_a_claimed_derogation_satisfies_chapter_v_without_a_tia(regime: str, sender: str, necessity: str,
                                                                derogation: str, article: str) -> None:
    r = one_flow(regime, sender=sender, recipient="IN", necessity=necessity)
    assert r is not None and r.satisfied and r.missing == (), r.missing
    assert derogation in r.exemptions and not any(o in r.obligations for o in ("eu.tia", "uk.tra"))
    assert any(c.article == article for c in r.citations)


def test_old_fadp_derogation_applies_too() -> None:
    r = one_flow("CH-FADP", sender="CH", recipient="IN", as_of="2022-06-01", necessity="emergency")
    assert r is not None and r.satisfied and "ch.derogation.vital-interests" in r.exemptions
    assert any(c.label == "FADP (1992) Art 6(2)(e)" for c in r.citations)


@pytest.mark.parametrize("how", ["necessity", "declared"])
def test_contract_derogation_does_not_carry_a_feed_to_a_processor(how: str) -> None:
    kw = {"necessity": "contract-with-subject"} if how == "necessity" else {"safeguards": "eu.derogation.contract"}
    r = one_flow("EU-GDPR", sender="DE", recipient="US", role="processor", **kw)
    assert r is not None and not r.satisfied and "eu.derogation.contract" not in r.exemptions
    step = next(s for s in r.steps if s.text.startswith("eu.derogation.contract"))
    assert step.taken is False and "occasional" in step.text and "processor" in step.text
    assert "eu.tia" in r.obligations  # the Art 46 route it must take instead


def test_vital_interests_are_not_confined_to_occasional_transfers() -> None:
    r = one_flow("EU-GDPR", sender="DE", recipient="US", role="processor", necessity="emergency")
    assert r is not None and r.satisfied and "eu.derogation.vital-interests" in r.exemptions


# --- GDPR / UK GDPR Art 49(1), second subparagraph: the residual compelling-legitimate-interests derogation ---

@pytest.mark.parametrize("regime,j,sender,as_of", [
    ("EU-GDPR", "eu", "DE", "2026-06-01"),
    ("UK-GDPR", "uk", "GB", "2026-02-04"),  # before the Data (Use and Access) Act 2025 Sch 7 ...
    ("UK-GDPR", "uk", "GB", "2026-02-05"),  # ... and after: para 9(3) keeps the subparagraph
])
def test_compelling_legitimate_interests_is_a_ground_with_its_two_duties(regime: str, j: str, sender: str,
                                                                          as_of: str) -> None:
    mech = f"{j}.derogation.compelling-legitimate-interests"
    duties = (f"{j}.art49-inform-authority", f"{j}.art49-inform-subject")
    r = one_flow(regime, sender=sender, recipient="IN", as_of=as_of, safeguards=mech)
    assert r is not None and mech in r.exemptions and mech in r.one_of
    assert r.obligations == duties and not r.satisfied  # the authority and the subject are not yet informed
    assert f"{j}.tia" not in r.obligations and f"{j}.tra" not in r.obligations
    assert any(c.article == "49(1), second subparagraph" for c in r.citations)
    done = one_flow(regime, sender=sender, recipient="IN", as_of=as_of, safeguards=", ".join((mech, *duties)))
    assert done is not None and done.satisfied


@pytest.mark.parametrize("kw,why", [
    ({"sender_role": "processor"}, "serves only the compelling legitimate interests of a controller"),
    ({"role": "processor"}, "not repetitive"),
    ({"safeguards": "eu.derogation.compelling-legitimate-interests, eu.scc"}, "can be based on eu.scc"),
    ({"necessity": "emergency"}, "eu.derogation.vital-interests applies"),
])
def test_compelling_legitimate_interests_only_where_the_text_leaves_room(kw: dict[str, str], why: str) -> None:
    kw = {"safeguards": "eu.derogation.compelling-legitimate-interests", **kw}
    r = one_flow("EU-GDPR", sender="DE", recipient="IN", **kw)
    assert r is not None and "eu.derogation.compelling-legitimate-interests" not in r.exemptions
    assert "eu.derogation.compelling-legitimate-interests" not in r.one_of
    assert "eu.art49-inform-authority" not in r.obligations
    step = next(s for s in r.steps if s.text.startswith("eu.derogation.compelling-legitimate-interests"))
    assert why in step.text and step.taken is False


def test_compelling_legitimate_interests_gives_way_to_adequacy() -> None:
    r = one_flow("EU-GDPR", sender="DE", recipient="JP", safeguards="eu.derogation.compelling-legitimate-interests")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.exemptions == ("eu.adequacy",)


def test_explicit_consent_cites_art_49_1_a() -> None:
    r = one_flow("EU-GDPR", sender="DE", recipient="IN", safeguards="eu.derogation.explicit-consent")
    assert r is not None and r.satisfied and any(c.article == "49(1)(a)" for c in r.citations)


def test_the_fadp_has_no_compelling_legitimate_interests_derogation() -> None:
    from xborder.vocabulary import safeguards
    assert "eu.derogation.compelling-legitimate-interests" in safeguards()
    assert not any(s.startswith("ch.derogation.compelling") for s in safeguards())


# --- old FADP Art 6(3): the FDPIC is informed of contractual safeguards and group rules ---------

@pytest.mark.parametrize("as_of,safeguards,extra,owed", [
    ("2023-08-31", "ch.scc", "", True),
    ("2023-08-31", "ch.bcr", ", parent: exp", True),
    ("2019-06-01", "ch.scc", "", True),
    ("2023-09-01", "ch.scc", "", False),  # revised FADP Art 16(2)(d): no information duty
    ("2023-09-01", "ch.bcr", ", parent: exp", False),
])
def test_old_fadp_art_6_3_information_duty(as_of: str, safeguards: str, extra: str, owed: bool) -> None:
    r = one_flow("CH-FADP", sender="CH", recipient="IN", as_of=as_of, safeguards=safeguards, recipient_extra=extra)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert ("ch.fdpic-information" in r.obligations) is owed and r.satisfied is not owed
    if owed:
        done = one_flow("CH-FADP", sender="CH", recipient="IN", as_of=as_of, recipient_extra=extra,
                        safeguards=f"{safeguards}, ch.fdpic-information")
        assert done is not None and done.satisfied
        assert any(c.article == "6(3)" for c in r.citations) or any("6(3)" in s.text for s in r.steps)


def test_old_fadp_derogation_needs_no_information() -> None:
    r = one_flow("CH-FADP", sender="CH", recipient="IN", as_of="2023-08-31", necessity="contract-with-subject")
    assert r is not None and r.satisfied and "ch.fdpic-information" not in r.obligations


def test_compelling_legitimate_interests_gives_way_to_declared_explicit_consent() -> None:
    r = one_flow("EU-GDPR", sender="DE", recipient="IN",
                 safeguards="eu.derogation.explicit-consent, eu.derogation.compelling-legitimate-interests")
    assert r is not None and r.exemptions == ("eu.derogation.explicit-consent",) and r.satisfied
    step = next(s for s in r.steps if s.text.startswith("eu.derogation.compelling-legitimate-interests"))
    assert "eu.derogation.explicit-consent applies" in step.text and not step.taken
