"""Evidence requests and custody records, in Markdown and HTML (with the time line as SVG).

One request plan (the planner's dict) renders as: who compels, what bars, the conflict
explained article by article, the channels and which bars each lifts, the recommended route
with its time line, and the trace. A custody report adds who held each item when and whether
anything changed. The counsel's report is both together.
"""

from __future__ import annotations

import html
from typing import Any

_ESC = html.escape


def _duration(step: dict[str, Any]) -> str:
    if step.get("hours") is not None:
        return f"{step['hours']} hours"
    if step.get("days") is not None:
        return f"{step['days']} days"
    return "unknown"


def _total(tl: dict[str, Any]) -> str:
    total = tl["total"]
    if total["known"]:
        return f"{total['days']} days (from the legal time limits cited)"
    if total["at_least_days"]:
        return f"unknown (at least {total['at_least_days']} days)"
    return "unknown: no cited source gives a duration"


def plan_markdown(plan: dict[str, Any]) -> str:
    out = [f"## Request `{plan['id']}`", "",
           f"{plan['authority']['country']} {plan['authority']['kind']} asks {plan['holder']['entity']} "
           f"({plan['holder']['country']}) for {plan['data_type']} data stored in {plan['location']['country']}, "
           f"as of {plan.get('as_of', '')}.", ""]
    out += ["### Who compels", ""]
    out += [f"- **{f['regime']}** ({f['citation']}): {f['why']}" for f in plan["compelled_by"]] or ["- nothing encoded"]
    out += ["", "### What bars a direct answer", ""]
    out += [f"- **{f['regime']}** ({f['citation']}): {f['why']}" + (f" — obligation `{f['obligation']}`"
                                                                      if f.get("obligation") else "")
            for f in plan["blocked_by"]] or ["- nothing encoded"]
    out += ["", f"**Conflict:** {'yes: the holder cannot obey both by answering directly' if plan['conflict'] else 'no'}",
            "", "### Channels", "", "| channel | citation | lifts | still blocked by | duration |", "|---|---|---|---|---|"]
    for c in plan["channels"]:
        days = c["duration"]["days"]
        out.append(f"| {c['id']}{' (preservation)' if c['purpose'] == 'preservation' else ''} | {c['citation']} | "
                   f"{', '.join(c['lifts']) or '—'} | {', '.join(c['still_blocked_by']) or '—'} | "
                   f"{f'{days} days' if days is not None else 'unknown'} |")
    tl = plan["timeline"]
    out += ["", f"### Recommended route: `{plan['recommended_channel'] or 'none'}`", "",
            "| step | duration | source | what the figure is |", "|---|---|---|---|"]
    out += [f"| {s['step']} | {_duration(s)} | {s['source'] or '—'} | {s['uncertainty']} |" for s in tl["steps"]]
    out += ["", f"Total: {_total(tl)}.", "", "### Reasoning", ""]
    out += [f"{i}. {step}" for i, step in enumerate(plan["trace"], 1)]
    return "\n".join(out) + "\n"


def custody_markdown(report: dict[str, Any]) -> str:
    status = "verified" if report["ok"] else "PROBLEMS FOUND"
    out = [f"## Custody record of case `{report['case']}`: {status}", "",
           f"Ledger of {report['log_size']} entries; latest checkpoint covers {report['checkpoint_size']}; log key: "
           f"{report['log_key']}; witnesses: {', '.join(report['witnesses']) or 'none checked'}.", ""]
    if report["problems"]:
        out += ["### Problems", ""] + [f"- {p}" for p in report["problems"]] + [""]
    out += ["### Items", "", "| item | SHA-256 | bytes | collected | holders | changed | re-hashed |",
            "|---|---|---|---|---|---|---|"]
    for item, s in report["items"].items():
        out.append(f"| {item} | `{s['sha256']}` | {s['size']} | {s['collected']} | {' → '.join(s['holders'])} | "
                   f"{'yes' if s['changed'] else 'no'} | {_rehashed(s.get('rehashed'))} |")
    out += ["", "### Events", "", "| # | time | item | event | by | to | in witnessed log |", "|---|---|---|---|---|---|---|"]
    for e in report["events"]:
        out.append(f"| {e['index']} | {e['time']} | {e['item']} | {e['event']} | {e['by']} | {e.get('to') or '—'} | "
                   f"{_included(e['included'])} |")
    return "\n".join(out) + "\n"


def _rehashed(value: bool | None) -> str:
    return {True: "matches", False: "DIFFERS", None: "not given"}[value]


def _included(value: bool | None) -> str:
    return {True: "yes (proof checked)", False: "NO", None: "no checkpoint"}[value]


def counsel_markdown(plan: dict[str, Any], custody: dict[str, Any] | None) -> str:
    out = ["# Counsel's report", "", plan_markdown(plan)]
    if custody is not None:
        out.append(custody_markdown(custody))
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------------------
_CSS = """body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1d2330}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccd;padding:.25em .5em;text-align:left;
vertical-align:top}th{background:#eef}code{font-size:12px}.bad{color:#a00;font-weight:600}.ok{color:#070}"""


def timeline_svg(tl: dict[str, Any]) -> str:
    """The steps as bars: a known duration to scale, an unknown one as an open-ended hatched bar."""
    steps = tl["steps"]
    known = [s["days"] or (s["hours"] or 0) / 24 for s in steps if s["days"] is not None or s["hours"] is not None]
    scale = 480 / max([*known, 30.0])
    row, left, width = 30, 330, 820
    height = row * len(steps) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="time line of {_ESC(tl["channel"] or "no channel")}">',
             '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="4" height="8" fill="#c9cfe0"/></pattern></defs>']
    x = 0.0
    for i, s in enumerate(steps):
        y = 20 + i * row
        days = s["days"] if s["days"] is not None else (s["hours"] / 24 if s["hours"] is not None else None)
        parallel = s["step"].startswith("preserve")
        start = 0.0 if parallel else x
        label = _ESC(s["step"] if len(s["step"]) <= 52 else s["step"][:50] + "…")
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{label}</text>')
        if days is None:
            parts.append(f'<rect x="{left + start * scale:.1f}" y="{y}" width="120" height="20" fill="url(#hatch)" '
                         f'stroke="#889"><title>{_ESC(s["step"])}: unknown</title></rect>')
            parts.append(f'<text x="{left + start * scale + 126:.1f}" y="{y + 15}" font-size="11">unknown</text>')
        else:
            w = max(days * scale, 2)
            parts.append(f'<rect x="{left + start * scale:.1f}" y="{y}" width="{w:.1f}" height="20" '
                         f'fill="{"#9bd3ae" if parallel else "#6c8fd6"}"><title>{_ESC(s["step"])}: {_duration(s)} '
                         f'({_ESC(s["source"] or "")})</title></rect>')
            parts.append(f'<text x="{left + start * scale + w + 6:.1f}" y="{y + 15}" font-size="11">'
                         f'{_duration(s)}</text>')
            if not parallel:
                x += days
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_ESC(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p>nothing encoded</p>"
    return _table(["regime", "citation", "why"], [[_ESC(f["regime"]), _ESC(f["citation"]), _ESC(f["why"])]
                                                  for f in items])


def plan_html_section(plan: dict[str, Any]) -> str:
    channels = _table(["channel", "citation", "lifts", "still blocked by", "duration"], [
        [_ESC(c["id"]), _ESC(c["citation"]), _ESC(", ".join(c["lifts"]) or "—"),
         _ESC(", ".join(c["still_blocked_by"]) or "—"),
         f"{c['duration']['days']} days" if c["duration"]["days"] is not None else "unknown"] for c in plan["channels"]])
    tl = plan["timeline"]
    steps = _table(["step", "duration", "source", "what the figure is"], [
        [_ESC(s["step"]), _duration(s), _ESC(s["source"] or "—"), _ESC(s["uncertainty"])] for s in tl["steps"]])
    trace = "".join(f"<li>{_ESC(t)}</li>" for t in plan["trace"])
    conflict = ('<p class="bad">Conflict: the holder cannot obey both by answering directly.</p>' if plan["conflict"]
                else '<p class="ok">No conflict.</p>')
    return (f"<section><h2>Request <code>{_ESC(plan['id'])}</code></h2>"
            f"<p>{_ESC(plan['authority']['country'])} {_ESC(plan['authority']['kind'])} asks "
            f"{_ESC(plan['holder']['entity'])} ({_ESC(plan['holder']['country'])}) for {_ESC(plan['data_type'])} data "
            f"stored in {_ESC(plan['location']['country'])}, as of {_ESC(plan.get('as_of', ''))}.</p>"
            f"<h3>Who compels</h3>{_findings(plan['compelled_by'])}<h3>What bars a direct answer</h3>"
            f"{_findings(plan['blocked_by'])}{conflict}<h3>Channels</h3>{channels}"
            f"<h3>Recommended route: <code>{_ESC(plan['recommended_channel'] or 'none')}</code></h3>"
            f"{timeline_svg(tl)}{steps}<p>Total: {_ESC(_total(tl))}.</p>"
            f"<details><summary>Reasoning</summary><ol>{trace}</ol></details></section>")


def custody_html_section(report: dict[str, Any]) -> str:
    cls, status = ("ok", "verified") if report["ok"] else ("bad", "problems found")
    problems = ("<ul>" + "".join(f'<li class="bad">{_ESC(p)}</li>' for p in report["problems"]) + "</ul>"
                if report["problems"] else "")
    items = _table(["item", "SHA-256", "bytes", "collected", "holders", "changed", "re-hashed"], [
        [_ESC(i), f"<code>{s['sha256']}</code>", str(s["size"]), _ESC(s["collected"]), _ESC(" → ".join(s["holders"])),
         "yes" if s["changed"] else "no", _rehashed(s.get("rehashed"))] for i, s in report["items"].items()])
    events = _table(["#", "time", "item", "event", "by", "to", "in witnessed log"], [
        [str(e["index"]), _ESC(e["time"]), _ESC(e["item"]), _ESC(e["event"]), _ESC(e["by"]), _ESC(e.get("to") or "—"),
         _included(e["included"])] for e in report["events"]])
    return (f"<section><h2>Custody record of case <code>{_ESC(report['case'])}</code>: "
            f'<span class="{cls}">{status}</span></h2><p>Ledger of {report["log_size"]} entries; latest checkpoint '
            f"covers {report['checkpoint_size']}; log key: {_ESC(report['log_key'])}; witnesses: "
            f"{_ESC(', '.join(report['witnesses']) or 'none checked')}.</p>{problems}<h3>Items</h3>{items}"
            f"<h3>Events</h3>{events}</section>")


def page(title: str, sections: list[str]) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_ESC(title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{_ESC(title)}</h1>{''.join(sections)}</body></html>\n")
