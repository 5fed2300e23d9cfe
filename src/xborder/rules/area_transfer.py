"""Transfer rules of an area: a country (less some zones), or one zone of a country.

The UAE has three transfer laws side by side: the federal PDPL for the State outside the
financial free zones with their own law, the DIFC's and the ADGM's within each zone; Israel's
Transfer Regulations read the same way. Each says: personal data leaves the area (1) freely
where the destination is adequate, (2) otherwise on one of the law's grounds (contracts,
consent, group rules, permits), or (3) on a derogation the flow's necessity claims. What
changes between laws and over time (the law's name and articles, the grounds, the
derogations, the obligations every transfer carries) is one dated value fact per regime,
`RULES`: null where the law is not in force, else a mapping:

  law, url, transfer (article), adequacy {id, article}, grounds [{id, article, group_only}],
  derogations {necessity: {id, article}}, obligations [id], notes [text], reason (text).

An area is named by the country `COUNTRY` and either `ZONE` (the law of one zone: the map
marks an entity or location inside it with that zone id) or `EXCLUDED_ZONES` (the zones whose
own law displaces the country's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any, ClassVar

from xborder.engine.hop import Hop, Party
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import matching_categories, next_change, related


def ref(article: str) -> str:
    """ "Art 26", or a section or regulation as the law numbers it ("s41", "reg 2(1)")."""
    return f"Art {article}" if article[:1].isdigit() else article


class AreaTransferRegime(Regime):
    COUNTRY: ClassVar[str]
    ZONE: ClassVar[str | None] = None  # the law of this zone only
    EXCLUDED_ZONES: ClassVar[frozenset[str]] = frozenset()  # zones with their own law
    RULES: ClassVar[str]  # kb value fact: the law's rules on each date (null: not in force)
    ADEQUACY: ClassVar[str | None] = None  # kb list fact: adequate destinations (countries, zone ids)
    AREA: ClassVar[str]  # how the trace names the area: "the DIFC", "Israel"
    EXCLUDED_DATA: ClassVar[str | None] = None  # kb list fact: categories the law leaves to other legislation

    # -- where the parties are ---------------------------------------------------------
    def governs(self, party: Party) -> bool:
        """The party is established, or has the data, in the area."""
        if self.COUNTRY not in (party.country, party.location_country):
            return False
        return party.zone == self.ZONE if self.ZONE else party.zone not in self.EXCLUDED_ZONES

    def inside(self, party: Party) -> bool:
        """The party receives the data inside the area (no transfer out of it)."""
        if party.location_country != self.COUNTRY:
            return False
        return party.zone == self.ZONE if self.ZONE else True  # a free zone lies inside the State

    def destination(self, party: Party) -> str:
        """The key an adequacy list names the destination by: a zone id inside the country, else its country."""
        return party.zone if party.zone and party.location_country == self.COUNTRY else party.location_country

    # -- the engine's shortcuts ----------------------------------------------------------
    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({self.COUNTRY})  # `assess` answers only an exporter in the country

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        if not self.governs(s):
            return (hop.as_of, "untied")
        prefix = self.COUNTRY.lower() + "."
        excluded = self.excluded(hop)
        return (hop.as_of, s.location_country, s.zone, self.inside(t), self.destination(t), s.entity.id == t.entity.id,
                related(hop), hop.personal, excluded, bool(excluded) and set(excluded) == hop.categories,
                hop.flow.necessity, self.extra_key(hop), frozenset(m for m in hop.flow.safeguards if m.startswith(prefix)))

    def excluded(self, hop: Hop) -> tuple[str, ...]:
        """The hop's categories that the law leaves to other legislation (UAE PDPL Art 2: health, banking)."""
        if not self.EXCLUDED_DATA:
            return ()
        return tuple(matching_categories(hop, hop.kb.fact(self.EXCLUDED_DATA).members_on(hop.as_of)))

    def extra_facts(self, hop: Hop, r: Reasoning) -> None:
        """Facts a law adds to the trace (Israel: data received from the EEA)."""

    def extra_key(self, hop: Hop) -> Hashable:
        """What `extra_facts` reads of the hop, for the cache key."""
        return None

    # -- the rule ------------------------------------------------------------------------
    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, kb = hop.sender, hop.recipient, hop.kb
        if not self.governs(s):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        where = f"{s.location_country}" + (f", zone {s.zone}" if s.zone else "") + \
            (f"; not in a zone with its own law: {', '.join(sorted(self.EXCLUDED_ZONES))}" if self.EXCLUDED_ZONES else "")
        r.reach(f"{EXPORTER} is established in, or sends the data from, {self.AREA} ({where})")
        period = kb.period(self.RULES, hop.as_of)
        if period is None or period.value is None:
            starts = next_change(hop, self.RULES)
            reason = f"the rules on transfers out of {self.AREA} take effect on {starts}" if starts else \
                f"no rule on transfers out of {self.AREA} is in force"
            return r.not_applicable(reason, kb.cite(self.RULES, period))
        rules: dict[str, Any] = period.value
        law, url = rules["law"], rules.get("url") or kb.fact(self.RULES).source.url

        def cite(article: str) -> Citation:
            return Citation.of(law, article, url, period.act)

        transfer = cite(rules["transfer"])
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.entity.id == s.entity.id:
            return r.not_applicable(f"{EXPORTER} keeps the data within the same legal person: no transfer", transfer)
        if self.inside(t):
            return r.not_applicable(f"{RECIPIENT} receives the data inside {self.AREA}: no transfer out of it", transfer)
        excluded = self.excluded(hop)
        if excluded:
            other = kb.cite(self.EXCLUDED_DATA or "")
            if set(excluded) == hop.categories:
                return r.not_applicable(f"the data ({', '.join(excluded)}) is governed by its own legislation, which "
                                        f"{law} leaves in place", other)
            r.fact(f"{', '.join(excluded)} is governed by its own legislation, outside {law}; the other categories "
                   "are not", other)
        for note in rules.get("notes", ()):
            r.fact(note, transfer)
        self.extra_facts(hop, r)
        r.rule(f"{RECIPIENT} receives the data in {RECIPIENT_COUNTRY}"
               + (f" ({t.zone})" if t.zone and t.location_country == self.COUNTRY else "")
               + f", outside {self.AREA}: {law} {ref(rules['transfer'])} applies", transfer)
        obligations = list(rules.get("obligations", ()))
        for obligation in obligations:
            r.rule(f"every transfer carries the obligation {obligation}", cite(rules["obligation_article"]))

        # (1) An adequate destination.
        adequacy = rules.get("adequacy")
        if adequacy and self.ADEQUACY:
            dest = self.destination(t)
            member = kb.member(self.ADEQUACY, dest, hop.as_of)
            acite = cite(adequacy["article"])
            if member is not None:
                by = f" ({member.act})" if member.act else ""
                r.exception(adequacy["id"], f"{dest} is {adequacy['text']}{by}", True, acite)
                return r.decide(Verdict.PERMITTED, "an adequate destination: no further transfer ground needed", acite,
                                obligations=obligations, safeguards=hop.safeguards)
            listed = kb.members(self.ADEQUACY, hop.as_of)
            r.exception(adequacy["id"], f"{dest} is not {adequacy['text']} on {hop.as_of}" if listed else
                        f"the knowledge base holds no adequacy finding in force on {hop.as_of} (see `xborder kb show "
                        f"{self.ADEQUACY}`); adequacy is not assumed", False, acite)

        # (2) The grounds for a transfer without adequacy.
        one_of: list[str] = []
        group = related(hop)
        for ground in rules.get("grounds", ()):
            if ground.get("group_only") and not group:
                r.fact(f"{ground['id']} serves only within a group; {EXPORTER} and {RECIPIENT} are not in one",
                       cite(ground["article"]))
                continue
            one_of.append(ground["id"])
        grounds = cite(", ".join(dict.fromkeys(g["article"] for g in rules.get("grounds", ()))))
        r.rule(f"without adequacy: {rules['reason']}: {', '.join(one_of)}", grounds)

        # (3) A derogation the flow claims.
        have = set(hop.safeguards)
        derogations: dict[str, dict[str, str]] = rules.get("derogations") or {}
        claimed = derogations.get(hop.flow.necessity or "")
        for necessity, d in derogations.items():
            taken = claimed is d
            r.exception(d["id"], f"the flow claims necessity '{necessity}' ({ref(d['article'])})" if taken else
                        f"the flow does not claim necessity '{necessity}' ({ref(d['article'])})", taken, cite(d["article"]))
            if taken:
                one_of.append(d["id"])
                have.add(d["id"])
        return r.decide(Verdict.CONDITIONAL, f"a transfer out of {self.AREA} needs one of the listed grounds",
                        grounds, one_of=one_of, obligations=obligations, safeguards=have)
