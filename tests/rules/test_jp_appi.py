"""JP-APPI Art 28 (Art 24 before 1 April 2022): consent, equivalent country, conforming system."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow, regime_result
from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.rules.base import RegimeResult, Verdict


def appi(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("JP-APPI", sender="JP", recipient=recipient, **kw)  # type: ignore[arg-type]


def test_art_28_1_third_party_abroad_needs_consent_or_a_conforming_system() -> None:
    r = appi()
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert r.one_of == ("jp.consent", "jp.conforming-system") and not r.satisfied


@pytest.mark.parametrize("country", ["DE", "FR", "NO", "IS", "LI"])
def test_equivalent_countries_need_nothing(country: str) -> None:
    r = appi(country)
    assert r is not None and r.verdict is Verdict.PERMITTED and r.satisfied


@pytest.mark.parametrize(("as_of", "verdict"), [("2019-01-22", Verdict.CONDITIONAL),
                                                 ("2019-01-23", Verdict.PERMITTED)])
def test_eea_designation_from_23_january_2019(as_of: str, verdict: Verdict) -> None:
    r = appi("DE", as_of=as_of)
    assert r is not None and r.verdict is verdict


def test_apec_cbpr_recipient_keeps_a_conforming_system() -> None:
    r = appi(certs="apec-cbpr")
    assert r is not None and r.satisfied is False  # the Art 28(3) continuing measures remain
    assert r.obligations == ("jp.continuing-measures",)
    assert appi(certs="apec-cbpr", safeguards="jp.continuing-measures").satisfied  # type: ignore[union-attr]


@pytest.mark.parametrize(("as_of", "article", "duty"), [("2022-03-31", "24", ()),
                                                        ("2022-04-01", "28", ("jp.continuing-measures",))])
def test_2020_amendment_in_force_1_april_2022(as_of: str, article: str, duty: tuple[str, ...]) -> None:
    r = appi(as_of=as_of, safeguards="jp.conforming-system")
    assert r is not None and r.obligations == duty
    assert any(c.article.startswith(article) for c in r.citations)


def test_consent_alone_satisfies() -> None:
    r = appi(safeguards="jp.consent")
    assert r is not None and r.satisfied and r.obligations == ()


def test_foreign_processor_is_still_a_third_party() -> None:
    r = appi(role="processor")
    assert r is not None and r.verdict is Verdict.CONDITIONAL


def test_art_27_1_ii_emergency_lifts_consent() -> None:
    r = appi(necessity="emergency")
    assert r is not None and r.verdict is Verdict.PERMITTED and r.exemptions == ("jp.exemption.emergency",)


def test_art_27_exception_not_taken_for_other_necessities() -> None:
    r = appi(necessity="contract-with-subject")
    assert r is not None and r.verdict is Verdict.CONDITIONAL


def test_recipient_in_japan_is_not_abroad() -> None:
    r = appi("JP")
    assert r is not None and r.verdict is Verdict.NOT_APPLICABLE


def test_art_171_foreign_operator_collecting_from_persons_in_japan() -> None:
    r = one_flow("JP-APPI", sender="US", recipient="IN", residence="JP")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "Art 171" in r.why[0]


def test_unrelated_flow_is_not_tied() -> None:
    assert one_flow("JP-APPI", sender="US", recipient="IN") is None


EU_ONWARD = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: eu-shop, country: DE}
  - {id: jp-sub, country: JP}
  - {id: us-vendor, country: US, certifications: [apec-cbpr]}
locations: [{id: fra, country: DE}, {id: tokyo, country: JP}, {id: ore, country: US}]
datasets:
  - {id: d, categories: [user.name, user.contact.email], collected_in: {origin},
     subjects: [{residence: {origin}, count: 1000}]}
flows:
  - {id: in, from: {entity: eu-shop, location: fra}, to: {entity: jp-sub, location: tokyo}, datasets: [d]}
  - {id: on, from: {entity: jp-sub, location: tokyo}, to: {entity: us-vendor, location: ore}, datasets: [d]}
"""


def test_eu_origin_data_onward_from_japan_needs_more_than_apec_cbpr() -> None:
    # issue 7 item 3: Supplementary Rules rule (4)
    r = regime_result(assess_map(load_map_text(EU_ONWARD.replace("{origin}", "DE"))), "on", "JP-APPI")
    assert not r.satisfied and r.one_of == ("jp.consent", "jp.eu-equivalent-contract")
    step = next(s for s in r.steps if s.text.startswith("jp.conforming-system"))
    assert step.taken is False and "received from the EU" in step.text
    assert any("rule (4)" in c.article for c in r.citations)
    # Japanese data to the same recipient: APEC CBPR is a conforming system
    local = "\n".join(line for line in EU_ONWARD.replace("{origin}", "JP").splitlines() if "id: in," not in line)
    jp = regime_result(assess_map(load_map_text(local + "\n")), "on", "JP-APPI")
    assert "jp.conforming-system" in jp.exemptions and jp.missing == ("jp.continuing-measures",)
