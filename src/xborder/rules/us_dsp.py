"""US-DSP: the DOJ Data Security Program, 28 CFR Part 202 (Executive Order 14117).

§ 202.301: "no U.S. person, on or after the effective date, may knowingly engage in any
covered data transaction involving data brokerage with a country of concern or covered
person."
§ 202.302(a): no U.S. person may engage in a transaction that involves access by a foreign
person to bulk U.S. sensitive personal data and that involves data brokerage with a foreign
person that is not a covered person "unless the U.S. person: (1) Contractually requires that
the foreign person refrain from engaging in a subsequent covered data transaction involving
data brokerage of the same data with a country of concern or covered person; and (2) Reports
any known or suspected violations ...".
§ 202.303: no U.S. person may engage "in any covered data transaction with a country of
concern or covered person that involves access ... to bulk U.S. sensitive personal data that
involves bulk human `omic data, or to human biospecimens from which bulk human `omic data
could be derived."
§ 202.401(a): no U.S. person may engage in a covered data transaction involving a vendor
agreement, employment agreement, or investment agreement with a country of concern or covered
person "unless the U.S. person complies with the security requirements" (§ 202.248: the CISA
Security Requirements for Restricted Transactions) "and all other applicable requirements"
(§ 202.1001 data compliance program, § 202.1002 audit, from 6 October 2025).
§ 202.205: bulk thresholds, "at any point in the preceding 12 months, whether through a
single covered data transaction or aggregated across covered data transactions involving the
same U.S. person and the same foreign person or covered person" (facts: us.dsp.categories).
§ 202.211(a): a covered person is (1) a foreign entity 50% or more owned by a country of
concern or covered persons, or organised or with its principal place of business in a
country of concern; (2) a foreign entity 50% or more owned by covered persons; (3) a foreign
individual employed by a country of concern or covered entity; (4) a foreign individual
primarily resident in a country of concern; (5) any person designated by the Attorney
General.
§ 202.505: data transactions "ordinarily incident to and part of the provision of financial
services", read from the flow's data use (payment processing, clause (5)); "Subparts C, D, J,
and K ... do not apply", so it lifts the onward-transfer clause of § 202.302 as well.
§ 202.506: the corporate-group exemption (U.S. person and its subsidiary or affiliate in a
country of concern, for administrative or ancillary operations).
The other exemptions of subpart E (personal communications, informational materials,
travel, official US Government business, transactions required by Federal law or treaty,
CFIUS-mitigated investments, telecommunications, regulatory approval and clinical data)
turn on facts the data map does not carry and are not applied.

Licences (§§ 202.801-802) are acts of the Department of Justice, not instruments the
parties can put in place: a prohibited transaction stays `prohibited`, the trace names the
`us.doj-license` route. Government-related data (§ 202.222: precise geolocation inside areas
of the Government-Related Location Data List, or data marketed as linked to government
personnel, at any volume) needs facts the data map does not carry and is not assessed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xborder.datamap.models import Dataset
from xborder.engine.hop import Hop, Party, count_individuals
from xborder.kb import Citation, KnowledgeBase, Member
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

LAW = "28 CFR 202"
URL = "https://www.ecfr.gov/current/title-28/chapter-I/part-202"
US = frozenset({"US"})
CATEGORIES = "us.dsp.categories"
IDENTIFIERS = "us.dsp.listed_identifiers"
CPI = "covered-personal-identifiers"
CISA = "us.cisa-security-requirements"
ONWARD_CONTRACT = "us.dsp-onward-transfer-contract"
RESTRICTED = ("vendor", "employment", "investment")


def cite(section: str) -> Citation:
    return Citation.of(LAW, section, f"{URL}#p-{section.split('(')[0]}")


def _covered_by(category: str, keys: Sequence[str]) -> str | None:
    """The most specific key among `keys` that is `category` or one of its ancestors."""
    best: str | None = None
    for k in keys:
        if (category == k or category.startswith(k + ".")) and (best is None or len(k) > len(best)):
            best = k
    return best


@dataclass(frozen=True)
class DspCategory:
    key: str
    threshold: int
    unit: str
    article: str
    omic: bool


@dataclass
class DspTaxonomy:
    """The DSP categories and listed identifiers in force on a date, with a per-key cache."""

    categories: dict[str, DspCategory]
    category_keys: dict[str, str]  # taxonomy key -> DSP category (not CPI)
    identifier_keys: dict[str, str]  # taxonomy key -> listed-identifier field
    _memo: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    _sensitive: dict[frozenset[str] | tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, kb: KnowledgeBase, on: dt.date) -> DspTaxonomy:
        categories: dict[str, DspCategory] = {}
        category_keys: dict[str, str] = {}
        for m in kb.fact(CATEGORIES).members_on(on):
            a = m.attributes
            categories[m.key] = DspCategory(m.key, int(a["threshold"]), a["threshold_unit"], a["article"],
                                            bool(a.get("omic")))
            if m.key != CPI:  # covered personal identifiers arise only in combination (§ 202.212)
                for t in a.get("taxonomy", ()):
                    category_keys[t] = m.key
        identifier_keys = {m.key: m.attributes["field"] for m in kb.fact(IDENTIFIERS).members_on(on)}
        return cls(categories, category_keys, identifier_keys)

    def classify(self, category: str) -> tuple[str | None, str | None]:
        """(DSP category other than CPI, listed-identifier field) of one data-map category."""
        if category not in self._memo:
            k = _covered_by(category, list(self.category_keys))
            i = _covered_by(category, list(self.identifier_keys))
            self._memo[category] = (self.category_keys[k] if k else None, self.identifier_keys[i] if i else None)
        return self._memo[category]

    def sensitive(self, categories: frozenset[str] | tuple[str, ...]) -> frozenset[str]:
        """The DSP categories one collection of data-map categories contains (§§ 202.212, 202.249)."""
        known = self._sensitive.get(categories)
        if known is None:
            known = self._sensitive[categories] = frozenset(self._sensitive_of(categories))
        return known

    def _sensitive_of(self, categories: frozenset[str] | tuple[str, ...]) -> set[str]:
        found: set[str] = set()
        identifiers: set[str] = set()
        fields: set[str] = set()
        for c in categories:
            dsp, ident = self.classify(c)
            if dsp:
                found.add(dsp)
            if ident:
                identifiers.add(c)
                fields.add(ident)
        if _covered_personal_identifiers(identifiers, fields, bool(found)):
            found.add(CPI)
        return found


def _covered_personal_identifiers(identifiers: set[str], fields: set[str], other_sensitive: bool) -> bool:
    """§ 202.212: a listed identifier with another listed identifier, or linked to other
    sensitive personal data; (b)(1) demographic or contact data linked only to other
    demographic or contact data is excluded. (b)(2) (network, authentication and call-detail
    data only as necessary for a telecommunications service) needs a fact the map lacks and is
    not applied: the cautious reading."""
    if not identifiers:
        return False
    if other_sensitive:
        return True
    if len(identifiers) < 2:
        return False
    return fields != {"demographic-contact"}


@dataclass
class Pair:
    """The covered data transactions between one U.S. person and one foreign person (§ 202.205)."""

    datasets: dict[str, Dataset] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # DSP category -> U.S. persons
    combined: bool = False


@dataclass
class Prepared:
    taxonomy: DspTaxonomy | None
    pairs: dict[tuple[str, str], Pair]


def us_persons(datasets: Sequence[Dataset]) -> int:
    """U.S. persons (§ 202.256: citizens, permanent residents, anyone in the United States)
    about whom the data is: residents of the US plus US citizens living elsewhere."""
    ds = tuple(datasets)
    residents = count_individuals(ds, residence=US)
    citizens_abroad = count_individuals(ds, citizenship=US) - count_individuals(ds, residence=US, citizenship=US)
    return residents + max(citizens_abroad, 0)


class UsDsp(Regime):
    id = "US-DSP"
    jurisdiction = "US"
    title = "28 CFR Part 202: bulk U.S. sensitive personal data and countries of concern"

    # -- across all hops: the 12-month aggregate per U.S. person and foreign person ---------
    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"US"})  # every tie `assess` checks involves US (see its first lines)

    def prepare(self, hops: Sequence[Hop]) -> Prepared:
        if not hops:
            return Prepared(None, {})
        kb, on = hops[0].kb, hops[0].as_of
        if not kb.value("us.dsp.effective", on):
            return Prepared(None, {})
        taxonomy = DspTaxonomy.load(kb, on)
        pairs: dict[tuple[str, str], Pair] = defaultdict(Pair)
        for hop in hops:
            if _us_person(hop.sender):
                pair = pairs[(hop.sender.id, hop.recipient.id)]
                for d in hop.datasets:
                    pair.datasets[d.id] = d
        for pair in pairs.values():
            self._count(pair, taxonomy)
        return Prepared(taxonomy, dict(pairs))

    @staticmethod
    def _count(pair: Pair, taxonomy: DspTaxonomy) -> None:
        by_category: dict[str, list[Dataset]] = defaultdict(list)
        for d in pair.datasets.values():
            for key in taxonomy.sensitive(d.categories):
                by_category[key].append(d)
        pair.counts = {k: us_persons(ds) for k, ds in by_category.items()}
        # § 202.205(g): combined data, more than one category in one collection.
        pair.combined = any(len(taxonomy.sensitive(d.categories)) > 1 for d in pair.datasets.values())

    # -- one hop ------------------------------------------------------------------------
    def cache_key(self, hop: Hop, prepared: Prepared) -> Hashable | None:
        s, t, taxonomy = hop.sender, hop.recipient, prepared.taxonomy
        if not _us_person(s):
            return False  # `assess` returns None
        if taxonomy is None or t.id == s.id:
            return (hop.as_of, t.id == s.id)
        pair = prepared.pairs[(s.id, t.id)]
        counts = tuple((k, pair.counts.get(k, 0)) for k in sorted(taxonomy.sensitive(hop.categories)))
        return (hop.as_of, hop.categories, counts, pair.combined, t.country, t.location_country, t.role,
                t.entity.covered_person,
                tuple((o.id, o.country, o.covered_person) for o in t.owners),
                hop.related,
                hop.flow.purpose, hop.flow.necessity, hop.flow.transaction, hop.flow.direct_collection, hop.safeguards)

    def assess(self, hop: Hop, prepared: Prepared) -> RegimeResult | None:
        if not _us_person(hop.sender):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} is a U.S. person: established or located in the United States (§ 202.256)")
        kb = hop.kb
        if prepared.taxonomy is None:
            return r.not_applicable(f"28 CFR Part 202 is not in force on {hop.as_of} (effective 8 April 2025)",
                                    kb.cite("us.dsp.effective"))
        if hop.recipient.id == hop.sender.id:
            return r.not_applicable("data stays within one legal person: no transaction with a foreign person",
                                    cite("202.210"))
        pair = prepared.pairs[(hop.sender.id, hop.recipient.id)]
        bulk = self.classify(hop, pair, prepared.taxonomy, r)
        if not bulk:
            r.exception("us.exemption.below-bulk", "no category of sensitive personal data reaches its bulk "
                        "threshold across the transactions with this recipient in the preceding 12 months", True,
                        cite("202.205"))
            return r.not_applicable("no bulk U.S. sensitive personal data in the transaction", cite("202.206"))
        covered = self.covered_person(hop, r)
        if covered is None:
            return self.foreign_person(hop, r)
        if self.financial_services(hop, r):
            return r.not_applicable("exempt financial services transaction", cite("202.505"))
        if self.corporate_group(hop, r):
            return r.not_applicable("exempt corporate group transaction", cite("202.506"))
        omic = [k for k in bulk if prepared.taxonomy.categories[k].omic]
        return self.covered_transaction(hop, omic, r)

    # § 202.205-206: is the data bulk U.S. sensitive personal data?
    def classify(self, hop: Hop, pair: Pair, taxonomy: DspTaxonomy, r: Reasoning) -> list[str]:
        present = taxonomy.sensitive(hop.categories)
        counts = {k: pair.counts.get(k, 0) for k in sorted(present)}
        lowest = min((taxonomy.categories[k].threshold for k in present), default=0)
        bulk: list[str] = []
        report: dict[str, dict[str, Any]] = {}
        for key, n in counts.items():
            cat = taxonomy.categories[key]
            over = n > cat.threshold
            if not over and pair.combined and len(present) > 1 and n > lowest:
                over = True  # § 202.205(g): combined data meets the lowest threshold among its categories
            report[key] = {"count": n, "threshold": cat.threshold, "unit": cat.unit, "comparison": "more-than",
                           "bulk": over}
            via = f" (combined data: lowest threshold {lowest})" if over and n <= cat.threshold else ""
            r.fact(f"{key}: {n} {cat.unit} over the preceding 12 months with {RECIPIENT}; bulk means more "
                   f"than {cat.threshold}{via}: {'bulk' if over else 'not bulk'}", cite(cat.article))
            if over:
                bulk.append(key)
        r.classification = {
            "tier": "bulk" if bulk else "below-bulk",
            "categories": sorted(c for c in hop.categories if any(taxonomy.classify(c))),
            "dsp_categories": report,
        }
        if not present:
            r.fact("no sensitive personal data in the sense of § 202.249", cite("202.249"))
        return bulk

    # § 202.211 and § 202.601: is the recipient a country of concern or a covered person?
    def covered_person(self, hop: Hop, r: Reasoning) -> str | None:
        t, kb, on = hop.recipient, hop.kb, hop.as_of
        concern = kb.members("us.dsp.countries_of_concern", on)
        if t.entity.covered_person:
            r.rule(f"{RECIPIENT} is designated a covered person", cite("202.211(a)(5)"))
            return "designated"
        if t.country == "US":
            r.fact(f"{RECIPIENT} is organised in the United States: a U.S. person, not a foreign person, and not "
                   "designated", cite("202.211(a)"))
            return None
        if t.country in concern:
            r.rule(f"{RECIPIENT} is organised or has its principal place of business in {t.country}, a country of "
                   "concern", cite("202.211(a)(1)"))
            return t.country
        for owner in t.owners:
            if owner.covered_person or owner.country in concern:
                r.rule(f"{RECIPIENT} is controlled (treated as 50% or more owned) by {owner.id} "
                       f"({owner.country}{', designated' if owner.covered_person else ''})", cite("202.211(a)(1)-(2)"))
                return owner.country
        if t.location_country in concern:
            r.fact(f"{RECIPIENT} holds the data in {RECIPIENT_COUNTRY}, a country of concern, but is neither organised "
                   "there nor owned from there", cite("202.211"))
        return None

    def foreign_person(self, hop: Hop, r: Reasoning) -> RegimeResult:
        """§ 202.302: data brokerage with a foreign person that is not a covered person."""
        t = hop.recipient
        if t.country == "US" or _transaction(hop, r) != "data-brokerage":
            return r.not_applicable(f"{RECIPIENT} is not a country of concern or covered person", cite("202.211"))
        # § 202.505(a): the exemption lifts all of subpart C, § 202.302 included, not only §§ 202.301/303.
        if self.financial_services(hop, r):
            return r.not_applicable("exempt financial services transaction", cite("202.505"))
        r.rule(f"data brokerage of bulk data with {RECIPIENT}, a foreign person that is not a covered person: lawful "
               "only if the contract forbids onward brokerage to a country of concern or covered person, and known "
               "or suspected violations are reported within 14 days", cite("202.302"))
        return r.decide(Verdict.CONDITIONAL, "onward-transfer clause required", cite("202.302(a)"),
                        one_of=[ONWARD_CONTRACT], safeguards=hop.safeguards)

    def financial_services(self, hop: Hop, r: Reasoning) -> bool:
        """§ 202.505: data transactions ordinarily incident to and part of financial services."""
        purpose = hop.flow.purpose or ""
        service = _purpose_member(hop, "us.dsp.financial_services_purposes")
        why = (f"purpose '{purpose}' is {service.attributes['clause']}" if service else
               f"purpose '{purpose or 'unstated'}' is not a financial service the map can show (payment processing)")
        return r.exception("us.exemption.financial-services", why, service is not None, cite("202.505"))

    def corporate_group(self, hop: Hop, r: Reasoning) -> bool:
        """§ 202.506: a U.S. person and its subsidiary or affiliate, for ancillary operations."""
        s, t = hop.sender, hop.recipient
        group = {s.id, *(o.id for o in s.owners)} & {t.id, *(o.id for o in t.owners)}
        purpose = hop.flow.purpose or ""
        ancillary = _purpose_member(hop, "us.dsp.ancillary_purposes")
        if hop.flow.necessity == "hr-management" and ancillary is None:
            ancillary = hop.kb.member("us.dsp.ancillary_purposes", "employment", hop.as_of)
        if not group:
            return False
        why = (f"{EXPORTER} and {RECIPIENT} are in one corporate group; purpose '{purpose or 'unstated'}' "
               + (f"is ancillary: {ancillary.attributes['clause']}" if ancillary else "is not an administrative "
                  "or ancillary business operation"))
        return r.exception("us.exemption.corporate-group", why, ancillary is not None, cite("202.506"))

    def covered_transaction(self, hop: Hop, omic: list[str], r: Reasoning) -> RegimeResult:
        kind = _transaction(hop, r)
        license_note = ("only a licence from the Department of Justice (us.doj-license, §§ 202.801-802) could "
                        "authorise it")
        if kind is None:  # § 202.303 too reaches only a "covered data transaction" (§ 202.210)
            return r.not_applicable("not a covered data transaction (data brokerage, vendor, employment or "
                                    "investment agreement): the recipient collects directly from the individuals",
                                    cite("202.210"))
        if omic:
            r.rule(f"bulk human 'omic data ({', '.join(omic)}) with a country of concern or covered person: "
                   f"prohibited whatever the kind of transaction; {license_note}", cite("202.303"))
            return r.decide(Verdict.PROHIBITED, "prohibited human 'omic data transaction", cite("202.303"))
        if kind == "data-brokerage":
            r.rule(f"data brokerage of bulk U.S. sensitive personal data with a covered person; {license_note}",
                   cite("202.301"))
            return r.decide(Verdict.PROHIBITED, "prohibited data-brokerage transaction", cite("202.301"))
        if kind in RESTRICTED:
            period = hop.kb.period("us.dsp.restricted_obligations", hop.as_of)
            duties = list(period.value) if period else []
            r.rule(f"{kind} agreement giving a covered person access to bulk data: a restricted transaction, lawful "
                   "only under the CISA security requirements (§ 202.248)", cite("202.401"))
            if duties:
                r.rule(f"from 6 October 2025 also: {', '.join(duties)}", hop.kb.cite("us.dsp.restricted_obligations",
                                                                                     period))
            return r.decide(Verdict.CONDITIONAL, "restricted transaction", cite("202.401"),
                            one_of=[CISA], obligations=duties, safeguards=hop.safeguards)
        return r.not_applicable("not a covered data transaction (data brokerage, vendor, employment or "
                                "investment agreement)", cite("202.210"))


def _purpose_member(hop: Hop, fact_id: str) -> Member | None:
    """The member of a list of data uses that the flow's purpose is, or falls under."""
    purpose = hop.flow.purpose or ""
    return next((m for m in hop.kb.fact(fact_id).members_on(hop.as_of)
                 if purpose == m.key or purpose.startswith(m.key + ".")), None)


def _us_person(p: Party) -> bool:
    return p.country == "US" or p.location_country == "US"


def _transaction(hop: Hop, r: Reasoning) -> str | None:
    """The kind of covered data transaction (§ 202.210): declared, else read from the roles.

    A recipient processing on the sender's behalf receives data under a vendor agreement
    (§ 202.258); a recipient receiving it for its own use, not having collected it from the
    individuals, takes it by data brokerage (§ 202.214): the cautious reading. A recipient that
    collects straight from the individuals (`direct_collection`) for its own use is in neither;
    one doing so as the sender's processor still provides it a service (a vendor agreement)."""
    kind = hop.flow.transaction
    if kind:
        r.fact(f"the flow declares a {kind} transaction", cite("202.210"))
        return kind
    if hop.flow.direct_collection and hop.recipient.role != "processor":
        return None  # the recipient's own collection: no agreement with the U.S. person (§ 202.214)
    # A processor collecting straight from the individuals still serves the sender under a vendor agreement.
    kind = "vendor" if hop.recipient.role == "processor" else "data-brokerage"
    r.fact(f"no transaction kind declared: read as {kind} from the recipient's role ({hop.recipient.role}); "
           "declare flow.transaction to settle it", cite("202.214" if kind == "data-brokerage" else "202.258"))
    return kind
