"""Who compels the holder to disclose.

18 U.S.C. 2713 (CLOUD Act, in force 23 March 2018): "A provider of electronic communication
service or remote computing service shall comply with the obligations of this chapter to
preserve, backup, or disclose the contents of a wire or electronic communication and any
record or other information pertaining to a customer or subscriber within such provider's
possession, custody, or control, regardless of whether such communication, record, or other
information is located within or outside of the United States."

The obligations "of this chapter" are those of 18 U.S.C. 2703, which a US governmental
entity (2711(4)) enforces with a warrant (content, 2703(a)-(b)), a court order (records,
2703(d)) or a subpoena (basic subscriber information, 2703(c)(2)). So a US demand compels a
provider under US jurisdiction: one established in the US, or controlled by a US-established
parent (the parent's "control" of the data), or holding the data in the US. The map does not
say whether the holder provides an electronic communication or remote computing service; a
request addressed to it is read as addressed to such a provider, and the trace says so.

18 U.S.C. 2703(h)(2): a provider served with legal process for the contents of a
communication "may file a motion to modify or quash the legal process where the provider
reasonably believes (i) that the customer or subscriber is not a United States person and
does not reside in the United States; and (ii) that the required disclosure would create a
material risk that the provider would violate the laws of a qualifying foreign government",
within 14 days; a qualifying foreign government has an executive agreement in force under
2523 (2703(h)(1)(A)). The trace names that motion where the people in the data live in such
a country; whether its laws give providers the reciprocal rights (h)(1)(A)(ii) also asks for
is not checked.

Regulation (EU) 2023/1543 (from 18 August 2026, Art 34(2)): on receipt of a European Production
Order Certificate the addressee "shall ensure that the requested data are transmitted directly
to the issuing authority ... at the latest within 10 days" (Art 10(2)-(3)), eight hours in
emergencies (Art 10(4)), "regardless of the location of the data" (Art 1(1)), on pain of
pecuniary penalties of up to 2 % of worldwide turnover (Art 15(1)) and enforcement (Art 16). So
an authority of a bound member state, in criminal proceedings (Arts 2(2), 4), compels a provider
established in another bound member state or, from 18 August 2026, one represented there by the
legal representative Directive (EU) 2023/1544 requires (`EU-EEVIDENCE`). Where the provider
considers that a third country's law forbids the disclosure, it files a reasoned objection
within 10 days and a court of the issuing state reviews the conflict (Art 17).

Crime (Overseas Production Orders) Act 2019 s1(1): "A judge may, on an application by an
appropriate officer, make an overseas production order against a person in respect of
electronic data"; s1(4): the order "requires the person against whom the order is made to
produce the electronic data" (or give access to it); s1(2)(a): the application specifies "the
designated international co-operation arrangement"; s4(2): the person "operates in" or "is
based in a country or territory outside the United Kingdom which is a party to" that
arrangement; s4(4): it has "possession or control" of the data (wherever stored). The UK-US
Agreement on Access to Electronic Data is designated (S.I. 2020/38 reg 2(a), from 28 February
2020) and in force from 3 October 2022, so a UK law-enforcement or court order compels a
provider based in the US from that date (`GB-COPOA`), unless the agreement's targeting limits
(2523(b)(4)) close it. Such an order is one "subject to an executive agreement" (18 U.S.C.
2702(b)(9)), so the SCA yields to it; GDPR Art 48 and PIPL/DSL do not.
"""

from __future__ import annotations

from typing import Any

from xborder.evidence.blocking import CLOUD_AGREEMENTS_FACT, pair_key
from xborder.evidence.context import Finding, RequestContext

COMPULSION_FACT = "evidence.compulsion"
E_EVIDENCE_FACT = "evidence.e_evidence"
LEGAL_REPRESENTATIVE_FACT = "evidence.legal_representatives"
# Regulation (EU) 2023/1543 Art 2(2): orders "may be issued only in the framework and for the
# purposes of criminal proceedings", by the judges, courts, prosecutors or investigating
# authorities in criminal proceedings of Art 4: not by an intelligence service or a regulator.
E_EVIDENCE_KINDS = frozenset({"law-enforcement", "court"})


def compelled_by(ctx: RequestContext) -> list[Finding]:
    """Every encoded law that compels the holder to answer this request."""
    found: list[Finding] = []
    for check in (_us_cloud, _eu_e_evidence, _gb_copoa):
        finding = check(ctx)
        if finding is not None:
            found.append(finding)
    return found


def e_evidence_addressee(ctx: RequestContext) -> tuple[str, bool] | None:
    """Whom a European Production Order of this authority reaches on the date, and whether
    through a legal representative (Directive (EU) 2023/1544); None when no order can be issued.
    The authority's kind is checked by the callers, which say why in the trace."""
    if ctx.kb.member(E_EVIDENCE_FACT, ctx.authority_country, ctx.as_of) is None:
        return None
    if ctx.holder.country == ctx.authority_country:
        return None  # a domestic order, not a European one (Art 1(1), "in another Member State")
    if ctx.kb.member(E_EVIDENCE_FACT, ctx.holder.country, ctx.as_of) is not None:
        return f"{ctx.holder.id}, established in {ctx.holder.country}", False
    # A provider offering services in the Union from outside the bound states is reached through
    # the legal representative it must appoint in a bound member state.
    in_union = sorted(c for c in ctx.residences if ctx.kb.member(E_EVIDENCE_FACT, c, ctx.as_of))
    if not in_union or not ctx.kb.value(LEGAL_REPRESENTATIVE_FACT, ctx.as_of):
        return None
    return (f"the legal representative in the Union of {ctx.holder.id} (established in {ctx.holder.country}, "
            f"offering services to people in {', '.join(in_union)}), which it must appoint by 18 August 2026 "
            "(Directive (EU) 2023/1544 Arts 3, 7)"), True


def _eu_e_evidence(ctx: RequestContext) -> Finding | None:
    if ctx.authority_kind not in E_EVIDENCE_KINDS:
        return None
    reach = e_evidence_addressee(ctx)
    if reach is None:
        return None
    addressee, _ = reach
    cite = ctx.kb.cite(E_EVIDENCE_FACT)
    why = (f"a European Production Order of {ctx.authority_country} binds {addressee}: it must transmit the data "
           "within 10 days of receiving the certificate (8 hours in emergencies), regardless of where the data is "
           "stored (Arts 1(1), 10), on pain of pecuniary penalties (Art 15); a conflicting third-country law is "
           "raised by reasoned objection within 10 days and reviewed by a court of the issuing state (Art 17)")
    ctx.note(f"EU-EEVIDENCE compels: {why} (Regulation (EU) 2023/1543 Art 10)")
    return Finding("EU-EEVIDENCE", "EU", "Regulation (EU) 2023/1543 Art 10", cite.url or "", why,
                   process="European Production Order Certificate (Regulation (EU) 2023/1543 Arts 4, 5, 9)")


def _us_cloud(ctx: RequestContext) -> Finding | None:
    member = ctx.kb.member(COMPULSION_FACT, "US-CLOUD", ctx.as_of)
    attrs = member.attributes if member else {}
    if ctx.authority_country != attrs.get("jurisdiction", "US"):
        return None
    if member is None:
        ctx.note(f"US-CLOUD: 18 U.S.C. 2713 was not in force on {ctx.as_of} (enacted 23 March 2018)")
        return None
    if ctx.authority_kind not in attrs["authority_kinds"]:
        ctx.note(f"US-CLOUD: a US {ctx.authority_kind} demand is not a chapter 121 order of a governmental "
                 "entity (18 U.S.C. 2703, 2711(4)); its own statute is not encoded here")
        return None
    reach = _us_reach(ctx)
    if reach is None:
        ctx.note(f"US-CLOUD: {ctx.holder.id} ({ctx.holder.country}) has no US establishment or US parent and the "
                 f"data sits in {ctx.location_country}: no US order reaches it (18 U.S.C. 2713)")
        return None
    process = attrs["process"][ctx.data_type]
    abroad = ctx.location_country != "US"
    citation = attrs["citation"] if abroad else "18 U.S.C. 2703"
    why = (f"{reach}; the provider must disclose data in its possession, custody or control "
           + ("regardless of whether it is located outside the United States" if abroad else "stored in the US")
           + f"; {ctx.data_type} data needs {process}")
    ctx.note(f"US-CLOUD compels {ctx.holder.id}: {why} ({citation})")
    ctx.note(f"US-CLOUD: {ctx.holder.id} is read as a provider of electronic communication or remote computing "
             "service, the only holders 18 U.S.C. 2713 binds (the map does not say otherwise)")
    _comity_motion(ctx)
    return Finding("US-CLOUD", "US", citation, member.url or attrs["process_url"], why, process=process)


def _us_reach(ctx: RequestContext) -> str | None:
    """Why a US order reaches the holder, or None."""
    if ctx.holder.country == "US":
        return f"{ctx.holder.id} is established in the US"
    us_parents = [e.id for e in ctx.owners if e.country == "US"]
    if us_parents:
        return f"{ctx.holder.id} is controlled by {us_parents[0]}, established in the US"
    if ctx.location_country == "US":
        return f"the data sits in the US ({ctx.request.location})"
    return None


def _comity_motion(ctx: RequestContext) -> None:
    """2703(h)(2): the motion to quash open where the data's people live in a partner country."""
    if ctx.data_type != "content" or not ctx.residences or "US" in ctx.residences:
        return
    for country in sorted(ctx.residences):
        agreement = ctx.kb.member(CLOUD_AGREEMENTS_FACT, pair_key(country, "US"), ctx.as_of)
        if agreement is not None:
            ctx.note(f"US-CLOUD: the provider may move within 14 days to modify or quash the order: the people in the "
                     f"data live in {country}, whose government has an executive agreement in force since "
                     f"{agreement.from_}, and disclosure may risk breaking its laws; the court weighs comity "
                     "(18 U.S.C. 2703(h)(2)-(3))")


def _gb_copoa(ctx: RequestContext) -> Finding | None:
    member = ctx.kb.member(COMPULSION_FACT, "GB-COPOA", ctx.as_of)
    if ctx.authority_country != "GB":
        return None
    if member is None:
        ctx.note(f"GB-COPOA: no arrangement was designated under the Crime (Overseas Production Orders) Act 2019 "
                 f"on {ctx.as_of} (the UK-US Agreement from 28 February 2020, S.I. 2020/38)")
        return None
    attrs = member.attributes
    if ctx.authority_kind not in attrs["authority_kinds"]:
        ctx.note(f"GB-COPOA: a UK {ctx.authority_kind} is not encoded as applying for an overseas production order "
                 "(COPOA 2019 ss1(1), 2: an appropriate officer, in criminal or terrorist investigations, s4(3))")
        return None
    # s4(2): the person must operate in or be based in a country party to the designated arrangement;
    # the arrangement must be in force for an order to be served "in accordance with" it (s9(4)).
    partner = ctx.holder.country
    agreement = ctx.kb.member(attrs["arrangement_fact"], pair_key("GB", partner), ctx.as_of)
    if agreement is None:
        ctx.note(f"GB-COPOA: {ctx.holder.id} is based in {partner}, which has no designated arrangement with the UK "
                 f"in force on {ctx.as_of}: no overseas production order reaches it (COPOA 2019 s4(2))")
        return None
    closed, _, _ = agreement_targeting(ctx, partner)
    if closed:
        ctx.note(f"GB-COPOA: {closed}; the {partner}-UK agreement does not cover it (18 U.S.C. 2523(b)(4)), so no "
                 "overseas production order may be made by reference to it")
        return None
    why = (f"{ctx.holder.id} is based in {partner}, party to the designated UK-{partner} agreement in force since "
           f"{agreement.from_}; an overseas production order requires it to produce data in its possession or "
           "control, wherever stored (COPOA 2019 ss1(4), 4(2), 4(4)), for an indictable offence or a terrorist "
           "investigation (s4(3), which the map cannot show)")
    ctx.note(f"GB-COPOA compels: {why} ({attrs['citation']})")
    return Finding("GB-COPOA", "GB", attrs["citation"], member.url or "", why, process=attrs["process"])


def agreement_targeting(ctx: RequestContext, partner: str) -> tuple[str | None, str, dict[str, Any]]:
    """Whether an agreement order may reach this request's target: (why it is closed or None,
    what the check rests on, extra fields). The request's `target` decides where the map gives
    it; otherwise the residence of the people the data is about stands in for it."""
    foreign = ctx.authority_country != "US"
    target = ctx.request.target
    if target is not None and (target.country is not None or target.us_person is not None):
        barred = (bool(target.us_person) or target.country == "US") if foreign else target.country == partner
        if barred:
            who = "a United States person" if target.us_person else f"a person located in {target.country}"
            return f"the request targets {who}", "", {}
        return None, "the request's target is within them", {}
    basis = ("the map says where the people the data is about live, not whom the request targets, so targeting is "
             "checked by residence only")
    barred_home = "US" if foreign else partner
    if barred_home in ctx.residences and ctx.residences <= {barred_home}:
        return f"every person the data is about lives in {'the US' if foreign else partner}", basis, {}
    if foreign and "US" in ctx.residences:
        return None, basis, {"warning": "some of the people the data is about live in the US: an order under the "
                                        "agreement may not target them (18 U.S.C. 2523(b)(4)(A)-(B))"}
    return None, basis, {}
