"""CN-DSL: important data and core data leaving the mainland (DSL, CSL Art 37, CAC measures).

DSL Art 21: the State establishes classified and graded data protection; important data
catalogues are drawn up, and "data related to national security, the lifelines of the
national economy, important aspects of people's livelihood and major public interests" is
core data, under a stricter management system.
DSL Art 31: outbound security management of important data collected or produced in the
mainland by CIIOs follows CSL Art 37; for other data processors, measures formulated by the
CAC with the relevant departments.
2022 Measures Art 4(1) and 2024 Provisions Art 7: providing important data abroad needs the
CAC security assessment. 2024 Provisions Art 2: data not identified or published as
important data need not be declared as such — the map's `important_data` / `core_data`
flags say what was identified or notified.
No text read here sets a mechanism for core data beyond its stricter management, so core
data is treated as important data for export (the assessment) and the trace says that the
stricter regime applies on top; no outright prohibition is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.cn_pipl import ASSESSMENT, STORAGE, csl_localization, is_export, mainland

DSL_URL = "http://www.npc.gov.cn/npc/c30834/202106/7c9af12f51334a73b56d7938f99a788a.shtml"


def dsl(article: str) -> Citation:
    return Citation.of("DSL", article, DSL_URL)


class CnDsl(Regime):
    id = "CN-DSL"
    jurisdiction = "CN"
    title = "Data Security Law: important and core data"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return mainland(kb, as_of)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, s.location_country, t.location_country, s.entity.ciio,
                tuple((d.id, d.important_data, d.core_data) for d in hop.datasets),
                frozenset(m for m in hop.in_place if m.startswith("cn.")))

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        important = [d.id for d in hop.datasets if d.important_data or d.core_data]
        if not important or not is_export(hop):
            return None  # nothing identified as important data leaves the mainland here
        kb, on = hop.kb, hop.as_of
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{EXPORTER} provides data identified as important or core data ({', '.join(important)}) from "
                f"the mainland to {hop.recipient.location_country}")
        core = [d.id for d in hop.datasets if d.core_data]
        r.classification = {"tier": "core" if core else "important", "datasets": important}
        period = kb.period("cn.important_data_rules", on)
        if period is None or period.value is None:
            if hop.sender.entity.ciio:
                return r.decide(Verdict.CONDITIONAL, "CSL Art 37: a CIIO's important data leaves only after a "
                                "security assessment", csl_localization(kb, on), one_of=[ASSESSMENT],
                                obligations=[STORAGE], safeguards=hop.safeguards)
            return r.not_applicable(f"the DSL took effect on 1 September 2021; on {on} no outbound rule reached a "
                                    "non-CIIO's important data", dsl("55"))
        cite = kb.cite("cn.important_data_rules", period)
        if core:
            r.rule(f"core data ({', '.join(core)}) is under the stricter management system of DSL Art 21 in "
                   "addition to the assessment", dsl("21"))
        obligations = []
        if hop.sender.entity.ciio:
            r.rule(f"{EXPORTER} is a CIIO: important data collected in the mainland is stored there", csl_localization(kb, on))
            obligations.append(STORAGE)
        if not period.value:
            r.fact("the CAC's outbound measures for non-CIIOs' important data were not yet in force; the duty of "
                   "DSL Art 31 applied nonetheless", cite)
        r.rule("important data is provided abroad only after the CAC security assessment", cite)
        return r.decide(Verdict.CONDITIONAL, "lawful once the security assessment is passed", cite,
                        one_of=[ASSESSMENT], obligations=obligations, safeguards=hop.safeguards)
