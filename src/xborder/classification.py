"""How sensitive a data category is under each regime, read from the knowledge base.

One place answers "is this category special/sensitive/bulk-relevant?" for the engine's
reports and for the scanner, so the two can never disagree. A KB list of taxonomy keys
covers each key's sub-categories.
"""

from __future__ import annotations

import datetime as dt

from xborder import taxonomy
from xborder.kb import KnowledgeBase, default_knowledge_base


def _covered(category: str, keys: frozenset[str]) -> bool:
    parts = category.split(".")
    return any(".".join(parts[:i]) in keys for i in range(1, len(parts) + 1))


def sensitivity(category: str, on: dt.date | None = None, kb: KnowledgeBase | None = None,
                minors: bool = False) -> dict[str, str | None]:
    """Tier of `category` per regime on a date; `minors`: the data is about children under 14,
    whose personal information is all sensitive under PIPL Art 28(1).

    Returns {"EU-GDPR": "art9" | "art10" | "ordinary",
             "CN-PIPL": "sensitive" | "general",
             "US-DSP": <DSP category id> | None}.
    """
    kb = kb or default_knowledge_base()
    on = on or dt.date.today()
    eu = "ordinary"
    if _covered(category, kb.members("eu.special_categories", on)):
        eu = "art9"
    elif _covered(category, kb.members("eu.criminal_data", on)):
        eu = "art10"
    sensitive_cn = _covered(category, kb.members("cn.sensitive_pi", on)) or (minors and taxonomy.is_personal(category))
    cn = "sensitive" if sensitive_cn else "general"
    us: str | None = None
    for member in kb.fact("us.dsp.categories").members_on(on):
        if _covered(category, frozenset(member.attributes.get("taxonomy", ()))):
            us = member.key
            break
    return {"EU-GDPR": eu, "CN-PIPL": cn, "US-DSP": us}
