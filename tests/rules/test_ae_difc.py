"""AE-DIFC: DIFC Law No. 1 of 2007 Arts 11-12 until 30 June 2020, DIFC Law No. 5 of 2020 Arts 26-27 after."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict

DIFC = ", zone: ae-difc"


def difc(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("AE-DIFC", sender="AE", recipient=recipient, sender_extra=DIFC, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "one_of", "law"), [
    ("2020-06-30", ("ae.difc-permit", "ae.difc-consent"), "DIFC DP Law 2007"),
    ("2020-07-01", ("ae.difc-scc", "ae.difc-explicit-consent"), "DIFC DP Law 2020"),
])
def test_grounds_by_law(as_of: str, one_of: tuple[str, ...], law: str) -> None:
    r = difc(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == one_of
    assert r.citations[-1].law == law


@pytest.mark.parametrize("recipient", ["US", "GB"])
def test_art_26_no_adequacy_assumed_beyond_the_list_read(recipient: str) -> None:
    r = difc(recipient)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "ae.difc-adequacy" not in r.exemptions
    adequacy = next(s for s in r.steps if s.text.startswith("ae.difc-adequacy"))
    assert adequacy.cite is not None and adequacy.cite.article == "26" and not adequacy.taken


@pytest.mark.parametrize(("as_of", "verdict"), [("2020-06-30", Verdict.CONDITIONAL), ("2020-07-01", Verdict.PERMITTED)])
def test_art_26_eu_countries_on_the_commissioners_list(as_of: str, verdict: Verdict) -> None:
    r = difc("DE", as_of=as_of)
    assert r is not None and r.verdict is verdict
    assert ("ae.difc-adequacy" in r.exemptions) is (verdict is Verdict.PERMITTED)


def test_art_27_2_bcr_within_a_group() -> None:
    r = difc(recipient_extra=", parent: exp")
    assert r is not None and "ae.difc-bcr" in r.one_of


@pytest.mark.parametrize(("as_of", "taken"), [("2020-06-30", False), ("2020-07-01", True)])
def test_public_interest_derogation_from_the_2020_law(as_of: str, taken: bool) -> None:
    r = difc(as_of=as_of, necessity="public-interest")
    assert r is not None and ("ae.difc-derogation.public-interest" in r.exemptions) is taken


def test_the_rest_of_the_uae_is_outside_the_difc() -> None:
    mainland = difc("AE")
    assert mainland is not None and mainland.verdict is Verdict.CONDITIONAL
    inside = difc("AE", recipient_extra=DIFC)
    assert inside is not None and inside.verdict is Verdict.NOT_APPLICABLE


def test_not_a_difc_exporter() -> None:
    assert one_flow("AE-DIFC", sender="AE", recipient="US") is None
