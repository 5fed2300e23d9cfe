"""The terminal view: a summary and one row per flow, coloured by status."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from xborder.engine import Assessment

STATUS_STYLE = {"compliant": "green", "action_required": "yellow", "prohibited": "bold red"}
VERDICT_STYLE = {"not_applicable": "dim", "permitted": "green", "conditional": "yellow", "prohibited": "bold red"}


def build_table(assessment: Assessment) -> Group:
    summary = assessment.summary()
    head = Text.assemble(
        (f"{assessment.name or 'data map'}", "bold"),
        f"  ·  law as of {assessment.as_of}  ·  knowledge base {assessment.kb_version}\n",
        (f"{summary['compliant']} compliant", "green"), "  ",
        (f"{summary['action_required']} action required", "yellow"), "  ",
        (f"{summary['prohibited']} prohibited", "bold red"),
    )
    table = Table(box=box.SIMPLE_HEAVY, show_lines=False, expand=False)
    table.add_column("flow", style="bold", overflow="fold")
    table.add_column("route", no_wrap=True)
    table.add_column("status")
    table.add_column("regime: verdict")
    table.add_column("missing (any one of a|b)", overflow="fold")
    for flow in assessment.flows:
        hop = flow.hop
        route = f"{hop.sender.location_country} → {hop.recipient.location_country}"
        verdicts = Text()
        missing = Text()
        for r in flow.regimes:
            if verdicts:
                verdicts.append("\n")
            verdicts.append(f"{r.regime}: ", style="bold" if r.applies else "dim")
            verdicts.append(r.verdict.value, style=VERDICT_STYLE[r.verdict.value])
            if r.exemptions:
                verdicts.append(f" ({', '.join(r.exemptions)})", style="dim")
            if r.missing:
                if missing:
                    missing.append("\n")
                missing.append(f"{r.jurisdiction}: ", style="bold")
                missing.append(", ".join(r.missing))
        status = Text(flow.status.replace("_", " "), style=STATUS_STYLE[flow.status])
        table.add_row(flow.id, route, status, verdicts, missing)
    parts: list = [head, table]
    for flow in assessment.flows:
        for c in flow.conflicts:
            parts.append(Text(f"conflict on {flow.id}: {c.description}", style="magenta"))
    for req in assessment.requests:
        line = Text(f"request {req['id']}: ", style="bold")
        line.append("conflict" if req.get("conflict") else "no conflict", style="magenta" if req.get("conflict") else "green")
        chans = ", ".join(c["id"] for c in req.get("channels", []))
        line.append(f"; channels: {chans or 'none'}")
        parts.append(line)
    return Group(*parts)


def print_table(assessment: Assessment, console: Console) -> None:
    console.print(build_table(assessment))
