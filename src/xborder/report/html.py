"""One self-contained HTML file: summary, a diagram of the map, and each verdict explained."""

from __future__ import annotations

from html import escape

from xborder.engine import Assessment
from xborder.rules.base import fill
from xborder.report.diagram import STATUS_COLOUR, map_svg

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:20px}
header .meta{opacity:.8;font-size:13px}main{padding:20px 28px;max-width:1400px}
.cards{display:flex;gap:12px;margin:4px 0 18px}.card{background:#fff;border-radius:8px;padding:10px 16px;
box-shadow:0 1px 2px #0002;min-width:140px}.card b{font-size:22px;display:block}
.diagram{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px #0002;overflow:auto;margin-bottom:18px}
.country{fill:#eef2f7;stroke:#c5cfdc}.country-label{font-size:12px;font-weight:600;fill:#44526a}
.entity{fill:#fff;stroke:#8a99b0}.entity-label{font-size:12px;fill:#1d2330}
.flow{fill:none;stroke-width:2.2;opacity:.85}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e6e9ee;vertical-align:top}th{background:#f0f2f5}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;color:#fff;font-size:12px;font-weight:600}
details{background:#fff;border-radius:8px;margin:10px 0;padding:8px 14px;box-shadow:0 1px 2px #0002}
summary{cursor:pointer;font-weight:600}.regime{border-left:4px solid #ccd;padding:2px 12px;margin:10px 0}
.regime h4{margin:4px 0}.trace li{margin:2px 0}.kind{font-size:11px;text-transform:uppercase;color:#667;
display:inline-block;width:74px}.ids code{background:#eef1f5;padding:1px 5px;border-radius:4px}
.conflict{color:#8e24aa;font-weight:600}.legend span{margin-right:14px}
"""

VERDICT_COLOUR = {"not_applicable": "#90a4ae", "permitted": "#2e7d32", "conditional": "#e0a100", "prohibited": "#c62828"}


def _badge(text: str, colour: str) -> str:
    return f'<span class="badge" style="background:{colour}">{escape(text)}</span>'


def to_html(assessment: Assessment) -> str:
    s = assessment.summary()
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>xborder: {escape(assessment.name or 'assessment')}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(assessment.name or 'Transfer assessment')}</h1><div class=meta>"
        f"Law applied as of {assessment.as_of} · knowledge base {escape(assessment.kb_version)} "
        f"(sources checked {assessment.sources_checked})</div></header><main>",
        "<div class=cards>",
        f"<div class=card><b style='color:{STATUS_COLOUR['compliant']}'>{s['compliant']}</b>compliant</div>",
        f"<div class=card><b style='color:{STATUS_COLOUR['action_required']}'>{s['action_required']}</b>action required</div>",
        f"<div class=card><b style='color:{STATUS_COLOUR['prohibited']}'>{s['prohibited']}</b>prohibited</div>",
        "</div>",
        "<h2>Map</h2><div class=diagram><div class=legend>"
        + "".join(f"<span>{_badge(k.replace('_', ' '), v)}</span>" for k, v in STATUS_COLOUR.items())
        + "</div>" + map_svg(assessment) + "</div>",
        "<h2>Flows</h2><table><tr><th>flow</th><th>route</th><th>status</th><th>verdicts</th><th>missing</th></tr>",
    ]
    for f in assessment.flows:
        verdicts = " ".join(_badge(f"{r.jurisdiction}: {r.verdict.value.replace('_', ' ')}", VERDICT_COLOUR[r.verdict.value])
                            for r in f.regimes)
        missing = "<br>".join(f"{escape(r.jurisdiction)}: {escape(', '.join(r.missing))}" for r in f.regimes if r.missing)
        route = (f"{escape(f.hop.sender.id)} ({f.hop.sender.location_country}) → "
                 f"{escape(f.hop.recipient.id)} ({f.hop.recipient.location_country})")
        parts.append(f"<tr><td><a href='#flow-{escape(f.id)}'>{escape(f.id)}</a></td><td>{route}</td>"
                     f"<td>{_badge(f.status.replace('_', ' '), STATUS_COLOUR[f.status])}</td><td>{verdicts}</td>"
                     f"<td>{missing or '—'}</td></tr>")
    parts.append("</table><h2>Why</h2>")
    for f in assessment.flows:
        parts.append(f"<details id='flow-{escape(f.id)}'{' open' if f.status != 'compliant' else ''}><summary>"
                     f"{escape(f.id)} {_badge(f.status.replace('_', ' '), STATUS_COLOUR[f.status])}</summary>")
        for c in f.conflicts:
            parts.append(f"<p class=conflict>Conflict ({escape(c.kind)}): {escape(c.description)}</p>")
        for r in f.regimes:
            parts.append(f"<div class=regime style='border-color:{VERDICT_COLOUR[r.verdict.value]}'>"
                         f"<h4>{escape(r.regime)}: {escape(r.verdict.value.replace('_', ' '))}</h4><div class=ids>")
            if r.one_of:
                parts.append("Any one of: " + ", ".join(f"<code>{escape(m)}</code>" for m in r.one_of) + "<br>")
            if r.obligations:
                parts.append("Obligations: " + ", ".join(f"<code>{escape(m)}</code>" for m in r.obligations) + "<br>")
            if r.missing:
                parts.append("Missing: " + ", ".join(f"<code>{escape(m)}</code>" for m in r.missing) + "<br>")
            parts.append("</div><ol class=trace>")
            for step in r.steps:
                taken = "" if step.taken is None else (" <em>(taken)</em>" if step.taken else " <em>(not taken)</em>")
                cite = (f" — <a href='{escape(step.cite.url)}'>{escape(step.cite.label)}</a>" if step.cite else "")
                parts.append(f"<li><span class=kind>{step.kind}</span>{escape(fill(step.text, f.names))}{taken}{cite}</li>")
            parts.append("</ol></div>")
        parts.append("</details>")
    if assessment.requests:
        parts.append("<h2>Requests</h2><table><tr><th>request</th><th>compelled by</th><th>blocked by</th><th>channels</th></tr>")
        for req in assessment.requests:
            comp = ", ".join(escape(x.get("regime", "")) for x in req.get("compelled_by", []))
            blk = ", ".join(escape(x.get("regime", "")) for x in req.get("blocked_by", []))
            ch = ", ".join(escape(c["id"]) for c in req.get("channels", []))
            parts.append(f"<tr><td>{escape(req['id'])}</td><td>{comp}</td><td>{blk}</td><td>{ch}</td></tr>")
        parts.append("</table>")
    parts.append("</main></body></html>")
    return "".join(parts)
