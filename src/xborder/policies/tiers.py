"""A three-tier (or n-tier) data classification policy, applied to each hop.

An organisation sorts its data into tiers, from least to most strict, and says per tier
what moving it across a border takes: `allow` (wherever the law allows), `require` /
`one_of` (its own controls or legal instruments), `approval` (an internal approval, filed
like any other mechanism: `filings:` with mechanism `org.<policy>.<tier>.approval`), or
`deny` (`to:` these countries, `except_to:` anywhere but these, or, with neither, nowhere).
A dataset is in every tier that names it or one of its categories (or an ancestor of one)
and takes the strictest; a hop carrying data of several tiers needs what each requires.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from xborder.datamap.loader import approval_id
from xborder.datamap.models import Dataset, TierPolicy, Tier
from xborder.engine.hop import Hop
from xborder.kb import Citation
from xborder.rules.base import RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

JURISDICTION = "ORG"


def _in_category(category: str, tier_category: str) -> bool:
    return category == tier_category or category.startswith(tier_category + ".")


class TierPolicyRegime(Regime):
    """Evaluates one `kind: tiers` policy of the map (its result: `ORG-<policy id>`)."""

    jurisdiction = JURISDICTION

    def __init__(self, policy: TierPolicy):
        self.policy = policy
        self.id = f"ORG-{policy.id}"
        self.title = policy.title or policy.source.document
        self._exporters = frozenset(policy.exporters)
        self._from = frozenset(policy.from_countries)

    def cite(self, section: str | None = None) -> Citation:
        src = self.policy.source
        where = section or src.section or ""
        # a numbered section reads "§ 4.3" (not the statutes' "Art")
        return Citation.of(src.document, f"§ {where}" if where[:1].isdigit() else where, src.url or "", src.version)

    def reach_countries(self, as_of: Any, kb: Any) -> frozenset[str] | None:
        return self._from or None

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        # Everything `assess` reads: the exporter (when the policy names exporters), both
        # countries, the datasets and the safeguards in place.
        exporter = hop.sender.id if self._exporters else None
        return (exporter, hop.sender.location_country, hop.recipient.location_country, hop.flow.datasets,
                hop.safeguards)

    def tier_of(self, dataset: Dataset) -> tuple[int, Tier, str] | None:
        """The strictest tier that holds this dataset, and why (by id or by which category)."""
        found: tuple[int, Tier, str] | None = None
        for index, tier in enumerate(self.policy.tiers):
            if dataset.id in tier.datasets:
                found = (index, tier, "named by the tier")
                continue
            matched = sorted({t for c in dataset.categories for t in tier.categories if _in_category(c, t)})
            if matched:
                found = (index, tier, f"category {', '.join(matched)}")
        return found

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        p = self.policy
        if self._exporters and hop.sender.id not in self._exporters:
            return None
        if self._from and hop.sender.location_country not in self._from:
            return None
        if (p.effective and hop.as_of < p.effective) or (p.until and hop.as_of >= p.until):
            return None
        r = Reasoning(self.id, JURISDICTION)
        s, t = hop.sender, hop.recipient
        if not hop.crosses_border:
            return r.not_applicable(f"the data stays in {s.location_country}: {p.source.document} governs "
                                    "transfers across borders", self.cite())
        r.reach(f"{p.source.document} binds this exporter's transfers"
                + (f" from {', '.join(sorted(self._from))}" if self._from else ""))
        tiers: dict[int, Tier] = {}
        for d in hop.datasets:
            found = self.tier_of(d)
            if found is None:
                r.fact(f"dataset {d.id}: in no tier of the policy")
                continue
            index, tier, why = found
            tiers[index] = tier
            r.fact(f"dataset {d.id}: tier {tier.id}" + (f" ({tier.title})" if tier.title else "") + f", {why}",
                   self.cite(tier.section))
        if not tiers:
            return r.not_applicable("the policy's tiers do not classify this hop's data", self.cite())
        return self._decide(r, hop, [tiers[i] for i in sorted(tiers)])

    def _decide(self, r: Reasoning, hop: Hop, tiers: Sequence[Tier]) -> RegimeResult:
        source, to_country = self.policy.source.document, hop.recipient.location_country
        denied: list[Tier] = []
        obligations: list[str] = []
        groups: list[tuple[str, ...]] = []
        for tier in tiers:
            cite = self.cite(tier.section)
            if tier.deny is not None:
                if self._denies(tier, to_country):
                    r.rule(f"tier {tier.id} may not go to {RECIPIENT_COUNTRY}{self._deny_words(tier)}", cite)
                    denied.append(tier)
                else:
                    r.rule(f"tier {tier.id} may go to {RECIPIENT_COUNTRY}{self._deny_words(tier)}", cite)
            if tier.allow:
                r.rule(f"tier {tier.id} moves wherever the law allows", cite)
            if tier.require:
                r.rule(f"tier {tier.id} requires {', '.join(tier.require)}", cite)
                obligations += tier.require
            if tier.one_of:
                r.rule(f"tier {tier.id} requires one of {', '.join(tier.one_of)}", cite)
                groups.append(tier.one_of)
            if tier.approval:
                needed = approval_id(self.policy.id, tier.id)
                r.rule(f"tier {tier.id} moves only after internal approval ({needed})", cite)
                obligations.append(needed)
        strictest = self.cite(tiers[-1].section)
        if denied:
            names = ", ".join(t.id for t in denied)
            return r.decide(Verdict.PROHIBITED, f"{source} forbids tier {names} from going to {RECIPIENT_COUNTRY}",
                            self.cite(denied[-1].section))
        if not obligations and not groups:
            return r.decide(Verdict.PERMITTED, f"{source} lets this data move where the law allows", strictest)
        # One `one_of` group is the result's; further groups of other tiers are checked here.
        one_of = groups[0] if groups else ()
        result = r.decide(Verdict.CONDITIONAL, f"{source} lets this data move with what its tiers require",
                          strictest, one_of=one_of, obligations=obligations, safeguards=hop.safeguards)
        unmet = [g for g in groups[1:] if hop.safeguards.isdisjoint(g)]
        if unmet:
            result.missing = (*result.missing, *("|".join(g) for g in unmet))
            result.satisfied = False
        return result

    @staticmethod
    def _denies(tier: Tier, to_country: str) -> bool:
        deny = tier.deny
        assert deny is not None
        if deny.to:
            return to_country in deny.to
        if deny.except_to:
            return to_country not in deny.except_to
        return True  # neither: it never leaves

    @staticmethod
    def _deny_words(tier: Tier) -> str:
        deny = tier.deny
        assert deny is not None
        if deny.to:
            return f" (denied to {', '.join(deny.to)})"
        if deny.except_to:
            return f" (it may go only to {', '.join(deny.except_to)})"
        return " (it never leaves the country it is in)"
