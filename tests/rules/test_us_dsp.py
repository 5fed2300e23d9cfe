"""US-DSP (28 CFR Part 202), section by section, both sides of every threshold and date."""

from __future__ import annotations

import datetime as dt

import pytest

from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.kb import default_knowledge_base
from xborder.rules.base import RegimeResult, Verdict
from xborder.rules.us_dsp import DspTaxonomy


def dsp(*, count: int = 200_000, categories: str = "user.name, user.device.device_id", transaction: str = "data-brokerage",
        recipient: str = "CN", as_of: str = "2026-06-01", recipient_extra: str = "", parent: str = "",
        role: str = "controller", purpose: str = "third_party_sharing", safeguards: str = "",
        sender: str = "US") -> RegimeResult | None:
    owner = f"\n  - {{id: owner, country: {parent}}}" if parent else ""
    text = f"""\
xborder: 1
as_of: {as_of}
entities:
  - {{id: us, country: {sender}}}
  - {{id: them, country: {recipient}{', parent: owner' if parent else ''}{recipient_extra}}}{owner}
datasets:
  - {{id: d, categories: [{categories}], subjects: [{{residence: US, count: {count}}}]}}
flows:
  - {{id: f, from: {{entity: us}}, to: {{entity: them, role: {role}}}, datasets: [d], purpose: {purpose},
     transaction: {transaction}, safeguards: [{safeguards}]}}
"""
    flow = assess_map(load_map_text(text)).flow("f")
    return next((r for r in flow.regimes if r.regime == "US-DSP"), None)


# --- § 202.205(f): covered personal identifiers, more than 100,000 U.S. persons -------------

@pytest.mark.parametrize(("count", "bulk"), [(99_999, False), (100_000, False), (100_001, True)])
def test_covered_personal_identifiers_threshold(count: int, bulk: bool) -> None:
    r = dsp(count=count)
    assert r is not None
    assert (r.verdict is Verdict.PROHIBITED) is bulk
    assert r.classification["tier"] == ("bulk" if bulk else "below-bulk")
    info = r.classification["dsp_categories"]["covered-personal-identifiers"]
    assert info == {"count": count, "threshold": 100_000, "unit": "U.S. persons", "comparison": "more-than",
                    "bulk": bulk}
    if not bulk:
        assert r.exemptions == ("us.exemption.below-bulk",)


# --- § 202.205(a)-(e): the other thresholds ------------------------------------------------

@pytest.mark.parametrize(("category", "threshold"), [
    ("user.health_and_medical.genetic", 100),
    ("user.health_and_medical.omic", 1000),
    ("user.biometric.fingerprint", 1000),
    ("user.location.precise", 1000),
    ("user.health_and_medical.diagnosis", 10_000),
    ("user.financial.transaction_history", 10_000),
])
@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_single_category_thresholds(category: str, threshold: int, delta: int) -> None:
    r = dsp(count=threshold + delta, categories=category, transaction="vendor")
    assert r is not None
    if delta > 0:
        assert r.verdict in (Verdict.CONDITIONAL, Verdict.PROHIBITED)
    else:
        assert r.verdict is Verdict.NOT_APPLICABLE and r.classification["tier"] == "below-bulk"


def test_genomic_data_is_not_counted_as_mere_health_data() -> None:
    r = dsp(count=101, categories="user.health_and_medical.genetic", transaction="vendor")
    assert r is not None and set(r.classification["dsp_categories"]) == {"human-genomic-data"}


# --- § 202.212: covered personal identifiers are combinations ------------------------------

def test_a_standalone_listed_identifier_is_not_covered() -> None:
    r = dsp(categories="user.government_id.passport_number")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
    assert r.classification["dsp_categories"] == {}


def test_demographic_data_linked_only_to_demographic_data_is_excluded() -> None:
    r = dsp(categories="user.name, user.contact.email, user.contact.phone_number")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_name_linked_to_a_device_identifier_is_covered() -> None:
    r = dsp(categories="user.name, user.device.mac_address")
    assert r is not None and r.verdict is Verdict.PROHIBITED


def test_two_government_identifiers_are_covered() -> None:
    r = dsp(categories="user.government_id.passport_number, user.government_id.drivers_license_number")
    assert r is not None and r.verdict is Verdict.PROHIBITED


# --- § 202.205(g): combined data meets the lowest threshold of its categories --------------

def test_combined_data_uses_the_lowest_threshold() -> None:
    # Health (10,000) and financial (10,000) data with a name: 10,001 people is bulk health data,
    # and the identifiers linked to it (threshold 100,000) count as bulk combined data too.
    r = dsp(count=10_001, categories="user.name, user.health_and_medical, user.financial.bank_account",
            transaction="vendor")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.classification["dsp_categories"]["covered-personal-identifiers"]["bulk"] is True


# --- aggregation over the 12 months with the same foreign person --------------------------

def test_transactions_with_the_same_recipient_add_up() -> None:
    r = dsp(count=60_000)
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE  # 60,000 alone is below bulk
    text = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: us, country: US}
  - {id: them, country: CN}
datasets:
  - {id: d, categories: [user.name, user.device.device_id], subjects: [{residence: US, count: 60000}]}
  - {id: d2, categories: [user.name, user.device.device_id], subjects: [{residence: US, count: 60000}]}
flows:
  - {id: f, from: {entity: us}, to: {entity: them}, datasets: [d], transaction: data-brokerage}
  - {id: g, from: {entity: us}, to: {entity: them}, datasets: [d2], transaction: data-brokerage}
"""
    flow = assess_map(load_map_text(text)).flow("f")
    r = next(x for x in flow.regimes if x.regime == "US-DSP")
    assert r.verdict is Verdict.PROHIBITED
    assert r.classification["dsp_categories"]["covered-personal-identifiers"]["count"] == 120_000


# --- § 202.211 / § 202.601: covered persons and countries of concern -----------------------

@pytest.mark.parametrize("country", ["CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE"])
def test_entities_organised_in_a_country_of_concern_are_covered(country: str) -> None:
    r = dsp(recipient=country)
    assert r is not None and r.verdict is Verdict.PROHIBITED


def test_entity_elsewhere_is_not_covered_and_brokerage_needs_the_onward_clause() -> None:
    r = dsp(recipient="DE")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("us.dsp-onward-transfer-contract",)
    assert dsp(recipient="DE", safeguards="us.dsp-onward-transfer-contract").satisfied  # type: ignore[union-attr]


def test_entity_elsewhere_under_a_vendor_agreement_is_not_reached() -> None:
    r = dsp(recipient="DE", transaction="vendor")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_foreign_subsidiary_of_a_chinese_parent_is_covered() -> None:
    r = dsp(recipient="SG", parent="CN")
    assert r is not None and r.verdict is Verdict.PROHIBITED
    assert any("202.211(a)(1)-(2)" in (s.cite.article if s.cite else "") for s in r.steps)


def test_us_subsidiary_of_a_chinese_parent_is_a_us_person_not_covered() -> None:
    r = dsp(recipient="US", parent="CN")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_designated_covered_person() -> None:
    r = dsp(recipient="DE", recipient_extra=", covered_person: true")
    assert r is not None and r.verdict is Verdict.PROHIBITED


def test_non_us_sender_is_not_tied() -> None:
    assert dsp(sender="DE") is None


# --- §§ 202.301, 202.303, 202.401: prohibited and restricted transactions ------------------

@pytest.mark.parametrize("kind", ["vendor", "employment", "investment"])
def test_restricted_transactions_need_the_cisa_requirements(kind: str) -> None:
    r = dsp(transaction=kind)
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("us.cisa-security-requirements",)


def test_omic_data_is_prohibited_even_under_a_vendor_agreement() -> None:
    r = dsp(count=101, categories="user.health_and_medical.genetic", transaction="vendor")
    assert r is not None and r.verdict is Verdict.PROHIBITED
    assert any("202.303" in s.render() for s in r.steps)


@pytest.mark.parametrize(("transaction", "role", "verdict"), [
    ("null", "controller", Verdict.NOT_APPLICABLE),  # its own collection: no covered data transaction
    ("vendor", "controller", Verdict.PROHIBITED),  # declared
    ("null", "processor", Verdict.PROHIBITED),  # collecting for the sender: a vendor agreement (§ 202.258)
])
def test_omic_prohibition_needs_a_covered_data_transaction(transaction: str, role: str, verdict: Verdict) -> None:
    # § 202.303 reaches "any covered data transaction" (§ 202.210: brokerage, vendor, employment or investment
    # agreement); a recipient collecting straight from the individuals, with no agreement declared, is none.
    text = f"""\
xborder: 1
as_of: 2026-06-01
entities:
  - {{id: us, country: US}}
  - {{id: lab-cn, country: CN}}
datasets:
  - {{id: d, categories: [user.health_and_medical.genetic], subjects: [{{residence: US, count: 500}}]}}
flows:
  - {{id: f, from: {{entity: us}}, to: {{entity: lab-cn, role: {role}}}, datasets: [d], direct_collection: true,
     transaction: {transaction}}}
"""
    flow = assess_map(load_map_text(text)).flow("f")
    r = next(x for x in flow.regimes if x.regime == "US-DSP")
    assert r.verdict is verdict


def test_prohibited_trace_names_the_licence_route() -> None:
    r = dsp()
    assert r is not None and r.one_of == () and any("us.doj-license" in s.text for s in r.steps)


def test_undeclared_transaction_with_a_processor_is_read_as_vendor() -> None:
    r = dsp(transaction="null", role="processor")
    assert r is not None and r.verdict is Verdict.CONDITIONAL


def test_undeclared_transaction_with_a_controller_is_read_as_brokerage() -> None:
    r = dsp(transaction="null")
    assert r is not None and r.verdict is Verdict.PROHIBITED


# --- dates: in force 8 April 2025; compliance program and audit from 6 October 2025 --------

@pytest.mark.parametrize(("as_of", "applies"), [("2025-04-07", False), ("2025-04-08", True)])
def test_effective_date(as_of: str, applies: bool) -> None:
    r = dsp(as_of=as_of)
    assert r is not None and (r.verdict is Verdict.PROHIBITED) is applies


@pytest.mark.parametrize(("as_of", "duties"), [
    ("2025-10-05", ()),
    ("2025-10-06", ("us.dsp-data-compliance-program", "us.dsp-audit", "us.dsp-records")),
])
def test_restricted_duties_from_6_october_2025(as_of: str, duties: tuple[str, ...]) -> None:
    r = dsp(as_of=as_of, transaction="vendor", safeguards="us.cisa-security-requirements")
    assert r is not None and r.obligations == duties
    assert r.satisfied is (not duties)


# --- § 202.506: corporate group transactions -----------------------------------------------

def test_corporate_group_ancillary_purpose_is_exempt() -> None:
    r = dsp(recipient="CN", recipient_extra=", parent: us", transaction="employment", purpose="employment")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
    assert r.exemptions == ("us.exemption.corporate-group",)


def test_corporate_group_for_a_non_ancillary_purpose_is_not_exempt() -> None:
    r = dsp(recipient="CN", recipient_extra=", parent: us", transaction="vendor", purpose="marketing.advertising")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any(s.kind == "exception" and s.text.startswith("us.exemption.corporate-group") and s.taken is False
               for s in r.steps)


# --- § 202.505: financial services ------------------------------------------------------------

def test_payment_processing_is_an_exempt_financial_service() -> None:
    r = dsp(categories="user.name, user.financial.credit_card", count=20_000, transaction="vendor",
            purpose="essential.service.payment_processing")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE
    assert r.exemptions == ("us.exemption.financial-services",)


def test_other_purposes_are_not_the_financial_services_exemption() -> None:
    r = dsp(categories="user.name, user.financial.credit_card", count=20_000, transaction="vendor",
            purpose="marketing.advertising")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert any(s.text.startswith("us.exemption.financial-services") and s.taken is False for s in r.steps)


@pytest.mark.parametrize(("purpose", "verdict"), [
    ("essential.service.payment_processing", Verdict.NOT_APPLICABLE),
    ("marketing.advertising", Verdict.CONDITIONAL),
])
def test_financial_services_exemption_also_lifts_the_onward_clause_of_202_302(purpose: str,
                                                                               verdict: Verdict) -> None:
    # § 202.505(a): "Subparts C, D, J, and K ... do not apply": § 202.302 is in subpart C.
    r = dsp(recipient="SG", categories="user.name, user.financial.credit_card", count=20_000,
            transaction="data-brokerage", purpose=purpose)
    assert r is not None and r.verdict is verdict
    if verdict is Verdict.NOT_APPLICABLE:
        assert r.exemptions == ("us.exemption.financial-services",)
    else:
        assert r.one_of == ("us.dsp-onward-transfer-contract",)


# --- the knowledge-base shape that classification.py and the scanner read ------------------

def test_categories_fact_shape() -> None:
    kb = default_knowledge_base()
    members = {m.key: m.attributes for m in kb.fact("us.dsp.categories").members_on(dt.date(2026, 1, 1))}
    assert members["covered-personal-identifiers"]["threshold"] == 100_000
    for a in members.values():
        assert {"taxonomy", "threshold", "threshold_unit", "comparison"} <= set(a)
        assert a["comparison"] == "more-than"
    taxonomy = DspTaxonomy.load(kb, dt.date(2026, 1, 1))
    assert taxonomy.classify("user.health_and_medical.genetic") == ("human-genomic-data", None)
    assert taxonomy.classify("user.biometric.health") == ("personal-health-data", None)
