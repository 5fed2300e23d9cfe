"""SARIF 2.1.0 for code-scanning UIs: one result per flow that is not compliant.

The rule id names the regime and verdict (e.g. `CN-PIPL/conditional`); the location is the
flow's line in the map file, so the finding lands on the YAML that declares the transfer.
"""

from __future__ import annotations

from typing import Any

from xborder import __version__
from xborder.engine import Assessment

# SARIF 2.1.0 3.27.10: "error" - a serious problem; "warning" - a problem; "note" - a minor
# problem or an opportunity. Only unsatisfied regimes become results, so every result is at
# least a problem: a prohibition is an error, anything else missing (action required) a warning,
# whatever the regime's verdict value (a `permitted` regime may still lack an obligation).
def level(verdict: str) -> str:
    return "error" if verdict == "prohibited" else "warning"


def to_sarif(assessment: Assessment, map_uri: str, flow_lines: dict[str, int]) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in assessment.flows:
        if f.status == "compliant":
            continue
        for r in f.regimes:
            if not r.applies or r.satisfied:
                continue
            rule_id = f"{r.regime}/{r.verdict.value}"
            # the article that decides is the verdict step's, not the first one cited
            decided = r.steps[-1].cite if r.steps and r.steps[-1].kind == "verdict" else None
            cite = decided or (r.citations[0] if r.citations else None)
            rules.setdefault(rule_id, {
                "id": rule_id,
                "name": f"{r.regime} {r.verdict.value}".replace("-", "").replace(" ", ""),
                "shortDescription": {"text": f"{r.regime}: transfer is {r.verdict.value}"},
                **({"helpUri": cite.url} if cite else {}),
            })
            text = f"{f.id}: {r.regime} {r.verdict.value}"
            if r.missing:
                text += f"; missing {', '.join(r.missing)}"
            if cite:
                text += f" ({cite.label})"
            results.append({
                "ruleId": rule_id,
                "level": level(r.verdict.value),
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": map_uri},
                    "region": {"startLine": flow_lines.get(f.id, 1)},
                }}],
                "properties": {"flow": f.id, "status": f.status, "missing": list(r.missing)},
            })
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "xborder", "version": __version__,
                                "rules": list(rules.values())}},
            "results": results,
        }],
    }
