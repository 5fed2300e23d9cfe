"""Adequacy-model laws that came into force after 25 May 2018 (LGPD, POPIA, the Saudi PDPL...).

Their reasoning is the adequacy model's (adequacy -> safeguards -> derogations, see
`adequacy_model.py`); what they add is a start: before the day the law's transfer rules took
effect, a transfer from its territory gets `not_applicable` naming that day, and a law whose
articles changed (the KVKK's Art 9 in 2024) reads them from its dated `articles_fact`.
The start is the first period of `in_force_fact` (a kb value) whose value is not null.
"""

from __future__ import annotations

from typing import Any, ClassVar

from xborder.engine.hop import Hop
from xborder.rules.adequacy_model import AdequacyModelRegime
from xborder.rules.base import EXPORTER, Reasoning, RegimeResult


class DatedAdequacyRegime(AdequacyModelRegime):
    in_force_fact: ClassVar[str]  # kb value: the transfer rules' start (null before)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        kb, law = hop.kb, self.law
        home = self.territory(hop)
        if not hop.touching & home:
            return None
        period = kb.period(self.in_force_fact, hop.as_of)
        if period is None or period.value is None:
            s = hop.sender
            if not {s.country, s.location_country} & home:
                return None  # only the law's own exporters hear that it is not yet in force
            start = next((p for p in kb.fact(self.in_force_fact).values if p.from_ > hop.as_of and p.value), None)
            if start is not None:  # name the law as it will be on that day (the NDPR before the NDPA)
                law = self.law_on(kb, start.from_)
            r = Reasoning(law.regime, law.jurisdiction)
            r.reach(f"the exporter {EXPORTER} sends the data from {s.location_country}")
            when = f"take effect on {start.from_.isoformat()}" if start else "are not in force"
            return r.not_applicable(f"the {law.law} rules on transfers abroad {when}", kb.cite(self.in_force_fact, start))
        return super().assess(hop, prepared)
