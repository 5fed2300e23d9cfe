"""AE-ADGM: Data Protection Regulations 2015 s5 until 13 February 2022, 2021 Regulations ss41-43 after."""

from __future__ import annotations

import pytest

from tests.rules._maps import one_flow
from xborder.rules.base import RegimeResult, Verdict

ADGM = ", zone: ae-adgm"


def adgm(recipient: str = "US", **kw: object) -> RegimeResult | None:
    return one_flow("AE-ADGM", sender="AE", recipient=recipient, sender_extra=ADGM, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "one_of", "article"), [
    ("2022-02-13", ("ae.adgm-permit", "ae.adgm-consent", "ae.adgm-schedule-agreement"), "s5(1)(a)"),
    ("2022-02-14", ("ae.adgm-scc", "ae.adgm-explicit-consent"), "s42"),
])
def test_grounds_by_regulations(as_of: str, one_of: tuple[str, ...], article: str) -> None:
    r = adgm(as_of=as_of)
    assert r is not None and r.verdict is Verdict.CONDITIONAL and r.one_of == one_of
    verdict = r.steps[-1].cite
    assert verdict is not None and verdict.article.startswith(article)


@pytest.mark.parametrize(("as_of", "ground"), [("2022-02-13", "ae.adgm-group-policy"), ("2022-02-14", "ae.adgm-bcr")])
def test_group_instruments_only_within_a_group(as_of: str, ground: str) -> None:
    assert ground in adgm(as_of=as_of, recipient_extra=", parent: exp").one_of  # type: ignore[union-attr]
    assert ground not in adgm(as_of=as_of).one_of  # type: ignore[union-attr]


def test_2015_regulations_say_why_they_still_apply_after_august_2021() -> None:
    r = adgm(as_of="2021-09-01")
    assert r is not None and any("14 August 2021" in s.text for s in r.steps)


@pytest.mark.parametrize(("as_of", "taken"), [("2022-02-13", False), ("2022-02-14", True)])
def test_s43_vital_interests_from_the_2021_regulations(as_of: str, taken: bool) -> None:
    r = adgm(as_of=as_of, necessity="emergency")
    assert r is not None and ("ae.adgm-derogation.vital-interests" in r.exemptions) is taken


def test_s41_no_adequacy_assumed() -> None:
    r = adgm("GB")
    assert r is not None and r.verdict is Verdict.CONDITIONAL and "ae.adgm-adequacy" not in r.exemptions


def test_difc_is_outside_the_adgm() -> None:
    r = adgm("AE", recipient_extra=", zone: ae-difc")
    assert r is not None and r.verdict is Verdict.CONDITIONAL
    assert adgm("AE", recipient_extra=ADGM).verdict is Verdict.NOT_APPLICABLE  # type: ignore[union-attr]
