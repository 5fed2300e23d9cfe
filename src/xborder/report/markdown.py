"""A Markdown report: summary, then each flow with its verdicts, requirements and reasons."""

from __future__ import annotations

from xborder.engine import Assessment


def _esc(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(assessment: Assessment) -> str:
    s = assessment.summary()
    lines = [
        f"# Transfer assessment: {assessment.name or 'data map'}",
        "",
        f"Law applied as of **{assessment.as_of}**; knowledge base `{assessment.kb_version}` "
        f"(sources checked {assessment.sources_checked}).",
        "",
        f"**{s['compliant']}** compliant · **{s['action_required']}** action required · **{s['prohibited']}** prohibited",
        "",
        "| flow | route | status | missing |",
        "|---|---|---|---|",
    ]
    for f in assessment.flows:
        missing = "; ".join(f"{r.jurisdiction}: {', '.join(r.missing)}" for r in f.regimes if r.missing)
        route = f"{f.hop.sender.id} ({f.hop.sender.location_country}) → {f.hop.recipient.id} ({f.hop.recipient.location_country})"
        lines.append(f"| `{f.id}` | {_esc(route)} | {f.status} | {_esc(missing) or '—'} |")
    for f in assessment.flows:
        lines += ["", f"## `{f.id}`: {f.status}", ""]
        for r in f.regimes:
            lines.append(f"### {r.regime}: {r.verdict.value}")
            lines.append("")
            if r.one_of:
                lines.append(f"- **Any one of:** {', '.join(f'`{m}`' for m in r.one_of)}")
            if r.obligations:
                lines.append(f"- **Obligations:** {', '.join(f'`{m}`' for m in r.obligations)}")
            if r.exemptions:
                lines.append(f"- **Exemptions taken:** {', '.join(f'`{m}`' for m in r.exemptions)}")
            met = [sg for sg in f.hop.in_place if sg in set(r.one_of) | set(r.obligations)]
            if r.applies and met:
                lines.append(f"- **Met by (declared):** {', '.join(f'`{m}`' for m in met)}")
            if r.applies:
                lines.append(f"- **Satisfied:** {'yes' if r.satisfied else 'no — missing ' + ', '.join(f'`{m}`' for m in r.missing)}")
            lines.append("- **Reasoning:**")
            lines += [f"  {i}. {_esc(step.render(f.names))}" for i, step in enumerate(r.steps, 1)]
            if r.citations:
                lines.append("- **Sources:** " + "; ".join(f"[{c.label}]({c.url})" for c in r.citations))
            lines.append("")
        for c in f.conflicts:
            lines.append(f"> **Conflict** ({c.kind}): {c.description}")
    if assessment.requests:
        lines += ["", "## Requests", ""]
        for req in assessment.requests:
            chans = ", ".join(f"`{c['id']}`" for c in req.get("channels", []))
            comp = ", ".join(f"{x.get('regime', '')} ({x.get('citation', '')})" for x in req.get("compelled_by", []))
            blk = ", ".join(f"{x.get('regime', '')} ({x.get('citation', '')})" for x in req.get("blocked_by", []))
            lines.append(f"- `{req['id']}`: {'**conflict**' if req.get('conflict') else 'no conflict'}"
                         + (f"; compelled by {comp}" if comp else "") + (f"; blocked by {blk}" if blk else "")
                         + (f"; recommended `{req['recommended_channel']}`" if req.get("recommended_channel") else "")
                         + f"; channels {chans or '—'}")
    return "\n".join(lines) + "\n"
