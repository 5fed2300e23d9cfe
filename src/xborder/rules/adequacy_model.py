"""The adequacy model of transfer law shared by the GDPR, the UK GDPR and the Swiss FADP.

All three read the same way (GDPR Arts 44-49; UK GDPR Arts 44-49 with DPA 2018 s17A;
FADP Arts 16-17): an exporter subject to the law may transfer personal data to a recipient
in another country (1) freely where that country is found adequate, (2) otherwise with an
appropriate safeguard (standard clauses, binding corporate rules inside a group, ...),
(3) or, exceptionally, under a derogation. Each regime module supplies its own facts
(territory, adequacy list, instruments) and articles; this module holds the reasoning once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase, Member
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict


@dataclass(frozen=True)
class AdequacyLaw:
    """The facts and articles one adequacy-model law is made of."""

    regime: str  # EU-GDPR
    jurisdiction: str  # EU
    law: str  # GDPR
    url: str
    territory_fact: str  # kb list of countries where the law applies as home territory
    adequacy_fact: str
    instruments_fact: str  # kb list of Art 46/47 instruments with attributes
    risk_assessment_fact: str | None  # kb value: instruments needing a TIA/TRA, dated
    risk_assessment_id: str | None  # eu.tia | uk.tra
    adequacy_id: str  # eu.adequacy
    art_scope_establishment: str  # "3(1)"
    art_scope_targeting: str | None  # "3(2)" (None where the law has no such rule)
    art_transfer: str  # "44"
    art_adequacy: str  # "45"
    art_safeguards: str  # "46"
    art_derogations: str | None  # "49"
    derogations: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # necessity -> (id, article)
    # Derogations the law confines to occasional, non-repetitive transfers (GDPR recital 111:
    # Art 49(1)(b), (c), (e)); a recurring flow (see `_recurring`) cannot rest on them.
    occasional_only: frozenset[str] = frozenset()
    # Derogations no `necessity` names, which a flow declares in `safeguards`: id -> article
    # (GDPR Art 49(1)(a) explicit consent; Art 49(1) second subparagraph).
    declared_derogations: Mapping[str, str] = field(default_factory=dict)
    # The residual derogation of GDPR Art 49(1), second subparagraph (compelling legitimate
    # interests): its id and the duties it carries (inform the supervisory authority, inform the
    # data subject). It serves only a controller, only where no Art 45 or 46 basis and no
    # derogation of the first subparagraph does, and only for a transfer that is not repetitive.
    residual_derogation: tuple[str, tuple[str, ...]] | None = None
    # Where the law (or its guidance) confines them so: named in the trace when a recurring flow
    # is refused one, and (occasional_note) beside one taken; "" leaves the note out.
    occasional_source: str = "recital 111; EDPB Guidelines 2/2018, 2.1"
    occasional_note: str = "occasional, non-repetitive transfers only: EDPB Guidelines 2/2018"
    # Obligations a transfer on a derogation still carries (the Saudi 2023 Transfer Regulation
    # Art 8(1)(b): a risk assessment for transfers on its exemptions).
    derogation_obligations: tuple[str, ...] = ()
    # Derogations the law itself grants, outside `derogation_source` and free of
    # `derogation_obligations` (the Saudi PDPL's own Art 29(3): extreme necessity to preserve life).
    statute_derogations: frozenset[str] = frozenset()
    # The act the derogations' articles belong to, where not this law: (name, url) (the Saudi
    # exemptions are the 2023 Transfer Regulation's Art 6, not the PDPL's).
    derogation_source: tuple[str, str] | None = None
    representative_id: str | None = None  # eu.art27-representative
    art_representative: str | None = None
    special_categories_fact: str | None = None
    criminal_data_fact: str | None = None
    extra_territories: tuple[str, ...] = ()  # kb lists whose members count as inside (e.g. EEA for UK: none)
    articles_fact: str | None = None  # kb value, dated: art_* numbers (and law, url, derogations) that changed
    # Wording that differs outside the GDPR family (defaults: the EU texts and guidance).
    transfer_rules: str = "Chapter V"  # what applies to a transfer to a third country
    no_transfer_source: str = "EDPB Guidelines 05/2021, criterion 2"  # why a direct collection is no transfer
    derogation_note: str = ""  # what else the law says of its derogations (the GDPR family: `occasional_only`)
    assessment_rule: str = "the exporter assesses the destination's law and practice"  # what risk_assessment_id asks

    def derogations_by_id(self) -> dict[str, str]:
        return {mech: article for mech, article in self.derogations.values()} | dict(self.declared_derogations)

    def cite(self, article: str) -> Citation:
        return Citation.of(self.law, article, self.url)

    def derogation(self, article: str, mech: str | None = None) -> tuple[str, Citation]:
        """How the trace names a derogation's article ("Art 49(1)(a)"), and its citation."""
        if self.derogation_source is None or mech in self.statute_derogations:
            return f"Art {article}", self.cite(article)
        name, url = self.derogation_source
        return f"{name} Art {article}", Citation.of(name, article, url)

    def cite_member(self, kb: KnowledgeBase, fact_id: str, member: Member, article: str) -> Citation:
        """This law's article, with the act that made `member` (an adequacy decision, a list)."""
        return Citation.of(self.law, article, member.url or kb.fact(fact_id).source.url, member.act)


class AdequacyModelRegime(Regime):
    law: AdequacyLaw

    def __init__(self) -> None:
        self._special: dict[tuple[Any, frozenset[str]], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._laws: dict[dt.date, AdequacyLaw] = {}
        self._own: dict[tuple[str, ...], frozenset[str]] = {}  # safeguards in place -> this law's among them

    def law_on(self, kb: KnowledgeBase, on: dt.date) -> AdequacyLaw:
        """The law as in force on a date (`articles_fact`): the UK's Arts 44A and 45A from the
        Data (Use and Access) Act 2025; the old Swiss FADP's Art 6 before 1 September 2023."""
        found = self._laws.get(on)
        if found is None:
            changes = dict(kb.value(self.law.articles_fact, on) or {}) if self.law.articles_fact else {}
            fields: dict[str, Any] = {k: changes.pop(k) for k in ("law", "url") if k in changes}
            derogation_articles = changes.pop("derogation_articles", None)
            if derogation_articles is not None:
                fields["derogations"] = {necessity: (self.law.derogations[necessity][0], article)
                                         for necessity, article in derogation_articles.items()}
            fields |= {f"art_{k}": v for k, v in changes.items()}
            found = self._laws[on] = replace(self.law, **fields)
        return found

    # -- classification (reported, and used by the representative rule) -----------------
    def special_categories(self, hop: Hop) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The hop's special-category and criminal-offence categories (memoised per category set)."""
        key = (hop.as_of, hop.categories)
        found = self._special.get(key)
        if found is None:
            kb, law = hop.kb, self.law
            special: tuple[str, ...] = ()
            criminal: tuple[str, ...] = ()
            if law.special_categories_fact:
                keys = kb.members(law.special_categories_fact, hop.as_of)
                special = tuple(sorted(c for c in hop.categories if any(c == k or c.startswith(k + ".") for k in keys)))
            if law.criminal_data_fact:
                keys = kb.members(law.criminal_data_fact, hop.as_of)
                criminal = tuple(sorted(c for c in hop.categories if any(c == k or c.startswith(k + ".") for k in keys)))
            found = self._special[key] = (special, criminal)
        return found

    def classify(self, hop: Hop, r: Reasoning) -> None:
        kb, law = hop.kb, self.law
        special, criminal = map(list, self.special_categories(hop))
        tier = "special" if special else "criminal" if criminal else "ordinary"
        r.classification = {"tier": tier, "categories": special + criminal}
        if special:
            r.fact(f"special categories present: {', '.join(special)}", kb.cite(law.special_categories_fact))  # type: ignore[arg-type]

    # -- who is bound ---------------------------------------------------------------------
    def territory(self, hop: Hop) -> frozenset[str]:
        return hop.kb.members(self.law.territory_fact, hop.as_of)

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return kb.members(self.law.territory_fact, as_of)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        """Only the facts `assess` reads, reduced to what can change its result."""
        s, t = hop.sender, hop.recipient
        home = self.territory(hop)
        if home.isdisjoint(hop.touching):
            return (hop.as_of, "untied")
        declared = hop.in_place
        own = self._own.get(declared)
        if own is None:
            prefix = self.law.jurisdiction.lower() + "."
            own = self._own[declared] = frozenset(m for m in declared if m.startswith(prefix))
        dest = t.location_country
        member = hop.kb.member(self.law.adequacy_fact, dest, hop.as_of)
        return (
            hop.as_of, s.country, s.location_country, s.role, dest in home, (member.key, member.from_) if member else None,
            t.entity.certifications, s.entity.certifications, s.entity.id == t.entity.id, hop.related, hop.personal,
            self.special_categories(hop),
            home.intersection(hop.upstream_countries | hop.origin_countries), home.intersection(hop.subject_residences),
            bool(hop.upstream), hop.flow.necessity, hop.flow.direct_collection, own, _recurring(hop),
        )

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        law, kb = self.law_on(hop.kb, hop.as_of), hop.kb
        home = self.territory(hop)
        s, t = hop.sender, hop.recipient
        if not hop.touching & home:
            return None
        r = Reasoning(law.regime, law.jurisdiction)
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")

        # Is the exporter bound by the law's transfer rules?
        if s.country in home:
            r.reach(f"the exporter {EXPORTER} is established in {s.country} (Art {law.art_scope_establishment})")
            bound_by = "establishment"
        elif s.location_country in home:
            r.reach(f"the exporter {EXPORTER} processes the data at a location in {s.location_country} "
                    f"(Art {law.art_scope_establishment})")
            bound_by = "establishment"
        elif (hop.upstream_countries | hop.origin_countries) & home:
            passed = sorted((hop.upstream_countries | hop.origin_countries) & home)
            r.reach(f"the data was exported from {', '.join(passed)}: an onward transfer (Art {law.art_transfer})")
            bound_by = "onward"
        elif law.art_scope_targeting and hop.residences() & home and not hop.upstream:
            residents = sorted(hop.residences() & home)
            r.reach(
                f"the exporter {EXPORTER} ({s.country}) collects data of residents of {', '.join(residents)}: "
                f"likely subject to Art {law.art_scope_targeting} (offering goods or services, or monitoring)"
            )
            bound_by = "targeting"
        else:
            return r.not_applicable(
                f"the exporter {EXPORTER} is not established in {law.jurisdiction} and the data did not "
                f"come from there (Art {law.art_scope_establishment})",
                law.cite(law.art_scope_establishment),
            )
        self.classify(hop, r)

        # Is this hop a transfer to a third country?
        dest = t.location_country
        if hop.flow.direct_collection:
            return r.not_applicable(
                "the recipient collects directly from the data subject: there is no exporter, so no transfer "
                f"({law.no_transfer_source})", law.cite(law.art_transfer))
        if t.id == s.id:
            return r.not_applicable(
                f"{EXPORTER} moves data within the same legal person: no disclosure to another recipient, "
                f"so no transfer ({law.no_transfer_source})", law.cite(law.art_transfer))
        if dest in home:
            return r.not_applicable(f"the recipient's location ({RECIPIENT_COUNTRY}) is inside {law.jurisdiction}: "
                                    "not a transfer",
                                    law.cite(law.art_transfer))
        r.rule(f"{RECIPIENT} receives the data in {RECIPIENT_COUNTRY}, a third country: {law.transfer_rules} applies", law.cite(law.art_transfer))

        if bound_by == "onward":
            found = self.onward_from_adequate(hop, r, law)
            if found is not None:
                return found
        obligations: list[str] = []
        if bound_by == "targeting" and law.representative_id:
            r.rule(f"a controller or processor subject to Art {law.art_scope_targeting} designates a representative "
                   f"in {law.jurisdiction}", law.cite(law.art_representative or ""))
            obligations.append(law.representative_id)

        # (1) Adequacy.
        member = kb.member(law.adequacy_fact, dest, hop.as_of)
        if member is not None:
            needed = member.attributes.get("requires_certification")
            cite = law.cite_member(kb, law.adequacy_fact, member, law.art_adequacy)
            if needed and not t.certified(needed):
                r.exception(law.adequacy_id, f"{RECIPIENT_COUNTRY} is adequate only for recipients certified under {needed} "
                            f"({member.act}); {RECIPIENT} is not", False, cite)
            elif member.attributes.get("not_third_country"):
                r.exception(law.adequacy_id, f"transmission to {RECIPIENT_COUNTRY} is not treated as a transfer to a "
                            f"third country for the time being ({member.act})", True, cite)
                return r.decide(Verdict.PERMITTED, "interim provision: no transfer instrument needed", cite,
                                obligations=obligations, safeguards=hop.safeguards)
            else:
                scope = f" for {member.scope}" if member.scope else ""
                via = f"; {RECIPIENT} holds {needed}" if needed else ""
                r.exception(law.adequacy_id, f"{RECIPIENT_COUNTRY} is covered by an adequacy decision{scope} ({member.act}){via}",
                            True, cite)
                return r.decide(Verdict.PERMITTED, "adequacy: no further transfer instrument needed", cite,
                                obligations=obligations, safeguards=hop.safeguards)
        elif not kb.members(law.adequacy_fact, hop.as_of):
            r.exception(law.adequacy_id, f"the knowledge base holds no adequacy finding under {law.law} in force on "
                        f"{hop.as_of} (see `xborder kb show {law.adequacy_fact}`); adequacy is not assumed",
                        False, law.cite(law.art_adequacy))
        else:
            r.exception(law.adequacy_id, f"no adequacy decision covers {RECIPIENT_COUNTRY} on {hop.as_of}", False,
                        law.cite(law.art_adequacy))

        # (2) Appropriate safeguards.
        one_of: list[str] = []
        attached: dict[str, tuple[str, ...]] = {}
        needs_assessment = frozenset(kb.value(law.risk_assessment_fact, hop.as_of) or ()) \
            if law.risk_assessment_fact else frozenset()
        same_group = _same_group(hop)
        for m in kb.fact(law.instruments_fact).members_on(hop.as_of):
            if m.attributes.get("group_only") and not same_group:
                r.fact(f"{m.key} serves only within a corporate group; {EXPORTER} and {RECIPIENT} are not in one")
                continue
            if m.attributes.get("existing_contracts_only") and m.key not in hop.safeguards:
                continue  # still valid for contracts already signed, not an option for a new one
            one_of.append(m.key)
            if m.key in needs_assessment and law.risk_assessment_id:
                attached[m.key] = (law.risk_assessment_id,)
        r.rule(f"without adequacy, a transfer needs an appropriate safeguard: {', '.join(one_of)}",
               law.cite(law.art_safeguards))
        if needs_assessment and law.risk_assessment_id:
            r.rule(f"with {', '.join(m for m in one_of if m in needs_assessment)}, {law.assessment_rule} "
                   f"({law.risk_assessment_id})",
                   kb.cite(law.risk_assessment_fact, kb.period(law.risk_assessment_fact, hop.as_of))
                   if law.risk_assessment_fact else None)

        # (3) Derogations for specific situations. One that applies is the ground of this transfer:
        # it needs no Art 46 tool and so no transfer impact assessment (EDPB Guidelines 2/2018, 2.1).
        applied: str | None = None
        necessity = hop.flow.necessity
        declared_derogations = [m for m in sorted(hop.safeguards) if m.startswith(law.jurisdiction.lower() + ".derogation.")]
        if law.art_derogations:
            claimed: list[tuple[str, str, str]] = []  # (id, article, how it was claimed)
            if necessity in law.derogations:
                mech, article = law.derogations[necessity]
                claimed.append((mech, article, f"the flow claims necessity '{necessity}'"))
            declared = {m: a for m, a in law.derogations.values()} | dict(law.declared_derogations)
            residual = law.residual_derogation[0] if law.residual_derogation else None
            # A derogation this regime knows but the law of the day lacks (a version's, since removed)
            # is no ground on that day, however it is claimed or declared.
            retired = {m for m, _ in self.law.derogations.values()} - set(declared)
            period = kb.period(law.articles_fact, hop.as_of) if retired and law.articles_fact else None
            gone = kb.cite(law.articles_fact, period) if law.articles_fact and period else law.cite(law.art_transfer)
            refused: set[str] = set()
            if necessity in self.law.derogations and self.law.derogations[necessity][0] in retired:
                mech = self.law.derogations[necessity][0]
                r.exception(mech, f"the flow claims necessity '{necessity}', but {law.law} as in force on {hop.as_of} "
                            "has no derogation for it", False, gone)
                refused.add(mech)
            for mech in declared_derogations:
                if mech in retired:
                    if mech not in refused:
                        r.exception(mech, f"declared as the ground of transfer, but {law.law} as in force on "
                                    f"{hop.as_of} has no derogation by that name", False, gone)
                elif all(mech != c[0] for c in claimed):
                    claimed.append((mech, declared.get(mech, law.art_derogations), "declared as the ground of transfer"))
            claimed.sort(key=lambda c: c[0] == residual)  # the residual one is weighed last
            recurring = _recurring(hop)
            for mech, article, how in claimed:
                ref, cited = law.derogation(article, mech)
                if mech == residual:
                    if not self.residual_available(hop, r, law, one_of, applied, recurring, how, ref, cited):
                        continue
                    one_of.append(mech)
                    applied = applied or mech
                    obligations += law.residual_derogation[1] if law.residual_derogation else ()
                    continue
                still = () if mech in law.statute_derogations else law.derogation_obligations
                if recurring and mech in law.occasional_only:  # not an option for this flow at all
                    r.exception(mech, f"{how}, but {ref} serves only occasional, non-repetitive transfers "
                                f"({law.occasional_source}) and {recurring}: a systematic transfer "
                                "needs adequacy or an appropriate safeguard", False, cited)
                elif r.exception(mech, f"{how}: the derogation of {ref} is the ground of this transfer, "
                                 + ("so no appropriate safeguard is needed for it, but it still needs "
                                    + ", ".join(still) if still else
                                    "so no appropriate safeguard or transfer impact assessment is needed for it")
                                 + (f" ({law.occasional_note})"
                                    if mech in law.occasional_only and law.occasional_note else "")
                                 + (f"; {law.derogation_note}" if law.derogation_note else ""), True,
                                 cited):
                    one_of.append(mech)
                    applied = applied or mech

        elif necessity or declared_derogations:  # claimed, but the law of the day has no derogations
            claims = ([f"necessity '{necessity}'"] if necessity else []) + declared_derogations
            period = kb.period(law.articles_fact, hop.as_of) if law.articles_fact else None
            r.fact(f"the flow claims {', '.join(claims)}, but {law.law} as in force on {hop.as_of} has no derogation "
                   "that stands without adequacy or a safeguard",
                   kb.cite(law.articles_fact, period) if law.articles_fact and period else law.cite(law.art_transfer))
        if applied is not None:
            return r.decide(Verdict.CONDITIONAL, f"transfer lawful on the derogation {applied}",
                            law.derogation(law.derogations_by_id().get(applied, law.art_derogations or ""), applied)[1],
                            one_of=one_of, obligations=[*obligations, *(() if applied in law.statute_derogations
                                                                        else law.derogation_obligations)],
                            safeguards=(*hop.safeguards, applied))
        chosen = [m for m in one_of if m in hop.safeguards]
        for mech in chosen[:1] or one_of[:1]:
            obligations += attached.get(mech, ())
        return r.decide(Verdict.CONDITIONAL,
                        "transfer lawful with one of the listed instruments in place", law.cite(law.art_safeguards),
                        one_of=one_of, obligations=obligations, safeguards=hop.safeguards)


    @staticmethod
    def residual_available(hop: Hop, r: Reasoning, law: AdequacyLaw, one_of: list[str], applied: str | None,
                           recurring: str | None, how: str, ref: str, cited: Citation) -> bool:
        """GDPR Art 49(1), second subparagraph: "Where a transfer could not be based on a provision
        in Article 45 or 46, including the provisions on binding corporate rules, and none of the
        derogations for a specific situation referred to in the first subparagraph of this paragraph
        is applicable, a transfer ... may take place only if the transfer is not repetitive,
        concerns only a limited number of data subjects, is necessary for the purposes of compelling
        legitimate interests pursued by the controller ... The controller shall inform the
        supervisory authority of the transfer. The controller shall ... inform the data subject of
        the transfer and on the compelling legitimate interests pursued." Adequacy was weighed
        before this step; what the map shows of the rest is checked here."""
        mech = law.residual_derogation[0] if law.residual_derogation else ""
        derogations = set(law.derogations_by_id())
        instruments = [m for m in one_of if m in hop.safeguards and m not in derogations]
        why = None
        if hop.sender.role != "controller":
            why = f"{EXPORTER} sends as a processor; {ref} serves only the compelling legitimate interests of a controller"
        elif applied is not None:
            why = f"{applied} applies; {ref} serves only where no derogation of the first subparagraph does"
        elif instruments:
            why = (f"the transfer can be based on {', '.join(instruments)} (Art {law.art_safeguards}); {ref} serves only "
                   "where no adequacy and no appropriate safeguard can")
        elif recurring:
            why = f"{ref} serves only a transfer that is not repetitive, and {recurring}"
        if why is not None:
            r.exception(mech, f"{how}, but {why}", False, cited)
            return False
        duties = ", ".join(law.residual_derogation[1]) if law.residual_derogation else ""
        return r.exception(mech, f"{how}: the derogation of {ref} (compelling legitimate interests of the controller) "
                           "is the ground of this transfer; it must concern only a limited number of data subjects, "
                           "rest on the controller's assessment of all the circumstances with suitable safeguards, "
                           f"documented in its records (Art 49(6)), and it carries {duties}", True, cited)

    def onward_from_adequate(self, hop: Hop, r: Reasoning, law: AdequacyLaw) -> RegimeResult | None:
        """An onward transfer from a country this law found adequate is governed by that country's
        own rules for onward transfers, which the decision weighed (GDPR Art 45(2)(a)); the
        original exporter's instruments are not signed again on the onward hop."""
        s, kb = hop.sender, hop.kb
        member = kb.member(law.adequacy_fact, s.location_country, hop.as_of)
        needed = member.attributes.get("requires_certification") if member else None
        if member is None or (needed and not s.certified(needed)):
            return None
        cite = law.cite_member(kb, law.adequacy_fact, member, law.art_adequacy)
        via = f"; {EXPORTER} holds {needed}" if needed else ""
        r.exception(law.adequacy_id, f"the onward transfer leaves {s.location_country}, covered by an adequacy decision "
                    f"({member.act}){via}: that country's rules for onward transfers, which the decision found "
                    "adequate, govern it", True, cite)
        return r.decide(Verdict.PERMITTED, "onward transfer from an adequate country", cite, safeguards=hop.safeguards)


# Uses of data that are, by their nature, a standing feed rather than a one-off disclosure
# (fideslang data use prefixes).
_RECURRING_USES = ("marketing", "analytics", "personalize", "improve", "train_ai_system", "third_party_sharing")


def _recurring(hop: Hop) -> str | None:
    """Why a flow is read as a systematic, repetitive transfer, or None.

    A data map records standing flows and carries no frequency, so the reading is this
    (the cautious one for the derogations that need occasional transfers): a flow to a
    processor is an ongoing service under an Art 28 contract, and a flow for marketing,
    analytics, personalisation, product improvement or model training is a regular feed.
    EDPB Guidelines 2/2018, 2.1: a transfer that occurs "within stable relationships" or
    "regularly" is systematic and repeated, not occasional."""
    if hop.recipient.role == "processor":
        return "the recipient is a processor (a standing service under Art 28), read as a recurring transfer"
    purpose = hop.flow.purpose or ""
    if purpose not in _RECURRING:  # the uses are fixed, so is the answer for each purpose
        _RECURRING[purpose] = (f"the purpose '{purpose}' is a regular feed, read as a recurring transfer"
                               if any(purpose == u or purpose.startswith(u + ".") for u in _RECURRING_USES) else None)
    return _RECURRING[purpose]


_RECURRING: dict[str, str | None] = {}  # purpose -> why a flow for it is recurring, or None


def _same_group(hop: Hop) -> bool:
    """Sender and recipient share an owner (or one owns the other): BCRs can serve."""
    return hop.related
