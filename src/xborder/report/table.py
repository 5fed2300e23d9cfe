"""The terminal view: a summary, then the flows, coloured by whether each regime is satisfied.

Two layouts, chosen by the width (`COLUMNS`, else the terminal, else 120 for a pipe or file):
- from WIDE columns on, a table with one row per flow;
- below it, one block per flow and one line per regime, so nothing has to be squeezed.
Ids are never split inside a word: lines break at spaces and between alternatives (`a|b`),
and an id longer than the line itself breaks after a `.` or `-` of its own.
"""

from __future__ import annotations

import re
from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from xborder.engine import Assessment, FlowAssessment
from xborder.rules.base import RegimeResult

WIDE = 120  # below this, the table's columns would have to cut ids; use blocks instead
STATUS_STYLE = {"compliant": "green", "action_required": "yellow", "prohibited": "bold red"}
VERDICT_STYLE = {"not_applicable": "dim", "permitted": "green", "conditional": "yellow", "prohibited": "bold red"}
# a regime's chip says whether the flow is lawful under it, not how demanding the regime is
OUTCOME_STYLE = {"not applicable": "dim", "satisfied": "green", "not satisfied": "yellow", "prohibited": "bold red"}
OUTCOME_MARK = {"not applicable": "·", "satisfied": "✓", "not satisfied": "✗", "prohibited": "✗"}

_SOFT = re.compile(r"(?<=[ |])")  # where a line may break: after a space, between alternatives
_HARD = re.compile(r"(?<=[.\-])")  # inside an id too long for any line: after a dot or a hyphen


def outcome(r: RegimeResult) -> str:
    if r.verdict.value == "prohibited":
        return "prohibited"
    if not r.applies:
        return "not applicable"
    return "satisfied" if r.satisfied else "not satisfied"


def regime_chip(r: RegimeResult) -> Text:
    """`CN-PIPL ✓ conditional`: the mark and the colour say whether the regime is satisfied."""
    o = outcome(r)
    return Text.assemble((f"{r.regime} {OUTCOME_MARK[o]} ", OUTCOME_STYLE[o]),
                         (r.verdict.value.replace("_", " "), OUTCOME_STYLE[o]))


def met_by(flow: FlowAssessment, r: RegimeResult) -> list[str]:
    """The declared safeguards that count towards the regime, then the exemptions it took."""
    needed = set(r.one_of) | set(r.obligations)
    return [s for s in flow.hop.in_place if s in needed] + list(r.exemptions)


def regime_detail(flow: FlowAssessment, r: RegimeResult) -> Text:
    """What a regime still needs, or what met it."""
    out = Text()
    if r.missing:
        out.append("missing ", style="bold")
        out.append(", ".join(r.missing))
    met = met_by(flow, r) if r.applies else []
    if met:
        if out:
            out.append("; ")
        out.append("met by ", style="dim")
        out.append(", ".join(met))
    return out


def _breaks(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    return [m.start() for m in pattern.finditer(text, start, end) if start < m.start() < end]


def wrap(line: Text, width: int, indent: int) -> list[Text]:
    """Break `line` into lines of at most `width` cells, continuation lines indented."""
    if "\n" in line.plain:
        return [w for part in line.split("\n") for w in wrap(part, width, indent)]
    plain = line.plain
    cuts: list[int] = []
    start, room = 0, width
    while len(plain) - start > room:
        limit = start + room
        soft = _breaks(plain, start, limit + 1, _SOFT)
        cut = soft[-1] if soft else None
        if cut is None:  # one word longer than the line: break it after its own . or -
            hard = _breaks(plain, start, limit + 1, _HARD)
            cut = hard[-1] if hard else limit
        cuts.append(cut)
        start, room = cut, width - indent
    pieces = line.divide(cuts) if cuts else [line]
    out = []
    for i, piece in enumerate(pieces):
        piece.rstrip()
        if i:
            piece = piece[len(piece.plain) - len(piece.plain.lstrip(" ")):]
        out.append(Text(" " * indent) + piece if i else piece)
    return out


def _head(assessment: Assessment, shown_of: int | None) -> Text:
    s = assessment.summary()
    head = Text.assemble(
        (f"{assessment.name or 'data map'}", "bold"),
        f"  ·  law as of {assessment.as_of}  ·  knowledge base {assessment.kb_version}\n",
        (f"{s['compliant']} compliant", "green"), "  ",
        (f"{s['action_required']} action required", "yellow"), "  ",
        (f"{s['prohibited']} prohibited", "bold red"),
    )
    if shown_of is not None:
        head.append(f"  (the {len(assessment.flows)} selected of {shown_of} flows)", style="dim")
    return head


def _route(flow: FlowAssessment) -> str:
    hop = flow.hop
    return f"{hop.sender.id} ({hop.sender.location_country}) → {hop.recipient.id} ({hop.recipient.location_country})"


def _blocks(assessment: Assessment, width: int) -> list[Text]:
    """One block per flow: a head line, then one line per regime, a blank line between flows."""
    lines: list[Text] = []
    regime_w = max((len(r.regime) for f in assessment.flows for r in f.regimes), default=8)
    for flow in assessment.flows:
        head = Text.assemble((flow.id, "bold"), "  ",
                             (flow.status.replace("_", " "), STATUS_STYLE[flow.status]), "  ", _route(flow))
        lines += wrap(head, width, 4)
        for r in flow.regimes:
            line = Text("  ") + regime_chip(r)
            line.pad_right(max(0, 2 + regime_w + 17 - len(line)))
            detail = regime_detail(flow, r)
            if detail:
                line += Text(" ") + detail
            lines += wrap(line, width, 6)
        lines.append(Text(""))
    return lines


CHIP_HEADER = "regime ✓ satisfied ✗ not"
DETAIL_HEADER = "missing (a|b: any one) · met by"
MIN_DETAIL = 36  # narrower than this, the last column would be all line breaks: use blocks


def build_table(assessment: Assessment, width: int = WIDE, shown_of: int | None = None) -> RenderableType:
    parts: list[RenderableType] = [*wrap(_head(assessment, shown_of), width, 2)]
    table = _fitted_table(assessment, width) if width >= WIDE and assessment.flows else None
    if table is not None:
        parts.append(table)
    else:
        parts.append(Text(""))
        parts += _blocks(assessment, width)
    for flow in assessment.flows:
        for c in flow.conflicts:
            parts += wrap(Text(f"conflict on {flow.id}: {c.description}", style="magenta"), width, 2)
    for req in assessment.requests:
        parts += _request_lines(req, width)
    return Group(*parts)


def _fitted_table(assessment: Assessment, width: int) -> Table | None:
    """The table with fixed columns as wide as their longest cell and the last column
    pre-wrapped (by `wrap`) to the room they leave; None if that room is too small."""
    fixed = [max([len(h)] + cells) for h, cells in (
        ("flow", [len(f.id) for f in assessment.flows]),
        ("route", [7]),
        ("status", [len(f.status) for f in assessment.flows]),
        (CHIP_HEADER, [len(regime_chip(r)) for f in assessment.flows for r in f.regimes]),
    )]
    room = width - sum(fixed) - 2 * 5 - 4 - 2  # cell padding, column separators, the table's edges
    if room < MIN_DETAIL:
        return None
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True, expand=False)
    for name, w in zip(("flow", "route", "status", CHIP_HEADER), fixed):
        table.add_column(name, no_wrap=True, width=w, style="bold" if name == "flow" else None)
    table.add_column(DETAIL_HEADER, no_wrap=True, width=room)
    for flow in assessment.flows:
        hop = flow.hop
        lines: list[Text] = []
        chip_lines: list[Text] = []
        for r in flow.regimes:
            detail = regime_detail(flow, r)
            wrapped = wrap(Text.assemble((f"{r.jurisdiction}: ", "bold"), detail), room, 2) if detail else [Text("")]
            lines += wrapped
            chip_lines += [regime_chip(r)] + [Text("")] * (len(wrapped) - 1)  # keep each chip beside its line
        route = f"{hop.sender.location_country} → {hop.recipient.location_country}"
        status = Text(flow.status.replace("_", " "), style=STATUS_STYLE[flow.status])
        table.add_row(flow.id, route, status, Text("\n").join(chip_lines), Text("\n").join(lines))
    return table


def _request_lines(req: dict, width: int) -> list[Text]:  # type: ignore[type-arg]
    """A request: who compels, what blocks, the channels (the recommended one first)."""
    conflict = bool(req.get("conflict"))
    line = Text.assemble(("request ", "bold"), (req["id"], "bold"), ": ",
                         ("conflict" if conflict else "no conflict", "magenta" if conflict else "green"))
    comp = ", ".join(f"{x.get('regime', '')} ({x.get('citation', '')})" for x in req.get("compelled_by", []))
    blk = ", ".join(f"{x.get('regime', '')} ({x.get('citation', '')})" for x in req.get("blocked_by", []))
    if comp:
        line.append(f"; compelled by {comp}")
    if blk:
        line.append(f"; blocked by {blk}")
    chans = [c["id"] for c in req.get("channels", [])]
    rec = req.get("recommended_channel")
    if isinstance(rec, dict):
        rec = rec.get("id")
    if rec:
        line.append(f"; recommended {rec}")
    line.append(f"; channels {', '.join(chans) or 'none'}")
    return wrap(line, width, 2)


def print_table(assessment: Assessment, console: Console, shown_of: int | None = None) -> None:
    console.print(build_table(assessment, console.width, shown_of), soft_wrap=False)
