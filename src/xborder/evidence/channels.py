"""Through which channels the authority can lawfully obtain the data, and which bars each lifts.

- `mlat:<A>-<B>`: a bilateral mutual legal assistance treaty between the requesting state and
  a requested state (where the data sits or the holder is established); executed by the
  requested state's authorities under its own law. It is the "international agreement, such
  as a mutual legal assistance treaty" of GDPR Art 48, the treaty route of PIPL Art 41 and
  DSL Art 36, and US process obtained for the foreign state (2702(b)(2)) under the SCA.
- `eu-us-mla`: the EU-US MLA Agreement (in force 1 February 2010), applied to the bilateral
  treaties of member states with the US and in their absence.
- `cloud-act-agreement:<A>-<B>`: an executive agreement under 18 U.S.C. 2523; orders served
  directly on the other party's providers, answerable despite the SCA (2702(b)(9)).
- `us.2713-order`: a US warrant, order or subpoena (18 U.S.C. 2703) served on a provider
  under US jurisdiction, reaching data abroad (2713).
- `eu.e-evidence`: a European Production Order (Regulation (EU) 2023/1543, from 18 August
  2026) from a bound member state to a provider established in another; 10 days (Art 10).
- `eu.e-evidence.preservation`: a European Preservation Order to the same addressee (Arts 6,
  11): data of any category held 60 days unless a production request is confirmed (+30 days).
- `eu.eio`: a European Investigation Order (Directive 2014/41/EU) between participating
  member states; recognition within 30 days, execution within 90 more (Art 12(3)-(4)).
- `budapest.preservation` / `budapest.mla`: Convention on Cybercrime Arts 29 and 31 between
  parties; a preservation lasts at least 60 days (Art 29(7)).
- `letters-rogatory`: a court's request to a foreign court, by comity, with no treaty.
- `voluntary-disclosure`: the holder answers of its own accord, only where no encoded law
  bars it (the SCA bars a provider's voluntary disclosure of contents, 2702(a); a US
  governmental entity gets records only under 2703 save emergencies, 2702(c)(4)).

A duration is reported only where the cited text sets one; otherwise it is null.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from xborder.evidence.blocking import TERRITORIAL_STATUTES, pair_key
from xborder.evidence.compulsion import E_EVIDENCE_KINDS, agreement_targeting, e_evidence_addressee
from xborder.evidence.context import Finding, RequestContext

MLAT_FACT = "evidence.mlat"
EU_US_MLA_FACT = "evidence.eu_us_mla"
CLOUD_AGREEMENTS_FACT = "evidence.cloud_act_agreements"
E_EVIDENCE_FACT = "evidence.e_evidence"
EIO_FACT = "evidence.eio"
BUDAPEST_FACT = "evidence.budapest"
LEGAL_REPRESENTATIVE_FACT = "evidence.legal_representatives"

# Which blocking laws a kind of channel satisfies (see the module docstring for why).
TREATY_LIFTS = frozenset({"EU-GDPR", "CN-PIPL", "CN-DSL", "CN-ICJA", "US-SCA", "CH-SCC271", "FR-BLOCKING"})
CN_STATUTES = frozenset({"CN-PIPL", "CN-DSL", "CN-ICJA"})
# Regulation (EU) 2023/1543 Art 2(2): European Production and Preservation Orders "may be issued
# only in the framework and for the purposes of criminal proceedings", by the judges, courts,
# prosecutors or investigating authorities in criminal proceedings of Art 4. Convention on
# Cybercrime Art 25(1): mutual assistance "for the purpose of investigations or proceedings
# concerning criminal offences". Neither serves an intelligence service; the Regulation serves no
# regulator either (the Convention may, where the regulator investigates an offence).
# Directive 2014/41/EU "regarding the European Investigation Order in criminal matters", Art 1(1):
# "a judicial decision which has been issued or validated by a judicial authority" to obtain
# evidence; not an intelligence service's tool (a regulator's proceedings may qualify, Art 4).
EIO_KINDS = frozenset({"law-enforcement", "court", "regulator"})
BUDAPEST_KINDS = frozenset({"law-enforcement", "court", "regulator"})
# Preference when choosing: direct compulsory orders, then agreements, then comity, then voluntary.
PREFERENCE = ("us.2713-order", "cloud-act-agreement", "eu.e-evidence", "eu.eio", "mlat", "eu-us-mla",
              "budapest.mla", "letters-rogatory", "voluntary-disclosure",
              # preservation: a binding order on the provider before a request to a state
              "eu.e-evidence.preservation", "budapest.preservation")


@dataclass(slots=True)
class Channel:
    id: str
    citation: str
    url: str | None = None
    days: int | None = None
    days_source: str | None = None
    lifts: frozenset[str] = frozenset()
    purpose: str = "production"  # production | preservation
    extra: dict[str, Any] = field(default_factory=dict)
    # The states whose authorities execute the channel: a territorial statute (PIPL 41, SCC 271,
    # Law 68-678 ...) yields only to its own state's assistance, not to a treaty with another.
    requested: frozenset[str] = frozenset()

    def lifts_finding(self, finding: Finding) -> bool:
        if finding.regime not in self.lifts:
            return False
        if finding.regime in TERRITORIAL_STATUTES and self.requested:
            return finding.jurisdiction in self.requested
        return True

    @property
    def family(self) -> str:
        return self.id.split(":", 1)[0]

    def as_dict(self, blocks: Iterable[Finding]) -> dict[str, Any]:
        lifted = sorted({b.regime for b in blocks if self.lifts_finding(b)})
        out: dict[str, Any] = {
            "id": self.id,
            "citation": self.citation,
            "duration": {"days": self.days, "source": self.days_source},
            "purpose": self.purpose,
            "lifts": lifted,
            "still_blocked_by": sorted({b.regime for b in blocks} - set(lifted)),
        }
        if self.url:
            out["url"] = self.url
        out.update(self.extra)
        return out


def channels(ctx: RequestContext, compelled: list[Finding], blocks: list[Finding]) -> list[Channel]:
    """Every channel open to this authority for this data on the date, in preference order."""
    found: list[Channel] = []
    found += _us_order(ctx, compelled)
    found += _cloud_agreements(ctx)
    found += _e_evidence(ctx)
    found += _eio(ctx)
    found += _mlats(ctx)
    found += _eu_us_mla(ctx)
    found += _budapest(ctx)
    found += _letters_rogatory(ctx)
    found += _voluntary(ctx, blocks)
    order = {family: i for i, family in enumerate(PREFERENCE)}
    found.sort(key=lambda c: (c.purpose != "production", order.get(c.family, len(order)), c.id))
    return found


def recommend(ctx: RequestContext, found: list[Channel], blocks: list[Finding]) -> Channel | None:
    """The most direct production channel that lifts every bar; failing that, the most direct one."""
    production = [c for c in found if c.purpose == "production"]
    regimes = {b.regime for b in blocks}
    clear = [c for c in production if all(c.lifts_finding(b) for b in blocks)]
    if clear:
        choice = clear[0]
        why = "it lifts every bar" if regimes else "nothing bars the disclosure and it is the most direct"
        ctx.note(f"recommended channel {choice.id}: {why} ({choice.citation})")
        return choice
    if production:
        ctx.note(f"no channel lifts every bar ({', '.join(sorted(regimes))}); {production[0].id} is the most direct "
                 "and the remaining bars must be cleared separately")
        return production[0]
    ctx.note("no channel is open on this date")
    return None


# -- direct orders --------------------------------------------------------------------------
def _us_order(ctx: RequestContext, compelled: list[Finding]) -> list[Channel]:
    us = next((f for f in compelled if f.regime == "US-CLOUD"), None)
    if us is None:
        return []
    ctx.note(f"channel us.2713-order: {us.process} served on {ctx.holder.id} ({us.citation})")
    # A US order is itself US process: the SCA does not bar the answer (2702(b)(2)); it is not
    # based on an agreement with the EU or the PRC, so it lifts neither Art 48 nor PIPL/DSL/ICJA.
    return [Channel("us.2713-order", f"{us.citation}; {us.process}", us.url, lifts=frozenset({"US-SCA"}))]


_TARGETING_LIMITS = ("for serious crime only; the foreign party's orders may not intentionally target a United States "
                     "person or a person located in the United States and must target non-US persons outside it "
                     "(18 U.S.C. 2523(b)(4)(A)-(B)); the agreement likewise bars US orders targeting persons in the "
                     "partner country")


def _cloud_agreements(ctx: RequestContext) -> list[Channel]:
    out = []
    partners = ({ctx.holder.country, ctx.location_country} | ctx.holder_countries) - {ctx.authority_country}
    for partner in sorted(partners):
        key = pair_key(ctx.authority_country, partner)
        member = ctx.kb.member(CLOUD_AGREEMENTS_FACT, key, ctx.as_of)
        if member is None:
            continue
        channel_id = f"cloud-act-agreement:{key}"
        closed, basis, extra = agreement_targeting(ctx, partner)
        if closed:
            ctx.note(f"channel {channel_id} is not open: {closed}, and {_TARGETING_LIMITS}")
            continue
        ctx.note(f"channel {channel_id}: in force since {member.from_} ({member.act}); {_TARGETING_LIMITS}; {basis}")
        out.append(Channel(channel_id, "18 U.S.C. 2523, 2702(b)(9); " + (member.act or ""),
                           member.url, lifts=frozenset({"US-SCA"}), extra=extra))
    return out


def _e_evidence(ctx: RequestContext) -> list[Channel]:
    issuing = ctx.kb.member(E_EVIDENCE_FACT, ctx.authority_country, ctx.as_of)
    reach = e_evidence_addressee(ctx)
    if issuing is None or reach is None:
        return []
    if ctx.authority_kind not in E_EVIDENCE_KINDS:
        ctx.note(f"channel eu.e-evidence is not open: a {ctx.authority_kind} does not act in criminal proceedings, "
                 "the only framework in which a European Production or Preservation Order may be issued "
                 "(Regulation (EU) 2023/1543 Arts 2(2), 4)")
        return []
    addressee, via_representative = reach
    extra: dict[str, Any] = {"obligation": "eu.legal-representative"} if via_representative else {}
    if ctx.data_type in {"traffic", "content"}:
        # Art 5(4): the map does not say the offence, so the threshold is a warning, not a closure.
        extra["warning"] = ("a European Production Order for traffic data (other than data sought only to identify "
                            "the user) or content data may be issued only for offences punishable by a maximum "
                            "custodial sentence of at least three years or the listed cyber, fraud, child-abuse and "
                            "terrorism offences (Regulation (EU) 2023/1543 Art 5(4)), by a judge or court or with "
                            "their validation (Art 4(2)); the enforcing state is notified and may refuse within 10 "
                            "days (Arts 8, 12) unless the offence and the person are in the issuing state; a "
                            "European Preservation Order serves any offence (Art 6(3))")
    days = issuing.attributes.get("production_days")
    if ctx.urgent:
        extra["emergency_hours"] = issuing.attributes.get("emergency_hours")
    ctx.note(f"channel eu.e-evidence: {ctx.authority_country} may order {addressee} to produce the data wherever it "
             f"sits (Regulation (EU) 2023/1543 Art 1(1)); answer within {days} days (Art 10)")
    # Art 6, 11(1): a European Preservation Order, for data of any category (Art 4(3)) and any
    # criminal offence (Art 6(3)), freezes the data for a later production request by mutual legal
    # assistance, an EIO or a European Production Order; the hold ceases after 60 days unless a
    # production request is confirmed, and may be extended once by 30 days.
    ctx.note("channel eu.e-evidence.preservation: a European Preservation Order to the same addressee; the data is "
             "held for 60 days unless a subsequent production request is confirmed, extendable by 30 days "
             "(Regulation (EU) 2023/1543 Arts 6, 11(1))")
    url = ctx.kb.cite(E_EVIDENCE_FACT).url
    requested = frozenset({ctx.holder.country})
    # An EU regulation is a "law or regulation in force" that Law 68-678 Art 1 bis yields to.
    lifts = frozenset({"FR-BLOCKING"})
    preserve_extra = {k: extra[k] for k in ("obligation",) if k in extra}
    return [Channel("eu.e-evidence", "Regulation (EU) 2023/1543 Arts 1, 5, 10", url,
                    days, "Regulation (EU) 2023/1543 Art 10(2)-(3)", lifts=lifts, extra=extra, requested=requested),
            Channel("eu.e-evidence.preservation", "Regulation (EU) 2023/1543 Arts 1, 6, 11", url,
                    issuing.attributes.get("preservation_days"),
                    "Regulation (EU) 2023/1543 Art 11(1) (preservation ceases after 60 days unless a subsequent "
                    "production request is confirmed; extendable by 30 days)", lifts, "preservation",
                    extra=preserve_extra, requested=requested)]


def _eio(ctx: RequestContext) -> list[Channel]:
    issuing = ctx.kb.member(EIO_FACT, ctx.authority_country, ctx.as_of)
    executing = ctx.kb.member(EIO_FACT, ctx.location_country, ctx.as_of)
    if issuing is None or executing is None or ctx.location_country == ctx.authority_country:
        return []
    if ctx.authority_kind not in EIO_KINDS:
        ctx.note(f"channel eu.eio is not open: an EIO is a judicial decision in criminal matters, issued or validated "
                 f"by a judicial authority (Directive 2014/41/EU Art 1(1)), not a {ctx.authority_kind}'s request")
        return []
    attrs = executing.attributes
    days = attrs["recognition_days"] + attrs["execution_days"]
    ctx.note(f"channel eu.eio: {ctx.authority_country} and {ctx.location_country} both apply Directive 2014/41/EU; "
             f"recognition within {attrs['recognition_days']} days, execution within {attrs['execution_days']} "
             "days after (Art 12(3)-(4))")
    return [Channel("eu.eio", "Directive 2014/41/EU Arts 1, 12", ctx.kb.cite(EIO_FACT).url, days,
                    "Directive 2014/41/EU Art 12(3)-(4) (30 days to recognise, 90 days to execute)",
                    lifts=frozenset({"FR-BLOCKING"}), requested=frozenset({ctx.location_country}))]


# -- treaties --------------------------------------------------------------------------------
def _mlats(ctx: RequestContext) -> list[Channel]:
    out = []
    for state in ctx.requested_states:
        key = pair_key(ctx.authority_country, state)
        member = ctx.kb.member(MLAT_FACT, key, ctx.as_of)
        if member is None:
            continue
        ctx.note(f"channel mlat:{key}: treaty in force since {member.from_} ({member.act})")
        out.append(Channel(f"mlat:{key}", member.act or key, member.url, lifts=TREATY_LIFTS,
                           requested=frozenset({state})))
    return out


def _eu_us_mla(ctx: RequestContext) -> list[Channel]:
    if ctx.authority_country == "US":
        partners = [s for s in ctx.requested_states if ctx.kb.member(EU_US_MLA_FACT, s, ctx.as_of)]
    elif "US" in ctx.requested_states and ctx.kb.member(EU_US_MLA_FACT, ctx.authority_country, ctx.as_of):
        partners = [ctx.authority_country]
    else:
        partners = []
    if not partners:
        return []
    cite = ctx.kb.cite(EU_US_MLA_FACT)
    ctx.note(f"channel eu-us-mla: the EU-US MLA Agreement applies between the US and {', '.join(partners)} "
             "(in force 1 February 2010)")
    requested = frozenset(partners) if ctx.authority_country == "US" else frozenset({"US"})
    return [Channel("eu-us-mla", f"{cite.law} Art {cite.article} (OJ L 181, 19.7.2003, p. 34)", cite.url,
                    lifts=TREATY_LIFTS - CN_STATUTES, requested=requested)]


def _budapest(ctx: RequestContext) -> list[Channel]:
    if ctx.location_country == ctx.authority_country:
        return []
    requesting = ctx.kb.member(BUDAPEST_FACT, ctx.authority_country, ctx.as_of)
    requested = ctx.kb.member(BUDAPEST_FACT, ctx.location_country, ctx.as_of)
    if requesting is None or requested is None:
        return []
    if ctx.authority_kind not in BUDAPEST_KINDS:
        ctx.note(f"channels budapest.* are not open: the Convention's mutual assistance serves investigations or "
                 f"proceedings concerning criminal offences (Convention on Cybercrime Art 25(1)), not a "
                 f"{ctx.authority_kind}")
        return []
    url = ctx.kb.cite(BUDAPEST_FACT).url
    ctx.note(f"channels budapest.*: {ctx.authority_country} and {ctx.location_country} are parties to the "
             "Convention on Cybercrime (Arts 29, 31)")
    lifts = TREATY_LIFTS - CN_STATUTES
    requested = frozenset({ctx.location_country})
    return [
        Channel("budapest.preservation", "Convention on Cybercrime (CETS 185) Art 29", url, 60,
                "Convention on Cybercrime Art 29(7) (preserved for not less than 60 days)", lifts, "preservation",
                requested=requested),
        Channel("budapest.mla", "Convention on Cybercrime (CETS 185) Art 31", url, lifts=lifts, requested=requested),
    ]


def _letters_rogatory(ctx: RequestContext) -> list[Channel]:
    if not ctx.requested_states:
        return []
    # Executed by the requested state's courts or authorities under its own law: a PRC
    # authority handles it on reciprocity (PIPL 41, DSL 36), a US court orders disclosure
    # (28 U.S.C. 1782), so the SCA bar falls; it rests on comity, not an agreement, so not Art 48.
    ctx.note("channel letters-rogatory: a court-to-court request by comity, executed under the requested state's law")
    # Swiss letters rogatory are mutual assistance (IMAC) and French ones the route Law 68-678 points to.
    return [Channel("letters-rogatory", "international comity; 28 U.S.C. 1781-1782 where the US is requested",
                    "https://www.law.cornell.edu/uscode/text/28/1782",
                    lifts=CN_STATUTES | {"US-SCA", "CH-SCC271", "FR-BLOCKING"},
                    requested=frozenset(ctx.requested_states))]


def _voluntary(ctx: RequestContext, blocks: list[Finding]) -> list[Channel]:
    if blocks:
        ctx.note(f"voluntary-disclosure is not open: barred by {', '.join(sorted(b.citation for b in blocks))}")
        return []
    if ctx.authority_country == "US" and _under_us_law(ctx) and not ctx.urgent:
        ctx.note("voluntary-disclosure is not open: a provider may give a US governmental entity contents or records "
                 "only under 18 U.S.C. 2703, save emergencies (2702(b)(8), (c)(4))")
        return []
    citation = ("18 U.S.C. 2702(b)(8), (c)(4) (emergency)" if ctx.authority_country == "US"
                else "no encoded law bars it; the holder's own law governs")
    ctx.note(f"channel voluntary-disclosure: {citation}")
    return [Channel("voluntary-disclosure", citation)]


def _under_us_law(ctx: RequestContext) -> bool:
    return ctx.holder.country == "US" or ctx.location_country == "US" or "US" in ctx.holder_countries
