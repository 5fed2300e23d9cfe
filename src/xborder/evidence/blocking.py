"""What bars or conditions the holder's answer to a foreign authority.

GDPR Art 48: "Any judgment of a court or tribunal and any decision of an administrative
authority of a third country requiring a controller or processor to transfer or disclose
personal data may only be recognised or enforceable in any manner if based on an
international agreement, such as a mutual legal assistance treaty, in force between the
requesting third country and the Union or a Member State, without prejudice to other grounds
for transfer pursuant to this Chapter." It binds controllers and processors subject to the
GDPR: data processed in the EEA (Art 3(1)) or about people in the EEA (Art 3(2)).

PIPL Art 41: "Without the approval of the competent authorities of the People's Republic of
China, personal information handlers shall not provide personal information stored within
the territory of the People's Republic of China to foreign judicial or law enforcement
bodies." DSL Art 36: the same for any data stored in the PRC. ICJA Art 4: no evidence to a
foreign state for criminal proceedings without the consent of the competent authority. Each
sends the foreign authority to treaties or reciprocity (`cn.authority-approval`).

18 U.S.C. 2702(a)(1)-(2) (Stored Communications Act): a provider to the public "shall not
knowingly divulge to any person or entity the contents of a communication", save the
exceptions of 2702(b): (8) an emergency involving danger of death or serious physical injury,
(9) an order of a foreign government under an executive agreement certified under 2523.
Non-content records may go to anyone but a US governmental entity (2702(c)(6)), so the bar on
a foreign authority concerns content only.

Swiss Criminal Code Art 271(1): no act for a foreign state on Swiss territory that falls to a
public authority, without authorisation; handing evidence to a foreign authority outside
mutual assistance is such an act (BGE 148 IV 66) (`ch.art271-authorisation`).

French Law No. 68-678 Art 1 bis: subject to treaties and the laws in force, no one may
communicate economic, commercial, industrial, financial or technical documents or
information as evidence for foreign judicial or administrative proceedings; Art 2 asks the
person to inform the authority (the SISSE from 1 April 2022, Decree 2022-207:
`fr.sisse-notification`).

The UK, Russia and India: no bar on answering a foreign order could be confirmed in a primary
text here; the trace says "not recorded" (never "none").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xborder.evidence.context import Finding, RequestContext

BLOCKING_FACT = "evidence.blocking"
CLOUD_AGREEMENTS_FACT = "evidence.cloud_act_agreements"


def blocked_by(ctx: RequestContext) -> list[Finding]:
    """Every encoded law that bars the holder from simply answering this request."""
    found: list[Finding] = []
    for check in (_gdpr_art48, *map(_territorial_statute, TERRITORIAL_STATUTES), _us_sca):
        finding = check(ctx)
        if finding is not None:
            found.append(finding)
    _not_recorded(ctx)
    return found


# Statutes that bar answering a foreign authority where the data sits (or the holder is
# established) in the enacting state, lifted only by that state's own assistance channels.
TERRITORIAL_STATUTES = ("CN-PIPL", "CN-DSL", "CN-ICJA", "CH-SCC271", "FR-BLOCKING")


def _not_recorded(ctx: RequestContext) -> None:
    """Say where no bar is recorded, rather than implying there is none."""
    for country in sorted({ctx.location_country, ctx.holder.country} - {ctx.authority_country}):
        found = _member(ctx, country)
        if found is None or found[1].get("kind") != "not-recorded":
            continue
        member, _ = found
        ctx.note(f"{country}: no bar on answering a foreign order is recorded (not recorded, which is not to say "
                 f"there is none): {member.note.strip() if member.note else member.act}")


def pair_key(a: str, b: str) -> str:
    """Treaty key: the two ISO codes in alphabetical order."""
    return "-".join(sorted((a, b)))


def _member(ctx: RequestContext, key: str) -> tuple[Any, dict[str, Any]] | None:
    member = ctx.kb.member(BLOCKING_FACT, key, ctx.as_of)
    if member is None:
        return None
    return member, member.attributes


# -- EU ---------------------------------------------------------------------------------------
def _gdpr_art48(ctx: RequestContext) -> Finding | None:
    found = _member(ctx, "EU-GDPR")
    if found is None:
        return None
    member, attrs = found
    eea = ctx.kb.members(attrs["territory_fact"], ctx.as_of)
    if ctx.authority_country in eea:
        if ctx.location_country in eea or ctx.holder.country in eea:
            ctx.note(f"EU-GDPR: the authority ({ctx.authority_country}) is in the EEA: Art 48 concerns third-country "
                     "orders only")
        return None
    if not ctx.personal:
        ctx.note("EU-GDPR: the data sought is not personal data: Art 48 does not apply")
        return None
    tie = _gdpr_tie(ctx, eea)
    if tie is None:
        return None
    why = (f"{tie}; an order of a third-country authority ({ctx.authority_country} {ctx.authority_kind}) is neither "
           "recognised nor enforceable unless based on an international agreement such as an MLAT in force between "
           f"{ctx.authority_country} and the Union or a member state, and it is not itself a ground for transfer "
           "(a transfer in answer still needs a Chapter V ground, e.g. Art 49)")
    ctx.note(f"EU-GDPR blocks: {why} ({attrs['citation']})")
    return Finding("EU-GDPR", attrs["jurisdiction"], attrs["citation"], member.url or "", why)


def _gdpr_tie(ctx: RequestContext, eea: frozenset[str]) -> str | None:
    """Why the holder is subject to the GDPR for this data (Art 3), or None."""
    if ctx.location_country in eea:
        return f"the data sits in {ctx.location_country}, in the EEA (Art 3(1))"
    if ctx.holder.country in eea:
        return f"{ctx.holder.id} is established in {ctx.holder.country}, in the EEA (Art 3(1))"
    residents = sorted(ctx.residences & eea)
    if residents:
        return (f"the data is about people in {', '.join(residents)}, in the EEA: the holder is likely subject to "
                "Art 3(2) (offering services to them)")
    return None


# -- CN, CH, FR ---------------------------------------------------------------------------
def _territorial_statute(key: str):  # type: ignore[no-untyped-def]
    """A check for one statute that conditions answers given from its territory (PIPL 41, DSL 36,
    ICJA 4, SCC 271, Law 68-678)."""

    def check(ctx: RequestContext) -> Finding | None:
        found = _member(ctx, key)
        if found is None:
            return None
        member, attrs = found
        territory = attrs["territory"]
        stored = ctx.location_country in territory
        held = attrs.get("reach") == "holder-or-storage" and ctx.holder.country in territory
        if not (stored or held) or ctx.authority_country in territory:
            return None
        if attrs["data"] == "personal" and not ctx.personal:
            ctx.note(f"{key}: the data sought is not personal information ({attrs['citation']} does not apply)")
            return None
        if ctx.authority_kind not in attrs["authority_kinds"]:
            ctx.note(f"{key}: a foreign {ctx.authority_kind} is not among the bodies {attrs['citation']} addresses; "
                     "the general outbound-transfer rules apply instead (not assessed here)")
            return None
        where = (f"the data is stored in {ctx.location_country}" if stored else
                 f"{ctx.holder.id} is established in {ctx.holder.country} (the data sits in {ctx.location_country})")
        why = (f"{where}; providing it to a foreign authority ({ctx.authority_country} {ctx.authority_kind}) "
               f"{attrs['requirement']}")
        obligation = attrs.get("obligation")
        since = attrs.get("obligation_from")
        if obligation and since and ctx.as_of < dt.date.fromisoformat(str(since)):
            obligation = None
        ctx.note(f"{key} blocks: {why} ({attrs['citation']}" + (f"; obligation {obligation})" if obligation else ")"))
        return Finding(key, attrs["jurisdiction"], attrs["citation"], member.url or "", why, obligation=obligation)

    return check


# -- US ---------------------------------------------------------------------------------------
def _us_sca(ctx: RequestContext) -> Finding | None:
    found = _member(ctx, "US-SCA")
    if found is None:
        return None
    member, attrs = found
    home = attrs["territory"]
    if ctx.authority_country in home:
        return None  # a US demand is answered under 2703 (2702(b)(2)), not barred
    if ctx.holder.country not in home and ctx.location_country not in home:
        return None
    if ctx.data_type != attrs["data"]:
        ctx.note(f"US-SCA: {ctx.data_type} records are not contents; a provider may disclose them to a foreign "
                 "government, which is not a US governmental entity (18 U.S.C. 2702(c)(6), 2711(4))")
        return None
    if ctx.urgent:
        # 2702(b)(8) lets a provider disclose contents in an emergency "to a governmental entity",
        # which 2711(4) defines as a department or agency of the United States or of a State.
        ctx.note(f"US-SCA: the request is urgent, but the emergency exception ({attrs['emergency_exception']}) "
                 "permits disclosure to a governmental entity, a US federal or state body (18 U.S.C. 2711(4)): "
                 "it does not reach a foreign authority")
    agreement = ctx.kb.member(CLOUD_AGREEMENTS_FACT, pair_key(ctx.authority_country, "US"), ctx.as_of)
    if agreement is not None:
        # 2702(b)(9) excepts only an order issued under the agreement: the bar itself stands for
        # every other answer (a voluntary disclosure among them), so the agreement is a channel
        # that lifts the bar, not an end of it.
        ctx.note(f"US-SCA: an order of {ctx.authority_country} issued under the executive agreement in force since "
                 f"{agreement.from_} may be answered ({attrs['agreement_exception']}; 18 U.S.C. 2523); "
                 "any other disclosure of contents stays barred (2702(a))")
    why = (f"{ctx.holder.id} falls under US law (established in {ctx.holder.country}, data in "
           f"{ctx.location_country}) and may not divulge the contents of communications to a foreign authority "
           f"without US process or an order under an executive agreement ({attrs['agreement_exception']})")
    ctx.note(f"US-SCA blocks: {why} ({attrs['citation']})")
    return Finding("US-SCA", attrs["jurisdiction"], attrs["citation"], member.url or "", why)
