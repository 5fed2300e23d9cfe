"""Views of an `AssessmentDiff`: terminal text (Rich), Markdown for pull requests, JSON."""

from __future__ import annotations

from typing import Any

import orjson
from rich.console import Group
from rich.text import Text

from xborder.report.diff import AssessmentDiff, RegimeChange

DIFF_FORMATS = ("table", "json", "markdown")
DIRECTION_STYLE = {"worse": "bold red", "better": "green", "same": "yellow"}


def _side(a: Any) -> str:
    return f"{a.name or 'data map'}, law as of {a.as_of}, knowledge base {a.kb_version}"


def describe(change: RegimeChange) -> list[str]:
    """One short clause per thing that changed in a regime's result, in reading order."""
    a, b = change.before, change.after
    if a is None or not a["applies"]:
        if b is None or not b["applies"]:
            return ["not applicable on both sides"] if (a, b) != (None, None) else []
        state = "satisfied" if b["satisfied"] else "missing " + ", ".join(b["missing"])
        return [f"now applies: {b['verdict']}, {state}"]
    if b is None or not b["applies"]:
        return [f"no longer applies (was {a['verdict']})"]
    out = []
    if a["verdict"] != b["verdict"]:
        out.append(f"verdict {a['verdict']} → {b['verdict']}")
    if a["satisfied"] != b["satisfied"]:
        out.append("now satisfied" if b["satisfied"] else "no longer satisfied")
    for key, label in (("one_of", "any one of"), ("obligations", "obligations")):
        if a[key] != b[key]:
            out.append(f"{label}: {', '.join(a[key]) or '—'} → {', '.join(b[key]) or '—'}")
    gone = [m for m in a["missing"] if m not in b["missing"]]
    new = [m for m in b["missing"] if m not in a["missing"]]
    if new:
        out.append("newly missing " + ", ".join(new))
    if gone:
        out.append("no longer missing " + ", ".join(gone))
    return out


def counts_line(d: AssessmentDiff) -> str:
    dirs = [c.direction for c in d.changed]
    return (f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed "
            f"({dirs.count('worse')} worse, {dirs.count('better')} better), {d.unchanged} unchanged")


def diff_text(d: AssessmentDiff, width: int = 120) -> Group:
    from xborder.report.table import wrap

    parts: list[Text] = [*wrap(Text.assemble(("before: ", "bold"), _side(d.before)), width, 8),
                         *wrap(Text.assemble(("after:  ", "bold"), _side(d.after)), width, 8),
                         Text(counts_line(d)), Text("")]
    if d.empty:
        parts.append(Text("no flow changed", style="green"))
    for c in d.changed:
        line = Text.assemble((c.id, "bold"), f"  {c.route}  {c.before} → ",
                             (c.after, DIRECTION_STYLE[c.direction]),
                             f"  ({c.direction})" if c.direction != "same" else "  (status unchanged)")
        parts += wrap(line, width, 4)
        for r in c.regimes:
            for clause in describe(r):
                parts += wrap(Text.assemble("    ", (r.regime, "bold"), f": {clause}"), width, 6)
    for label, flows in (("added", d.added), ("removed", d.removed)):
        for f in flows:
            parts += wrap(Text.assemble((f"{label} ", "dim"), (f.id, "bold"), f"  {f.hop.sender.id} → "
                                        f"{f.hop.recipient.id}  {f.status}"), width, 4)
    return Group(*parts)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def diff_markdown(d: AssessmentDiff) -> str:
    lines = ["## xborder: what changed", "",
             f"- **before:** {_md(_side(d.before))}", f"- **after:** {_md(_side(d.after))}", "",
             f"**{counts_line(d)}**", ""]
    if d.empty:
        lines.append("No flow changed.")
        return "\n".join(lines) + "\n"
    if d.changed:
        lines += ["| flow | route | status | what changed |", "|---|---|---|---|"]
        for c in d.changed:
            what = "<br>".join(f"{r.regime}: {_md(clause)}" for r in c.regimes for clause in describe(r)) or "—"
            status = f"{c.before} → **{c.after}**" if c.direction != "same" else c.after
            lines.append(f"| `{c.id}` | {_md(c.route)} | {status} | {what} |")
        lines.append("")
    for label, flows in (("Added", d.added), ("Removed", d.removed)):
        if flows:
            lines += [f"**{label}:** " + ", ".join(f"`{f.id}` ({f.status})" for f in flows), ""]
    return "\n".join(lines) + "\n"


def diff_json(d: AssessmentDiff) -> bytes:
    return orjson.dumps(d.as_dict(), option=orjson.OPT_INDENT_2) + b"\n"
