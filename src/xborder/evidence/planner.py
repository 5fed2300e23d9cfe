"""The request planner: for each access demand, who compels, what blocks, which channels.

Output per request (contract §2 `requests`): `id`, `compelled_by` and `blocked_by` (lists of
`{regime, jurisdiction, citation, url, why}`), `conflict` (something compels and something
blocks: the holder cannot obey both), `channels` (each `{id, citation, duration: {days,
source}, lifts, still_blocked_by}`), `recommended_channel`, `obligations` (e.g.
`cn.authority-approval`), `timeline` (the recommended channel's steps, see `timeline`) and `trace`, the steps with their articles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xborder.datamap.models import DataMap
from xborder.evidence.blocking import blocked_by
from xborder.evidence.channels import channels, recommend
from xborder.evidence.compulsion import compelled_by
from xborder.evidence.context import RequestContext, build_contexts
from xborder.evidence.timeline import timeline
from xborder.kb import KnowledgeBase


# Bars that give way to a compelling instrument (see assess_request).
# An overseas production order under the UK-US agreement is an order "subject to an executive
# agreement" the SCA excepts (18 U.S.C. 2702(b)(9)).
YIELDS_TO: dict[str, frozenset[str]] = {"EU-EEVIDENCE": frozenset({"FR-BLOCKING"}),
                                        "GB-COPOA": frozenset({"US-SCA"})}


def assess_requests(datamap: DataMap, as_of: dt.date, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Assess every `requests:` entry of a validated data map as of a date."""
    return [assess_request(ctx) for ctx in build_contexts(datamap, as_of, kb)]


def assess_request(ctx: RequestContext) -> dict[str, Any]:
    ctx.note(f"{ctx.authority_country} {ctx.authority_kind} demands {ctx.data_type} data from {ctx.holder.id} "
             f"({ctx.holder.country}) stored at {ctx.request.location} ({ctx.location_country}), as of {ctx.as_of}")
    compelled = compelled_by(ctx)
    blocks = blocked_by(ctx)
    # A bar that yields to the compelling instrument itself is no conflict: Law 68-678 Art 1 bis
    # applies "subject to ... the laws and regulations in force", which a European Production
    # Order under Regulation (EU) 2023/1543 is.
    opposed = [b for b in blocks if not all(b.regime in YIELDS_TO.get(f.regime, ()) for f in compelled)]
    conflict = bool(compelled and opposed)
    if conflict:
        ctx.note(f"conflict: {', '.join(f.citation for f in compelled)} compels what "
                 f"{', '.join(f.citation for f in opposed)} bars")
    for b in blocks:
        if compelled and b not in opposed:
            why = ("an order subject to an executive agreement, 18 U.S.C. 2702(b)(9)" if b.regime == "US-SCA"
                   else "a law or regulation in force")
            ctx.note(f"{b.regime}: {b.citation} yields to {', '.join(f.citation for f in compelled)} ({why}), "
                     "so it does not conflict with the order")
    found = channels(ctx, compelled, blocks)
    chosen = recommend(ctx, found, blocks)
    preservation = next((c for c in found if c.purpose == "preservation"), None)
    result = {
        "id": ctx.id,
        "authority": {"country": ctx.authority_country, "kind": ctx.authority_kind},
        "holder": {"entity": ctx.holder.id, "country": ctx.holder.country,
                   "controlled_from": sorted(ctx.holder_countries - {ctx.holder.country})},
        "location": {"id": ctx.request.location, "country": ctx.location_country},
        "data_type": ctx.data_type,
        "compelled_by": [f.as_dict() for f in compelled],
        "blocked_by": [f.as_dict() for f in blocks],
        "conflict": conflict,
        "obligations": sorted({f.obligation for f in blocks if f.obligation}),
        "channels": [c.as_dict(blocks) for c in found],
        "recommended_channel": chosen.id if chosen else None,
        "preserve_first": preservation.id if preservation else None,
        "trace": list(ctx.trace),
    }
    result["timeline"] = timeline(result, ctx.urgent)
    return result
