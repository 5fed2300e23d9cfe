"""The agreements as a research dataset: one row per agreement and provision, or per agreement
and party, in the coding scheme of docs/atlas.md (mapped to TAPED's legalization scale)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from xborder.kb.agreements import PROVISIONS, Agreement

# Our commitment scale on TAPED's legalization scale ("hard" / "soft" / no provision). The
# topic labels name the TAPED item each provision corresponds to, in words: the dataset's own
# variable codes were not available here to cite (docs/atlas.md).
TAPED_LEGALIZATION = {"binding": "hard", "best_endeavour": "soft", "none": "none", "unknown": ""}
TAPED_TOPIC = {
    "transfer": "cross-border data flows",
    "localization": "data localization (location of computing facilities)",
    "personal_information": "data protection",
    "financial_data": "financial services data flows / localization",
    "source_code": "source code",
    "customs_duties": "customs duties on electronic transmissions",
}

PROVISION_COLUMNS = (
    "agreement", "short", "status", "signed", "in_force", "provision", "taped_topic", "article", "commitment",
    "taped_legalization", "lppo_article", "lppo_tests", "lppo_self_judging", "security_article",
    "security_self_judging", "security_not_disputable", "prudential_article", "dispute_settlement", "url",
    "read_at", "verified", "checked", "note",
)
PARTY_COLUMNS = (
    "agreement", "short", "party", "signed", "in_force", "until", "accession", "verified", "source", "note",
)


def provision_rows(agreements: Mapping[str, Agreement]) -> list[dict[str, Any]]:
    rows = []
    for g in agreements.values():
        for name in PROVISIONS:
            p = g.provisions[name]
            lppo = next((e for e in p.exceptions if e.kind == "legitimate_public_policy"), None)
            security = next((e for e in p.exceptions if e.kind == "essential_security"), None)
            prudential = next((e for e in p.exceptions if e.kind == "prudential"), None)
            rows.append({
                "agreement": g.id, "short": g.short, "status": g.status, "signed": _d(g.signed),
                "in_force": _d(g.in_force), "provision": name, "taped_topic": TAPED_TOPIC[name],
                "article": p.article or "", "commitment": p.commitment,
                "taped_legalization": TAPED_LEGALIZATION[p.commitment],
                "lppo_article": lppo.article if lppo else "", "lppo_tests": " ".join(lppo.tests) if lppo else "",
                "lppo_self_judging": _b(lppo.self_judging) if lppo else "",
                "security_article": security.article if security else "",
                "security_self_judging": _b(security.self_judging) if security else "",
                "security_not_disputable": _b(security.not_disputable) if security else "",
                "prudential_article": prudential.article if prudential else "",
                "dispute_settlement": "" if p.dispute_settlement is None else _b(p.dispute_settlement),
                "url": p.url or g.url, "read_at": p.read_at or "", "verified": _b(p.verified),
                "checked": g.checked.isoformat(), "note": " ".join((p.note or "").split()),
            })
    return rows


def party_rows(agreements: Mapping[str, Agreement]) -> list[dict[str, Any]]:
    return [{"agreement": g.id, "short": g.short, "party": p.key, "signed": _d(p.signed), "in_force": _d(p.in_force),
             "until": _d(p.until), "accession": _b(p.accession), "verified": _b(p.verified), "source": p.source or "",
             "note": " ".join((p.note or "").split())}
            for g in agreements.values() for p in g.parties]


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _d(value: Any) -> str:
    return value.isoformat() if value else ""


def _b(value: bool) -> str:
    return "true" if value else "false"
