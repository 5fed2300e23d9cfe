"""CN-PIPL: providing personal information outside the mainland of China.

PIPL Art 38(1): where a personal information processor truly needs to provide personal
information outside the PRC for business or other needs, it shall meet one of: (1) pass the
security assessment organised by the CAC under Art 40; (2) obtain personal information
protection certification ...; (3) conclude a contract with the foreign recipient following
the standard contract formulated by the CAC ...; (4) other conditions of laws, regulations or
the CAC. Art 38(3): take necessary measures to ensure the foreign recipient's processing
meets the standard of protection of this Law.
Art 39: inform the individual of the recipient's name, contact details, purposes, means,
categories of PI and how to exercise rights against it, and obtain separate consent.
Art 40: CIIOs and processors handling PI up to the amount the CAC sets store PI collected
and produced in the mainland within the mainland; export needs the security assessment.
Art 55(4), 56: a personal information protection impact assessment before providing PI
abroad. Art 3(2): the Law applies to processing outside China of the PI of natural persons
in China for providing products or services to them or analysing their behaviour; Art 53:
such processors set up a representative in China.
Art 13(1)(2)-(4): consent is not needed where processing is necessary to conclude or perform
a contract with the individual, for HR management under lawful labour rules, or in an
emergency to protect life, health and property — so no separate consent is sought then.

CAC Provisions on Promoting and Regulating Cross-Border Data Flows (22 March 2024): Art 4
exempts personal information collected and generated abroad, processed in the mainland and
provided abroad again, where no mainland personal information or important data was
introduced in the processing; Art 5 exemptions (contract, HR, emergency; non-CIIO under 100,000 people's non-sensitive PI since
1 January), Art 6 free-trade-zone negative lists, Art 7 security assessment (CIIO; 1,000,000
or more non-sensitive; 10,000 or more sensitive), Art 8 standard contract or certification.
Before: the 2022 Security Assessment Measures and the 2023 Standard Contract Measures.
Network Data Security Management Regulations (State Council Decree No. 790, in force 1 January
2025) Art 35: "符合下列条件之一的，网络数据处理者可以向境外提供个人信息：（一）通过国家网信部门组织的
数据出境安全评估；（二）按照国家网信部门的规定经专业机构进行个人信息保护认证；（三）符合国家网信部门制定
的关于个人信息出境标准合同的规定；（四）为订立、履行个人作为一方当事人的合同，确需向境外提供个人信息；
（五）按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理，确需向境外提供员工个人信息；
（六）为履行法定职责或者法定义务，确需向境外提供个人信息；（七）紧急情况下为保护自然人的生命健康和财产
安全，确需向境外提供个人信息；（八）法律、行政法规或者国家网信部门规定的其他条件。" Grounds (4), (5)
and (7) are those of the 2024 Provisions Art 5; (6), to perform statutory duties or obligations
(consent basis PIPL Art 13(1)(3)), is new: the flow's `necessity: statutory-duty`.
All numbers and dates are read from kb/data/cn/.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from xborder.datamap.models import Dataset
from xborder.engine.hop import Hop, count_individuals
from xborder.kb import Citation, KnowledgeBase, Member
from xborder.rules.base import EXPORTER, RECIPIENT, Reasoning, Regime, RegimeResult, Verdict
from xborder.zones.book import NEGATIVE_EXEMPTION, WHITE_EXEMPTION, ZoneBook, decision_key, default_book

PIPL_URL = "http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml"
PROVISIONS = "CAC Provisions 2024"  # on Promoting and Regulating Cross-Border Data Flows
PROVISIONS_URL = "https://www.cac.gov.cn/2024-03/22/c_1712776611775634.htm"
ASSESSMENT, CONTRACT, CERTIFICATION = "cn.security-assessment", "cn.standard-contract", "cn.certification"
NOTICE, CONSENT, PIPIA = "cn.notice", "cn.separate-consent", "cn.pipia"
STORAGE, ONWARD, REPRESENTATIVE = "cn.domestic-storage", "cn.onward-transfer-conditions", "cn.art53-representative"
FOREIGN_COLLECTED = "cn.exemption.foreign-collected"
GBA_CONTRACT = "cn.gba-standard-contract"


def pipl(article: str) -> Citation:
    return Citation.of("PIPL", article, PIPL_URL)


def provisions(article: str) -> Citation:
    return Citation.of(PROVISIONS, article, PROVISIONS_URL)


def exemption_cite(member: Member) -> Citation:
    """The article behind an exemption: the 2024 Provisions, unless the member names another law."""
    law = member.attributes.get("law")
    if law:
        return Citation.of(law, member.attributes["article"], member.url or PROVISIONS_URL)
    return provisions(member.attributes["article"])


def csl_localization(kb: KnowledgeBase, on: dt.date) -> Citation:
    """CSL Art 37 (Art 39 from 2026): CIIOs store mainland data in the mainland."""
    return kb.cite("cn.ciio_localization", kb.period("cn.ciio_localization", on))


def mainland(kb: KnowledgeBase, on: dt.date) -> frozenset[str]:
    return kb.members("cn.mainland", on)


def is_export(hop: Hop) -> bool:
    """Data leaves the mainland on this hop: it sits there at the sender and not at the recipient."""
    home = mainland(hop.kb, hop.as_of)
    return hop.sender.location_country in home and hop.recipient.location_country not in home


def sensitive_dataset(d: Dataset, keys: frozenset[str]) -> bool:
    return any(s.minors for s in d.subjects) or any(
        c == k or c.startswith(k + ".") for c in d.categories for k in keys)


def not_exempt_subjects(hop: Hop, exemption: Member) -> frozenset[str]:
    """Kinds of people on the hop an exemption does not cover (`attributes.subject_kinds`;
    an exemption without it covers everyone on the flow)."""
    kinds = exemption.attributes.get("subject_kinds")
    if not kinds:
        return frozenset()
    return frozenset(sub.kind for d in hop.datasets for sub in d.subjects if sub.kind not in kinds)


def carries_important_data(hop: Hop) -> bool:
    """A dataset of the hop is identified or notified as important (or core) data."""
    return any(d.important_data or d.core_data for d in hop.datasets)


def collected_abroad(hop: Hop) -> bool:
    """2024 Provisions Art 4: every dataset of the hop was collected outside the mainland (its
    origin) and none is important or core data, so no mainland data was introduced."""
    if not hop.kb.value("cn.foreign_collected", hop.as_of) or not hop.origin_countries:
        return False
    return hop.origin_countries.isdisjoint(mainland(hop.kb, hop.as_of)) and not carries_important_data(hop)


@dataclass
class ExporterVolume:
    """One exporter's personal information provided abroad in the calendar year of `as_of`."""

    general: int = 0  # people whose non-sensitive PI left (sensitive datasets excluded)
    sensitive: int = 0  # people whose sensitive PI left
    handled: int = 0  # people in every dataset it exports (2022 rule on processors of 1,000,000)
    counted: list[str] = field(default_factory=list)  # dataset ids counted
    left_out: list[str] = field(default_factory=list)  # flow ids exempt and not counted


class CnPipl(Regime):
    id = "CN-PIPL"
    jurisdiction = "CN"
    title = "PIPL Chapter III and the CAC outbound rules"

    def __init__(self, zone_book: ZoneBook | None = None):
        self._zone_book = zone_book  # the pilot-zone lists in view (default: the knowledge base's)
        # sensitive categories per (sensitive-PI list in force, the hop's categories): category sets repeat
        self._sensitive: dict[tuple[frozenset[str], frozenset[str]], list[str]] = {}

    @property
    def zone_book(self) -> ZoneBook:
        return self._zone_book or default_book()

    def with_zone_book(self, book: ZoneBook) -> CnPipl:
        """The same rules reading a map's own zone files too."""
        return type(self)(book)

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return mainland(kb, as_of)

    # -- across all hops: cumulative volumes per exporter (Provisions Arts 7-8) -----------------
    def prepare(self, hops: Sequence[Hop]) -> dict[str, ExporterVolume]:
        if not hops:
            return {}
        kb, on = hops[0].kb, hops[0].as_of
        keys = kb.members("cn.sensitive_pi", on)
        exempt = {m.key: m for m in kb.fact("cn.exemptions").members_on(on)
                  if m.key != "not-counted" and not m.attributes.get("counted")}
        general: dict[str, dict[str, Dataset]] = defaultdict(dict)
        sensitive: dict[str, dict[str, Dataset]] = defaultdict(dict)
        handled: dict[str, dict[str, Dataset]] = defaultdict(dict)
        volumes: dict[str, ExporterVolume] = defaultdict(ExporterVolume)
        for hop in hops:
            if not hop.personal or not is_export(hop):
                continue
            exporter = hop.sender.id
            for d in hop.datasets:
                handled[exporter][d.id] = d
            exemption = exempt.get(hop.flow.necessity or "")
            if collected_abroad(hop) or (exemption is not None and not not_exempt_subjects(hop, exemption)):
                volumes[exporter].left_out.append(hop.id)
                continue
            for d in hop.datasets:
                into = (sensitive if sensitive_dataset(d, keys) else general)[exporter]
                if exemption is None:
                    into[d.id] = d  # the whole dataset counts (it replaces a part counted elsewhere)
                elif d.id not in into:  # only the people the exemption does not cover count
                    into[d.id] = d.model_copy(update={"subjects": tuple(
                        sub for sub in d.subjects if sub.kind not in exemption.attributes["subject_kinds"])})
        for exporter in set(general) | set(sensitive) | set(handled):
            v = volumes[exporter]
            v.general = count_individuals(list(general[exporter].values()))
            v.sensitive = count_individuals(list(sensitive[exporter].values()))
            v.handled = count_individuals(list(handled[exporter].values()))
            v.counted = sorted(general[exporter]) + sorted(sensitive[exporter])
        return dict(volumes)

    def cache_key(self, hop: Hop, prepared: dict[str, ExporterVolume]) -> Hashable | None:
        v = prepared.get(hop.sender.id)
        s, t = hop.sender, hop.recipient
        return (
            hop.as_of, s.country, s.location_country, t.country, t.location_country, s.entity.ciio, s.zone,
            hop.personal, hop.categories, tuple(sub.minors for d in hop.datasets for sub in d.subjects),
            carries_important_data(hop),
            hop.subject_residences, hop.origin_countries, hop.upstream_countries, bool(hop.upstream),
            hop.flow.necessity, frozenset(sub.kind for d in hop.datasets for sub in d.subjects), s.entity.id == t.entity.id,
            (v.general, v.sensitive, v.handled, tuple(v.counted), len(v.left_out)) if v else None,
            frozenset(m for m in hop.in_place if m.startswith("cn.")),
            decision_key(self.zone_book.decide(hop)) if s.zone else None,
        )

    # -- one hop ---------------------------------------------------------------------------------
    def assess(self, hop: Hop, prepared: dict[str, ExporterVolume]) -> RegimeResult | None:
        kb, on = hop.kb, hop.as_of
        home = mainland(kb, on)
        s, t = hop.sender, hop.recipient
        r = Reasoning(self.id, self.jurisdiction)
        if not hop.personal:
            if not hop.touching & home:
                return None
            return r.not_applicable("the data carried is not personal information (see CN-DSL for other data)",
                                    pipl("4"))
        if not is_export(hop):
            return self.not_an_export(hop, r, home)
        r.reach(f"the data sits in the mainland at {EXPORTER} ({s.location_country}) and goes to {RECIPIENT} in "
                f"{t.location_country}: provided outside the mainland")
        if t.location_country in {"HK", "MO", "TW"}:
            r.fact(f"{t.location_country} is outside the mainland for the outbound rules", kb.cite("cn.mainland"))
        if not kb.value("cn.pipl_in_force", on):
            return self.before_pipl(hop, r)
        self.classify(hop, r)
        return self.export(hop, r, prepared.get(s.id) or ExporterVolume())

    def not_an_export(self, hop: Hop, r: Reasoning, home: frozenset[str]) -> RegimeResult | None:
        s, t = hop.sender, hop.recipient
        if s.location_country in home:  # both ends in the mainland
            return r.not_applicable(f"the data stays in the mainland ({t.location_country})", pipl("38"))
        if (hop.origin_countries | hop.upstream_countries) & home:
            r.reach("the data was provided abroad from the mainland earlier on its route: an onward provision")
            if not hop.kb.value("cn.pipl_in_force", hop.as_of):
                return r.not_applicable("before 1 November 2021 the PIPL was not in force", hop.kb.cite("cn.pipl_in_force"))
            r.rule("the exporter in the mainland must ensure the foreign recipient's processing, including its "
                   "provision to third parties, meets the PIPL's standard (the standard contract binds it)",
                   pipl("38(3)"))
            return r.decide(Verdict.PERMITTED, "no new provision from the mainland; onward conditions apply",
                            pipl("38(3)"), obligations=[ONWARD], safeguards=hop.safeguards)
        if hop.subject_residences & home and not hop.upstream:
            if not hop.kb.value("cn.pipl_in_force", hop.as_of):
                return r.not_applicable("before 1 November 2021 the PIPL was not in force", hop.kb.cite("cn.pipl_in_force"))
            r.reach(f"{EXPORTER} ({s.country}) processes outside China the personal information of persons in China: "
                    "likely within Art 3(2) (providing products or services to them, or analysing their behaviour)")
            r.rule("a processor outside China under Art 3(2) sets up a representative or designated office in China",
                   pipl("53"))
            return r.decide(Verdict.PERMITTED, "not a provision from the mainland; the PIPL governs the processing",
                            pipl("3(2)"), obligations=[REPRESENTATIVE], safeguards=hop.safeguards)
        if not hop.touching & home:
            return None
        return r.not_applicable("neither the sender's data nor the people it is about are in the mainland", pipl("3"))

    def before_pipl(self, hop: Hop, r: Reasoning) -> RegimeResult:
        if hop.sender.entity.ciio:
            r.rule(f"{EXPORTER} is a CIIO: personal information collected in the mainland is stored there; export "
                   "only after a security assessment", csl_localization(hop.kb, hop.as_of))
            return r.decide(Verdict.CONDITIONAL, "CSL Art 37 (before the PIPL)", csl_localization(hop.kb, hop.as_of),
                            one_of=[ASSESSMENT], obligations=[STORAGE], safeguards=hop.safeguards)
        return r.not_applicable(f"the PIPL took effect on 1 November 2021; on {hop.as_of} only CSL Art 37 (CIIOs) "
                                "governed outbound personal information", hop.kb.cite("cn.pipl_in_force"))

    def classify(self, hop: Hop, r: Reasoning) -> None:
        keys = hop.kb.members("cn.sensitive_pi", hop.as_of)
        memo = (keys, hop.categories)
        found = self._sensitive.get(memo)
        if found is None:
            if len(self._sensitive) > 4096:  # a long-lived process (the service) meets ever new sets
                self._sensitive.clear()
            found = self._sensitive[memo] = sorted(
                c for c in hop.categories if any(c == k or c.startswith(k + ".") for k in keys))
        found = list(found)
        minors = any(sub.minors for d in hop.datasets for sub in d.subjects)
        r.classification = {"tier": "sensitive" if found or minors else "general", "categories": found}
        if found or minors:
            what = ", ".join(found + (["minors under 14"] if minors else []))
            r.fact(f"sensitive personal information: {what}", hop.kb.cite("cn.sensitive_pi"))

    # -- the export: exemptions, CIIO, thresholds -------------------------------------------------
    def export(self, hop: Hop, r: Reasoning, volume: ExporterVolume) -> RegimeResult:
        kb, on, s = hop.kb, hop.as_of, hop.sender
        obligations = [NOTICE]
        r.rule("inform the individuals of the foreign recipient and how to exercise their rights", pipl("39"))
        exemption = kb.member("cn.exemptions", hop.flow.necessity, on) if hop.flow.necessity else None
        others = not_exempt_subjects(hop, exemption) if exemption is not None else ()
        for m in kb.fact("cn.exemptions").members_on(on):
            if m.key == "not-counted":
                continue
            if m is exemption and others:
                covered = ", ".join(m.attributes["subject_kinds"])
                r.exception(m.attributes["id"], f"covers only the personal information of: {covered}; this flow also "
                            f"carries that of {', '.join(sorted(others))}, which is not exempt and counts toward "
                            "Arts 7-8 (the covered people's part is left out of the count)", False,
                            exemption_cite(m))
                continue
            taken = m is exemption
            r.exception(m.attributes["id"], f"provision truly necessary for '{m.key}'" if taken else
                        f"the flow does not claim '{m.key}' necessity", taken, exemption_cite(m))
        if others:
            exemption = None  # the flow as a whole is not exempt
        if exemption is not None:
            r.rule(f"consent is not the legal basis ({exemption.attributes['consent_basis']}), so no separate "
                   "consent is sought", pipl("13"))
        else:
            obligations.append(CONSENT)
            r.rule("obtain the individual's separate consent to the provision abroad", pipl("39"))
        obligations.append(PIPIA)
        r.rule("carry out a personal information protection impact assessment before providing it abroad",
               pipl("55(4)"))
        if exemption is not None:
            return r.decide(Verdict.PERMITTED, "exempt from assessment, standard contract and certification",
                            exemption_cite(exemption), obligations=obligations,
                            safeguards=hop.safeguards)
        transit = self.foreign_collected(hop, r, obligations)
        if transit is not None:
            return transit
        if s.entity.ciio:
            r.rule(f"{EXPORTER} is a critical information infrastructure operator: personal information is stored "
                   "in the mainland and provided abroad only after a security assessment", pipl("40"))
            obligations.append(STORAGE)
            return self.need(hop, r, [ASSESSMENT], obligations, provisions("7(1)"))
        zone = self.free_trade_zone(hop, r, obligations)
        if zone is not None:
            return zone
        return self.by_volume(hop, r, volume, obligations, self.greater_bay_area(hop, r))

    def foreign_collected(self, hop: Hop, r: Reasoning, obligations: list[str]) -> RegimeResult | None:
        """2024 Provisions Art 4, checked from 22 March 2024: exempt where `collected_abroad`."""
        kb, on = hop.kb, hop.as_of
        if not kb.value("cn.foreign_collected", on):
            return None
        origin = ", ".join(sorted(hop.origin_countries)) or "not known"
        taken = collected_abroad(hop)
        if taken:
            why = (f"the data was collected outside the mainland ({origin}) and no mainland personal information or "
                   "important data is introduced")
        elif not hop.origin_countries or hop.origin_countries & mainland(kb, on):
            why = f"the data was collected in the mainland or its origin is not known (origin: {origin})"
        else:
            why = f"the data was collected abroad ({origin}) but important or core data is provided with it"
        cite = kb.cite("cn.foreign_collected")
        if not r.exception(FOREIGN_COLLECTED, why, taken, cite):
            return None
        return r.decide(Verdict.PERMITTED, "exempt from assessment, standard contract and certification", cite,
                        obligations=obligations, safeguards=hop.safeguards)

    def greater_bay_area(self, hop: Hop, r: Reasoning) -> list[str]:
        """The GBA standard contract, offered besides the national route between the nine
        mainland cities (zone `cn-gba`) and Hong Kong or Macao, for data not marked important."""
        s, t, kb = hop.sender, hop.recipient, hop.kb
        member = kb.member("cn.gba_standard_contract", t.location_country, hop.as_of)
        if member is None or s.zone != member.attributes["zone"]:
            return []
        cite = kb.cite("cn.gba_standard_contract", member)
        if t.country != t.location_country:
            r.fact(f"{RECIPIENT} is not registered in {t.location_country}: the GBA standard contract does not serve", cite)
            return []
        if carries_important_data(hop):
            r.fact("important data is excluded from the GBA standard contract", cite)
            return []
        sectors = member.attributes.get("sectors")
        if sectors:
            declared = {getattr(d, "sector", None) for d in hop.datasets}  # `sector` once datasets carry it
            if None not in declared and not declared <= set(sectors):
                r.fact(f"the GBA standard contract with {t.location_country} is limited to the {', '.join(sectors)} "
                       f"sectors on {hop.as_of}; this data is of {', '.join(sorted(declared - set(sectors)))}", cite)
                return []
            if None in declared:
                r.rule(f"on {hop.as_of} the GBA standard contract with {t.location_country} serves only the "
                       f"{', '.join(sectors)} sectors: it may be used only if this data belongs to one of them "
                       "(the map does not say)", cite)
        r.rule(f"{EXPORTER} is in the Greater Bay Area's mainland cities and {RECIPIENT} in {t.location_country}: the GBA "
               "standard contract may be concluded instead of the national route, with an impact assessment first and "
               "filing within 10 working days", cite)
        return [GBA_CONTRACT]

    def free_trade_zone(self, hop: Hop, r: Reasoning, obligations: list[str]) -> RegimeResult | None:
        """Provisions Art 6: data off the negative list of the exporter's pilot zone (or pre-cleared by
        its white list) is exempt. The zone's list is read by xborder.zones (docs/zones.md); the
        ZONE-<zone> result shows the matching in full."""
        zone = hop.sender.zone
        gba = {m.attributes["zone"] for m in hop.kb.fact("cn.gba_standard_contract").members}
        if not zone or zone in gba:  # the Greater Bay Area is no free-trade zone
            return None
        d = self.zone_book.decide(hop)
        if d is None:
            r.exception(NEGATIVE_EXEMPTION, f"{EXPORTER} is in zone '{zone}', but no list of that zone is recorded: "
                        "the general rules apply", False, provisions("6"))
            return None
        seen = f"see ZONE-{zone}"
        if d.edition is None:
            r.exception(NEGATIVE_EXEMPTION, f"zone '{zone}': its list is not in force on {hop.as_of} ({seen})",
                        False, provisions("6"))
            return None
        cite = d.edition.cite
        if d.excluded:
            r.exception(NEGATIVE_EXEMPTION, f"zone '{zone}': {d.excluded} ({seen})", False, cite)
            return None
        if d.pre_cleared:
            r.exception(WHITE_EXEMPTION, f"zone '{zone}': pre-cleared by its white list ({seen})", True, cite)
            return r.decide(Verdict.PERMITTED, "pre-cleared by the zone's white list", cite, obligations=obligations,
                            safeguards=hop.safeguards)
        if d.exempt:
            r.exception(NEGATIVE_EXEMPTION, f"zone '{zone}': the data is off its negative list ({seen})", True,
                        provisions("6"))
            return r.decide(Verdict.PERMITTED, "exempt from assessment, standard contract and certification (Art 6)",
                            provisions("6"), obligations=obligations, safeguards=hop.safeguards)
        if d.negative:
            entry = d.negative[0].entry
            how = " (matched by mapping)" if entry.by_mapping else ""
            r.exception(NEGATIVE_EXEMPTION, f"zone '{zone}': the data is on its negative list, '{entry.label}'{how}; "
                        f"the national route applies ({seen})", False, entry.cite)
            return None
        r.exception(NEGATIVE_EXEMPTION, f"zone '{zone}': the data is not shown to be off its list; the general rules "
                    f"apply ({seen})", False, cite)
        return None

    def by_volume(self, hop: Hop, r: Reasoning, v: ExporterVolume, obligations: list[str],
                  alternatives: list[str]) -> RegimeResult:
        """The national route by cumulative volume; `alternatives` (the GBA contract) serve in its place."""
        kb, on = hop.kb, hop.as_of
        period = kb.period("cn.thresholds", on)
        limits = period.value if period else None
        mechanisms = [m.key for m in kb.fact("cn.mechanisms").members_on(on)]
        self.pending(hop, r)
        if not limits:
            r.rule("no CAC volume thresholds are in force yet: any export needs one of the Art 38 mechanisms",
                   pipl("38(1)"))
            return self.need(hop, r, mechanisms + alternatives, obligations, pipl("38(1)"))
        cite = kb.cite("cn.thresholds", period)
        window = "since 1 January of this year" if limits["window"] == "current-year" else \
            "since 1 January of the previous year (the map's counts cover one calendar year)"
        counted = ", ".join(v.counted) or "none"
        r.fact(f"{EXPORTER} provides abroad, {window}: non-sensitive PI of {v.general:,} people and sensitive PI of "
               f"{v.sensitive:,} people (datasets counted: {counted})", cite)
        if v.left_out:
            r.fact(f"{len(v.left_out)} exempt provision(s) of {EXPORTER} are not counted", kb.cite("cn.exemptions"))
        total = v.general + v.sensitive
        over_general = (v.general if limits["window"] == "current-year" else total) >= limits["assessment_from"]
        over_sensitive = v.sensitive >= limits["sensitive_assessment_from"]
        over_handled = bool(limits.get("processed_assessment_from")) and v.handled >= limits["processed_assessment_from"]
        if over_general or over_sensitive or over_handled:
            why = [] if not over_general else [f"{limits['assessment_from']:,} or more people's PI"]
            why += [f"{limits['sensitive_assessment_from']:,} or more people's sensitive PI"] if over_sensitive else []
            why += [f"a processor of {limits['processed_assessment_from']:,} or more people's PI"] if over_handled else []
            r.rule(f"security assessment: {'; '.join(why)}", cite)
            validity = kb.value("cn.assessment_validity", on)
            if validity:
                r.fact(f"a passed assessment is valid for {validity} years", kb.cite("cn.assessment_validity"))
            return self.need(hop, r, [ASSESSMENT, *alternatives], obligations, cite)
        exempt_below = limits.get("exempt_below")
        below = exempt_below is not None and v.sensitive == 0 and v.general < exempt_below
        r.exception("cn.exemption.below-threshold",
                    f"a non-CIIO providing non-sensitive PI of fewer than {exempt_below:,} people and no sensitive PI"
                    if exempt_below else "no small-volume exemption in force", below,
                    provisions("5(4)") if exempt_below else cite)
        if below:
            return r.decide(Verdict.PERMITTED, "below the volume that needs a mechanism", provisions("5(4)"),
                            obligations=obligations, safeguards=hop.safeguards)
        r.rule("standard contract or certification: over the exemption and under the assessment thresholds", cite)
        validity = kb.value("cn.certification_validity", on)
        if validity:
            r.fact(f"a certification certificate is valid for {validity} years", kb.cite("cn.certification_validity"))
        return self.need(hop, r, [CONTRACT, CERTIFICATION, *alternatives], obligations, cite)

    def pending(self, hop: Hop, r: Reasoning) -> None:
        for m in hop.kb.fact("cn.mechanisms").members_on(hop.as_of):
            until = m.attributes.get("pending_until")
            if until and hop.as_of < dt.date.fromisoformat(str(until)):
                r.fact(f"{m.key}: its implementing measures were not yet in force ({m.act}); the PIPL Art 38 duty "
                       "applied nonetheless", hop.kb.cite("cn.mechanisms", m))

    def need(self, hop: Hop, r: Reasoning, one_of: list[str], obligations: list[str], cite: Citation) -> RegimeResult:
        return r.decide(Verdict.CONDITIONAL, f"lawful with {' or '.join(one_of)} in place", cite,
                        one_of=one_of, obligations=obligations, safeguards=hop.safeguards)
