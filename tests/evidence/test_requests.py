"""The request planner, article by article: 18 U.S.C. 2713 and 2702, GDPR Art 48, PIPL 41,
DSL 36, ICJA 4, and the channels (MLATs, EU-US MLA, CLOUD Act agreements, e-Evidence, EIO,
Budapest Convention), each on both sides of the dates where the law changed."""

from __future__ import annotations

from typing import Any

import pytest

from xborder.datamap import load_map_text
from xborder.engine import assess_map
from xborder.kb import OutOfRange

BASE = """
xborder: 1
as_of: {as_of}
entities:
  - {{id: us-parent, country: US}}
  - {{id: holder, country: {holder}{parent}}}
locations:
  - {{id: store, country: {location}}}
datasets:
  - id: box
    categories: [{category}]
    subjects: [{{residence: {residence}, count: 1}}]
requests:
  - id: r
    authority: {{country: {authority}, kind: {kind}}}
    holder: holder
    location: store
    datasets: [box]
    data_type: {data_type}
    urgent: {urgent}
"""


def map_text(*, authority: str = "US", holder: str = "US", location: str = "IE", as_of: str = "2026-06-01",
             kind: str = "law-enforcement", data_type: str = "content", urgent: bool = False,
             category: str = "user.content", residence: str | None = None, parent: bool = False,
             request_extra: str = "") -> str:
    """The one-request map; `request_extra` is appended to the request (e.g. its `target`)."""
    return BASE.format(as_of=as_of, holder=holder, location=location, authority=authority, kind=kind,
                       data_type=data_type, urgent=str(urgent).lower(), category=category,
                       residence=residence or location,
                       parent=", parent: us-parent" if parent else "") + request_extra


def plan(**kw: Any) -> dict[str, Any]:
    (request,) = assess_map(load_map_text(map_text(**kw))).requests
    return request


def regimes(items: list[dict[str, Any]]) -> set[str]:
    return {i["regime"] for i in items}


def channel_ids(request: dict[str, Any]) -> set[str]:
    return {c["id"] for c in request["channels"]}


# -- 18 U.S.C. 2713: compulsion -------------------------------------------------------------
def test_2713_us_provider_data_abroad_compelled() -> None:
    r = plan()
    (f,) = r["compelled_by"]
    assert (f["regime"], f["citation"]) == ("US-CLOUD", "18 U.S.C. 2713")
    assert "warrant" in f["process"]
    assert "us.2713-order" in channel_ids(r)


def test_2713_subsidiary_of_us_parent_compelled() -> None:
    r = plan(holder="IE", parent=True)
    assert regimes(r["compelled_by"]) == {"US-CLOUD"}
    assert r["holder"]["controlled_from"] == ["US"]


def test_2713_foreign_provider_without_us_tie_not_compelled() -> None:
    r = plan(holder="IE")
    assert r["compelled_by"] == []
    assert any("no US order reaches it" in t for t in r["trace"])


def test_2703_data_in_us_cites_2703_not_2713() -> None:
    r = plan(holder="IE", location="US")
    (f,) = r["compelled_by"]
    assert f["citation"] == "18 U.S.C. 2703"


@pytest.mark.parametrize("data_type, process", [("content", "warrant"), ("traffic", "court order"),
                                                ("subscriber", "subpoena")])
def test_2703_process_by_data_type(data_type: str, process: str) -> None:
    assert process in plan(data_type=data_type)["compelled_by"][0]["process"]


def test_dates_before_the_kb_are_refused_not_guessed() -> None:
    # 2713 (23 March 2018), the IE-US MLAT (11 August 2009) and the EU-US MLA Agreement
    # (1 February 2010) took effect before the earliest date the knowledge base models.
    with pytest.raises(OutOfRange):
        plan(as_of="2018-03-23")


def test_2713_not_for_intelligence_demands() -> None:
    assert plan(kind="intelligence")["compelled_by"] == []


def test_non_us_authority_does_not_compel() -> None:
    assert plan(authority="DE", holder="US", location="US")["compelled_by"] == []


# -- GDPR Art 48 ------------------------------------------------------------------------------
def test_art48_blocks_us_order_for_data_in_ireland() -> None:
    r = plan()
    (b,) = r["blocked_by"]
    assert (b["regime"], b["citation"]) == ("EU-GDPR", "GDPR Art. 48")
    assert r["conflict"] is True


def test_art48_reaches_eea_holder_with_data_abroad() -> None:
    r = plan(holder="DE", location="SG", residence="SG", category="user.contact.email")
    assert "EU-GDPR" in regimes(r["blocked_by"])


def test_art48_reaches_data_about_eea_residents_art3_2() -> None:
    r = plan(location="US", residence="FR")
    assert "EU-GDPR" in regimes(r["blocked_by"])
    assert r["conflict"] is True


def test_art48_not_for_eea_authority() -> None:
    assert "EU-GDPR" not in regimes(plan(authority="FR", holder="IE", location="IE")["blocked_by"])


def test_art48_not_for_non_personal_data() -> None:
    r = plan(category="system.operations", residence="IE")
    assert "EU-GDPR" not in regimes(r["blocked_by"])


def test_art48_applies_on_25_may_2018() -> None:
    assert "EU-GDPR" in regimes(plan(as_of="2018-05-25")["blocked_by"])


def test_art48_lifted_by_mlat_and_eu_us_mla_not_by_us_order() -> None:
    r = plan()
    by_id = {c["id"]: c for c in r["channels"]}
    assert by_id["mlat:IE-US"]["lifts"] == ["EU-GDPR"]
    assert by_id["eu-us-mla"]["lifts"] == ["EU-GDPR"]
    assert by_id["us.2713-order"]["still_blocked_by"] == ["EU-GDPR"]
    assert r["recommended_channel"] == "mlat:IE-US"


# -- PIPL 41, DSL 36, ICJA 4 ------------------------------------------------------------------
def test_cn_statutes_block_foreign_request_for_data_in_china() -> None:
    r = plan(location="CN")
    assert regimes(r["blocked_by"]) >= {"CN-PIPL", "CN-DSL", "CN-ICJA"}
    assert r["obligations"] == ["cn.authority-approval"]
    assert "mlat:CN-US" in channel_ids(r)
    assert r["recommended_channel"] == "mlat:CN-US"


def test_pipl41_only_personal_dsl36_any_data() -> None:
    r = plan(location="CN", category="system.operations")
    assert "CN-PIPL" not in regimes(r["blocked_by"])
    assert "CN-DSL" in regimes(r["blocked_by"])


@pytest.mark.parametrize("as_of, pipl, dsl", [("2021-08-31", False, False), ("2021-09-01", False, True),
                                              ("2021-10-31", False, True), ("2021-11-01", True, True)])
def test_cn_statutes_in_force_dates(as_of: str, pipl: bool, dsl: bool) -> None:
    found = regimes(plan(location="CN", as_of=as_of)["blocked_by"])
    assert ("CN-PIPL" in found, "CN-DSL" in found) == (pipl, dsl)


def test_icja_only_for_criminal_authorities() -> None:
    assert "CN-ICJA" not in regimes(plan(location="CN", kind="regulator")["blocked_by"])


def test_icja_binds_a_holder_in_china_for_evidence_held_abroad() -> None:
    # ICJA Art 4 binds institutions in the PRC; PIPL 41 and DSL 36 reach data stored there
    r = plan(authority="US", holder="CN", location="SG", residence="SG")
    found = regimes(r["blocked_by"])
    assert "CN-ICJA" in found and not {"CN-PIPL", "CN-DSL"} & found


@pytest.mark.parametrize("as_of, open_", [("2024-01-30", False), ("2024-01-31", True)])
def test_au_us_agreement_in_force_31_january_2024(as_of: str, open_: bool) -> None:
    r = plan(authority="AU", holder="US", location="US", residence="AU", as_of=as_of)
    assert ("cloud-act-agreement:AU-US" in channel_ids(r)) is open_


def test_cn_statutes_not_for_chinese_authority() -> None:
    r = plan(authority="CN", holder="CN", location="CN")
    assert not {"CN-PIPL", "CN-DSL", "CN-ICJA"} & regimes(r["blocked_by"])


@pytest.mark.parametrize("residence, data_type, motion", [
    ("GB", "content", True),      # a qualifying foreign government: executive agreement in force
    ("DE", "content", False),     # no agreement with Germany
    ("GB", "subscriber", False),  # 2703(h) concerns process for contents
])
def test_2703_h_comity_motion_is_named(residence: str, data_type: str, motion: bool) -> None:
    r = plan(authority="US", holder="US", location="GB", residence=residence, data_type=data_type)
    assert r["compelled_by"]
    assert any("2703(h)(2)" in step for step in r["trace"]) is motion


# -- 18 U.S.C. 2702 (SCA) ---------------------------------------------------------------------
def test_sca_bars_foreign_request_for_us_provider_content() -> None:
    r = plan(authority="DE", holder="US", location="US", residence="US")
    assert regimes(r["blocked_by"]) == {"US-SCA"}
    assert r["conflict"] is False
    assert "voluntary-disclosure" not in channel_ids(r)


def test_sca_allows_non_content_to_foreign_government() -> None:
    r = plan(authority="DE", holder="US", location="US", residence="US", data_type="subscriber")
    assert r["blocked_by"] == []
    assert "voluntary-disclosure" in channel_ids(r)


def test_sca_emergency_exception_2702_b_8_does_not_reach_a_foreign_authority() -> None:
    # (b)(8): "to a governmental entity"; 2711(4): a department or agency of the US or a State
    r = plan(authority="DE", holder="US", location="US", residence="US", urgent=True)
    assert "US-SCA" in regimes(r["blocked_by"])
    assert any("2711(4)" in step for step in r["trace"])


@pytest.mark.parametrize("as_of, agreement", [("2022-10-02", False), ("2022-10-03", True)])
def test_gb_us_agreement_is_a_channel_that_lifts_the_sca_bar_2702_b_9(as_of: str, agreement: bool) -> None:
    # 2702(b)(9) excepts an order issued under the agreement; it does not end the bar itself.
    r = plan(authority="GB", holder="US", location="US", residence="GB", as_of=as_of)
    assert "US-SCA" in regimes(r["blocked_by"])
    assert ("cloud-act-agreement:GB-US" in channel_ids(r)) is agreement
    if agreement:
        assert r["recommended_channel"] == "cloud-act-agreement:GB-US"


def test_agreement_does_not_open_voluntary_disclosure_of_content_2702_a() -> None:
    r = plan(authority="GB", holder="US", location="US", residence="GB")
    assert "voluntary-disclosure" not in channel_ids(r)
    assert any("voluntary-disclosure is not open" in step and "2702" in step for step in r["trace"])


def test_agreement_cannot_target_people_in_the_us_2523_b_4() -> None:
    # The foreign party's orders may not target a US person or a person located in the US.
    r = plan(authority="GB", holder="US", location="US", residence="US")
    assert "cloud-act-agreement:GB-US" not in channel_ids(r)
    assert any("cloud-act-agreement:GB-US is not open" in step and "2523(b)(4)" in step for step in r["trace"])
    assert r["recommended_channel"] == "mlat:GB-US"


def test_agreement_warns_when_some_people_live_in_the_us() -> None:
    text = map_text(authority="GB", holder="US", location="US", residence="GB")
    text = text.replace("subjects: [{residence: GB, count: 1}]",
                        "subjects: [{residence: GB, count: 1}, {residence: US, count: 1}]")
    (r,) = assess_map(load_map_text(text)).requests
    (agreement,) = [c for c in r["channels"] if c["id"] == "cloud-act-agreement:GB-US"]
    assert "2523(b)(4)" in agreement["warning"]


def test_us_order_under_agreement_cannot_target_people_in_the_partner_country() -> None:
    r = plan(authority="US", holder="GB", location="GB", residence="GB")
    assert "cloud-act-agreement:GB-US" not in channel_ids(r)
    assert "cloud-act-agreement:GB-US" in channel_ids(plan(authority="US", holder="GB", location="GB",
                                                           residence="FR"))


# -- channels ---------------------------------------------------------------------------------
def test_eu_us_mla_no_longer_for_gb_after_brexit() -> None:
    assert "eu-us-mla" in channel_ids(plan(location="GB", holder="GB", as_of="2020-12-31"))
    r = plan(location="GB", holder="GB", as_of="2021-01-01")
    assert "eu-us-mla" not in channel_ids(r)
    assert "mlat:GB-US" in channel_ids(r)


@pytest.mark.parametrize("as_of, present", [("2026-08-17", False), ("2026-08-18", True)])
def test_e_evidence_applies_from_18_august_2026(as_of: str, present: bool) -> None:
    r = plan(authority="FR", holder="IE", location="US", residence="FR", as_of=as_of)
    assert ("eu.e-evidence" in channel_ids(r)) is present
    if present:
        ch = next(c for c in r["channels"] if c["id"] == "eu.e-evidence")
        assert ch["duration"]["days"] == 10


@pytest.mark.parametrize("kind, open_", [("law-enforcement", True), ("court", True), ("regulator", False),
                                         ("intelligence", False)])
def test_e_evidence_only_in_criminal_proceedings_art_2_2(kind: str, open_: bool) -> None:
    # Regulation (EU) 2023/1543 Art 2(2): orders "may be issued only in the framework and for the
    # purposes of criminal proceedings", by the authorities of Art 4.
    r = plan(authority="DE", holder="IE", location="IE", kind=kind, as_of="2026-09-01")
    assert ("eu.e-evidence" in channel_ids(r)) is open_
    if not open_:
        assert any("Arts 2(2), 4" in t for t in r["trace"])
        assert r["recommended_channel"] != "eu.e-evidence"


@pytest.mark.parametrize("kind, open_", [("law-enforcement", True), ("court", True), ("regulator", True),
                                         ("intelligence", False)])
def test_eio_is_a_judicial_decision_in_criminal_matters_art_1_1(kind: str, open_: bool) -> None:
    r = plan(authority="FR", holder="DE", location="DE", kind=kind)
    assert ("eu.eio" in channel_ids(r)) is open_
    if not open_:
        assert any("Directive 2014/41/EU Art 1(1)" in t for t in r["trace"])


@pytest.mark.parametrize("kind, open_", [("law-enforcement", True), ("regulator", True), ("intelligence", False)])
def test_budapest_mutual_assistance_only_for_criminal_offences_art_25_1(kind: str, open_: bool) -> None:
    r = plan(authority="FR", holder="DE", location="DE", kind=kind)
    assert ({"budapest.preservation", "budapest.mla"} <= channel_ids(r)) is open_
    if not open_:
        assert not {"budapest.preservation", "budapest.mla"} & channel_ids(r)
        assert r["preserve_first"] is None


@pytest.mark.parametrize("as_of, present", [("2026-08-17", False), ("2026-08-18", True)])
def test_european_preservation_order_arts_6_11(as_of: str, present: bool) -> None:
    # Art 11(1): the hold ceases after 60 days unless a production request is confirmed (+30 days).
    r = plan(authority="FR", holder="DE", location="DE", data_type="traffic", as_of=as_of)
    assert ("eu.e-evidence.preservation" in channel_ids(r)) is present
    if present:
        ch = next(c for c in r["channels"] if c["id"] == "eu.e-evidence.preservation")
        assert (ch["purpose"], ch["duration"]["days"]) == ("preservation", 60)
        assert "Art 11(1)" in ch["duration"]["source"]
        assert r["preserve_first"] == "eu.e-evidence.preservation"
        assert "longest" in r["timeline"]["steps"][0]["uncertainty"]
    else:
        assert r["preserve_first"] == "budapest.preservation"
        assert "minimum" in r["timeline"]["steps"][0]["uncertainty"]


def test_european_preservation_order_to_a_legal_representative_not_for_intelligence() -> None:
    r = plan(authority="DE", holder="US", location="US", residence="DE", as_of="2026-09-01")
    ch = next(c for c in r["channels"] if c["id"] == "eu.e-evidence.preservation")
    assert ch["obligation"] == "eu.legal-representative"
    r = plan(authority="DE", holder="US", location="US", residence="DE", as_of="2026-09-01", kind="intelligence")
    assert not {"eu.e-evidence", "eu.e-evidence.preservation"} & channel_ids(r)


@pytest.mark.parametrize("as_of, compels", [("2026-08-17", False), ("2026-08-18", True)])
def test_european_production_order_compels_from_18_august_2026_arts_10_15(as_of: str, compels: bool) -> None:
    r = plan(authority="FR", holder="DE", location="DE", residence="FR", as_of=as_of)
    assert regimes(r["compelled_by"]) == ({"EU-EEVIDENCE"} if compels else set())
    assert r["conflict"] is False  # nothing bars the answer inside the Union
    if compels:
        (f,) = r["compelled_by"]
        assert (f["jurisdiction"], f["citation"]) == ("EU", "Regulation (EU) 2023/1543 Art 10")


@pytest.mark.parametrize("as_of, conflict", [("2026-08-17", False), ("2026-08-18", True)])
def test_european_production_order_to_us_provider_conflicts_with_the_sca_art_17(as_of: str, conflict: bool) -> None:
    # Through the legal representative (Directive (EU) 2023/1544); 2702(a) bars contents to a foreign authority.
    r = plan(authority="DE", holder="US", location="US", residence="DE", as_of=as_of)
    assert regimes(r["blocked_by"]) == {"US-SCA"}
    assert r["conflict"] is conflict
    if conflict:
        assert "Art 17" in r["compelled_by"][0]["why"]


@pytest.mark.parametrize("kind", ["intelligence", "regulator"])
def test_european_production_order_does_not_compel_outside_criminal_proceedings(kind: str) -> None:
    r = plan(authority="FR", holder="DE", location="DE", kind=kind, as_of="2026-09-01")
    assert r["compelled_by"] == []


def test_european_production_order_to_a_provider_with_data_in_china_is_a_conflict() -> None:
    r = plan(authority="FR", holder="DE", location="CN", residence="FR", category="user.contact.email",
             as_of="2026-09-01")
    assert regimes(r["compelled_by"]) == {"EU-EEVIDENCE"}
    assert {"CN-PIPL", "CN-DSL"} <= regimes(r["blocked_by"])
    assert r["conflict"] is True


@pytest.mark.parametrize("data_type, warned", [("subscriber", False), ("traffic", True), ("content", True)])
def test_european_production_order_threshold_for_traffic_and_content_art_5_4(data_type: str, warned: bool) -> None:
    r = plan(authority="FR", holder="DE", location="DE", data_type=data_type, as_of="2026-09-01")
    epo = next(c for c in r["channels"] if c["id"] == "eu.e-evidence")
    assert ("Art 5(4)" in epo.get("warning", "")) is warned
    pres = next(c for c in r["channels"] if c["id"] == "eu.e-evidence.preservation")
    assert "warning" not in pres  # Art 6(3): preservation for all criminal offences


def test_european_production_order_is_no_conflict_with_the_french_blocking_statute() -> None:
    # Law 68-678 Art 1 bis applies "subject to ... the laws and regulations in force"; a US warrant is not one.
    r = plan(authority="DE", holder="FR", location="FR", residence="DE", as_of="2026-09-01")
    assert regimes(r["compelled_by"]) == {"EU-EEVIDENCE"}
    assert "FR-BLOCKING" in regimes(r["blocked_by"])
    assert r["conflict"] is False
    assert any("yields to" in t for t in r["trace"])
    r = plan(authority="US", holder="FR", location="FR", parent=True, as_of="2026-09-01")
    assert r["conflict"] is True


def test_e_evidence_not_with_denmark() -> None:
    r = plan(authority="DK", holder="IE", location="IE", as_of="2026-11-22")
    assert "eu.e-evidence" not in channel_ids(r)


def test_eio_between_participating_states_not_ireland() -> None:
    r = plan(authority="FR", holder="DE", location="DE", as_of="2026-06-01")
    eio = next(c for c in r["channels"] if c["id"] == "eu.eio")
    assert eio["duration"]["days"] == 120
    assert "eu.eio" not in channel_ids(plan(authority="FR", holder="IE", location="IE"))


@pytest.mark.parametrize("executing, as_of, open_", [
    ("AT", "2018-06-30", False), ("AT", "2018-07-01", True),   # EJN table: Austria from 1 July 2018
    ("BG", "2018-05-25", True), ("DE", "2018-05-25", True),    # the knowledge base starts on 25 May 2018
    ("IT", "2018-05-25", True), ("NL", "2018-05-25", True),    # D.Lgs. 108/2017 (28 July 2017); Stb. 2017, 262
    ("RO", "2018-05-25", True),                                 # Law 236/2017, MO 993 of 14 Dec 2017 (+3 days)
    ("CZ", "2018-08-15", False), ("CZ", "2018-08-16", True),   # Act 178/2018 Sb., in force on promulgation
    ("FI", "2018-05-25", True), ("SK", "2018-05-25", True),    # Acts 430/2017 (3 July 2017), 236/2017 (15 Oct 2017)
    ("EE", "2018-05-25", True), ("PT", "2018-05-25", True),    # KrMS division from 6 July 2017; Law 88/2017 from 22 Aug 2017
    ("LU", "2018-09-14", False), ("LU", "2018-09-15", True),   # Law of 1 August 2018, in force 15 Sept 2018
    ("ES", "2018-07-01", False), ("ES", "2018-07-02", True),   # Ley 3/2018, in force 20 days after BOE of 12 June 2018
    ("PL", "2018-05-25", True),                                 # Act of 10 Jan 2018 (Dz.U. 2018 poz. 201): 8 Feb 2018
    ("LT", "2018-05-25", True),                                 # Law XIII-397 (TAR 2017-06-09): from 15 June 2017
    ("SE", "2018-05-25", True),                                 # Lag (2017:1000): in force 1 December 2017
    ("NL", "2018-09-14", True), ("NL", "2018-09-15", True),    # in force 17 June 2017 (Stb. 2017, 262)
])
def test_eio_applies_from_each_member_state_s_own_date(executing: str, as_of: str, open_: bool) -> None:
    r = plan(authority="FR", holder=executing, location=executing, as_of=as_of)
    assert ("eu.eio" in channel_ids(r)) is open_


def test_budapest_channels_between_parties() -> None:
    r = plan(authority="FR", holder="DE", location="DE")
    assert {"budapest.preservation", "budapest.mla"} <= channel_ids(r)
    assert r["preserve_first"] == "budapest.preservation"
    pres = next(c for c in r["channels"] if c["id"] == "budapest.preservation")
    assert pres["duration"]["days"] == 60


def test_budapest_channels_between_australia_and_the_us() -> None:
    # In force for Australia from 1 March 2013 (Cybercrime Regulation 2013 s2), beside the AU-US agreement.
    r = plan(authority="AU", holder="US", location="US", residence="AU", as_of="2024-01-31")
    assert {"budapest.preservation", "budapest.mla", "cloud-act-agreement:AU-US", "mlat:AU-US"} <= channel_ids(r)


@pytest.mark.parametrize("requested", ["HU", "LT"])
def test_budapest_parties_hungary_and_lithuania(requested: str) -> None:
    r = plan(authority="US", holder=requested, location=requested)
    assert {"budapest.preservation", "budapest.mla"} <= channel_ids(r)


def test_durations_null_without_source() -> None:
    r = plan()
    for ch in r["channels"]:
        if ch["id"].startswith(("mlat:", "eu-us-mla", "letters-rogatory", "us.2713")):
            assert ch["duration"] == {"days": None, "source": None}


def test_domestic_request_no_block_direct_order() -> None:
    r = plan(holder="US", location="US", residence="US")
    assert r["blocked_by"] == [] and r["conflict"] is False
    assert r["recommended_channel"] == "us.2713-order"
    assert "voluntary-disclosure" not in channel_ids(r)


# -- Swiss Criminal Code Art 271, French Law 68-678, jurisdictions with no recorded bar --------
def test_swiss_art_271_bars_handing_evidence_in_switzerland_to_a_foreign_authority() -> None:
    r = plan(authority="US", holder="CH", location="CH", residence="CH")
    (ch,) = [b for b in r["blocked_by"] if b["regime"] == "CH-SCC271"]
    assert ch["citation"] == "SCC Art. 271(1)" and ch["obligation"] == "ch.art271-authorisation"
    assert r["conflict"] is False  # a Swiss holder with no US tie is not compelled by 2713
    # the US-Swiss treaty lifts it; nothing bars a Swiss authority at home
    assert r["recommended_channel"] == "mlat:CH-US"
    assert not plan(authority="CH", holder="CH", location="CH", residence="CH")["blocked_by"]


def test_swiss_bar_for_a_us_parent_s_swiss_subsidiary_is_a_conflict() -> None:
    r = plan(authority="US", holder="CH", location="CH", residence="CH", parent=True)
    assert {"US-CLOUD"} == regimes(r["compelled_by"]) and "CH-SCC271" in regimes(r["blocked_by"])
    assert r["conflict"] is True
    by_id = {c["id"]: c for c in r["channels"]}
    assert "CH-SCC271" in by_id["us.2713-order"]["still_blocked_by"]


def test_a_treaty_with_another_state_does_not_lift_a_territorial_statute() -> None:
    # Swiss holder, data in Ireland: the US-Ireland treaty does not clear Art 271; the US-Swiss one does.
    r = plan(authority="US", holder="CH", location="IE", residence="IE")
    by_id = {c["id"]: c for c in r["channels"]}
    assert "CH-SCC271" in by_id["mlat:IE-US"]["still_blocked_by"]
    assert "CH-SCC271" in by_id["mlat:CH-US"]["lifts"]


@pytest.mark.parametrize("as_of, obligation", [("2022-03-31", None), ("2022-04-01", "fr.sisse-notification")])
def test_french_blocking_statute_and_the_sisse_notification_from_1_april_2022(as_of: str, obligation: str | None) -> None:
    r = plan(authority="US", holder="FR", location="FR", residence="FR", as_of=as_of, parent=True)
    (fr,) = [b for b in r["blocked_by"] if b["regime"] == "FR-BLOCKING"]
    assert fr.get("obligation") == obligation
    assert "economic, commercial, industrial, financial or technical" in fr["why"]
    assert ("fr.sisse-notification" in r["obligations"]) is (obligation is not None)


def test_french_bar_yields_to_eu_instruments_between_member_states() -> None:
    r = plan(authority="DE", holder="FR", location="FR", residence="FR", as_of="2026-06-01")
    assert "FR-BLOCKING" not in regimes(r["blocked_by"]) or r["recommended_channel"] in {"eu.eio", "eu.e-evidence"}
    eio = next(c for c in r["channels"] if c["id"] == "eu.eio")
    assert "FR-BLOCKING" in eio["lifts"] and eio["still_blocked_by"] == []


@pytest.mark.parametrize("country", ["GB", "RU", "IN"])
def test_no_bar_recorded_is_said_as_not_recorded(country: str) -> None:
    r = plan(authority="US", holder=country, location=country, residence=country)
    assert not {b["jurisdiction"] for b in r["blocked_by"]} & {country}
    assert any(step.startswith(f"{country}: no bar") and "not recorded" in step for step in r["trace"])


# -- Directive (EU) 2023/1544: legal representatives -------------------------------------------
@pytest.mark.parametrize("as_of, open_", [("2026-08-17", False), ("2026-08-18", True)])
def test_e_evidence_reaches_a_non_eu_provider_through_its_legal_representative(as_of: str, open_: bool) -> None:
    r = plan(authority="FR", holder="US", location="US", residence="DE", as_of=as_of)
    found = [c for c in r["channels"] if c["id"] == "eu.e-evidence"]
    assert bool(found) is open_
    if open_:
        assert found[0]["obligation"] == "eu.legal-representative"
        assert any("2023/1544" in step for step in r["trace"])


def test_no_legal_representative_route_for_a_provider_without_union_users() -> None:
    r = plan(authority="FR", holder="US", location="US", residence="US", as_of="2026-11-01")
    assert "eu.e-evidence" not in channel_ids(r)


@pytest.mark.parametrize("target, open_", [
    ("{country: GB, us_person: true}", False),   # a US person anywhere: outside the US-UK agreement
    ("{country: US}", False),                    # a person located in the US
    ("{country: GB, us_person: false}", True),
])
def test_request_target_checked_against_the_agreement_s_targeting_limits(target: str, open_: bool) -> None:
    r = plan(authority="GB", holder="US", location="US", residence="GB", request_extra=f"    target: {target}\n")
    assert ("cloud-act-agreement:GB-US" in channel_ids(r)) is open_


def test_us_order_cannot_target_a_person_in_the_uk_under_the_agreement() -> None:
    r = plan(authority="US", holder="GB", location="GB", residence="FR", request_extra="    target: {country: GB}\n")
    assert "cloud-act-agreement:GB-US" not in channel_ids(r)


def test_target_country_is_validated() -> None:
    from xborder.datamap import MapError
    with pytest.raises(MapError, match="target"):
        load_map_text(map_text(authority="GB", holder="US", location="US", residence="GB",
                               request_extra="    target: {country: XX}\n"))


@pytest.mark.parametrize("as_of, compels", [("2022-10-02", False), ("2022-10-03", True)])
def test_uk_overseas_production_order_compels_a_us_provider_from_the_agreement_copoa_s1_s4(as_of: str,
                                                                                            compels: bool) -> None:
    # COPOA 2019 s4(2): the person is based in a country party to the designated arrangement (the UK-US
    # agreement, designated by S.I. 2020/38 from 28 Feb 2020, in force 3 Oct 2022); 2702(b)(9): the SCA yields.
    r = plan(authority="GB", holder="US", location="US", residence="GB", as_of=as_of)
    assert regimes(r["compelled_by"]) == ({"GB-COPOA"} if compels else set())
    assert regimes(r["blocked_by"]) == {"US-SCA"}
    assert r["conflict"] is False
    if compels:
        (f,) = r["compelled_by"]
        assert (f["jurisdiction"], f["citation"]) == ("GB", "Crime (Overseas Production Orders) Act 2019 s1")
        assert "s9" in f["process"]
        assert any("yields" in step and "2702(b)(9)" in step for step in r["trace"])


def test_uk_order_is_not_encoded_before_the_designation_s_i_2020_38() -> None:
    r = plan(authority="GB", holder="US", location="US", residence="GB", as_of="2020-02-27")
    assert r["compelled_by"] == []
    assert any("S.I. 2020/38" in step for step in r["trace"])


@pytest.mark.parametrize("as_of, conflict", [("2022-10-02", False), ("2022-10-03", True)])
def test_uk_order_to_us_provider_for_data_in_the_eu_conflicts_with_gdpr_art_48(as_of: str, conflict: bool) -> None:
    # s4(4): possession or control, wherever stored; Art 48: no UK-EU agreement the order is based on.
    r = plan(authority="GB", holder="US", location="IE", residence="IE", as_of=as_of)
    assert "EU-GDPR" in regimes(r["blocked_by"])
    assert r["conflict"] is conflict


def test_uk_order_to_us_provider_for_data_in_china_conflicts_with_pipl_and_dsl() -> None:
    r = plan(authority="GB", holder="US", location="CN", residence="CN", category="user.contact.email",
             as_of="2023-01-01")
    assert regimes(r["compelled_by"]) == {"GB-COPOA"}
    assert {"CN-PIPL", "CN-DSL"} <= regimes(r["blocked_by"])
    assert r["conflict"] is True


@pytest.mark.parametrize("kw", [
    {"holder": "DE", "location": "DE", "residence": "DE"},  # s4(2): Germany is no party to a designated arrangement
    {"holder": "US", "location": "US", "residence": "US"},  # the agreement may not target people in the US
    {"holder": "US", "location": "US", "residence": "GB", "kind": "intelligence"},
])
def test_uk_order_does_not_compel_outside_the_designated_arrangement(kw: dict[str, str]) -> None:
    r = plan(authority="GB", as_of="2023-01-01", **kw)
    assert r["compelled_by"] == []
    assert r["conflict"] is False
