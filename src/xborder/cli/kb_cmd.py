"""`xborder kb`: list, show and compare the knowledge base's dated legal facts."""

from __future__ import annotations

import datetime as dt
import sys

import click
import orjson
from rich import box
from rich.console import Console
from rich.table import Table

from xborder.kb import Citation, Fact, default_knowledge_base


@click.group()
def kb() -> None:
    """The knowledge base: every list, threshold and date the rules use, with its source."""


@kb.command("list")
@click.option("--jurisdiction", "-j", help="Only facts whose id starts with this (eu, cn, us, ...).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def list_facts(jurisdiction: str | None, fmt: str) -> None:
    """List the facts: id, title, source and the date last checked."""
    base = default_knowledge_base()
    facts = [f for f in base.facts.values() if not jurisdiction or f.id.startswith(jurisdiction.lower() + ".")]
    if fmt == "json":
        sys.stdout.buffer.write(orjson.dumps([
            {"id": f.id, "title": f.title, "kind": f.kind, "law": f.source.law, "article": f.source.article,
             "url": f.source.url, "checked": f.checked.isoformat(), "verified": f.verified} for f in facts],
            option=orjson.OPT_INDENT_2) + b"\n")
        return
    table = Table(box=box.SIMPLE, title=f"knowledge base {base.version} · {len(facts)} facts")
    for col in ("id", "title", "source", "checked"):
        table.add_column(col)
    for f in facts:
        flag = "" if f.verified and all(m.verified for m in f.members) else " [yellow](partly unverified)[/]"
        table.add_row(f.id, f.title + flag, _source_label(f), str(f.checked))
    Console().print(table)


@kb.command("show")
@click.argument("fact_id")
@click.option("--as-of", "as_of", help="Only what is in force on this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def show(fact_id: str, as_of: str | None, fmt: str) -> None:
    """Show one fact: every member or value with its dates and source."""
    base = default_knowledge_base()
    err = Console(stderr=True, highlight=False)
    if fact_id not in base.facts:
        err.print(f"[red]no fact {fact_id!r}[/]" + (f"; did you mean {', '.join(close)}?"
                                                   if (close := _close_facts(fact_id, list(base.facts))) else ""))
        sys.exit(2)
    fact = base.fact(fact_id)
    on = _as_of(as_of, base, err)
    if fmt == "json":
        data = fact.model_dump(mode="json", by_alias=True)
        if on:
            data["members"] = [m.model_dump(mode="json", by_alias=True) for m in fact.members_on(on)]
            period = fact.period(on) if fact.kind == "value" else None
            data["values"] = [period.model_dump(mode="json", by_alias=True)] if period else []
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        return
    con = Console()
    con.print(f"[bold]{fact.id}[/]: {fact.title}")
    con.print(f"source: {_source_label(fact)} — {fact.source.url}")
    con.print(f"checked {fact.checked}" + ("" if fact.verified else " [yellow](unverified)[/]"))
    if fact.description:
        con.print(fact.description.strip(), style="dim")
    table = Table(box=box.SIMPLE)
    if fact.kind == "list":
        for col in ("key", "from", "until", "act / scope", "verified"):
            table.add_column(col)
        for m in (fact.members_on(on) if on else fact.members):
            detail = " · ".join(x for x in (m.act, m.scope, m.ended_by and f"ended by {m.ended_by}") if x)
            table.add_row(m.key, str(m.from_), str(m.until or ""), detail, "yes" if m.verified else "[yellow]no[/]")
    else:
        for col in ("from", "value", "article / act", "verified"):
            table.add_column(col)
        periods = [fact.period(on)] if on and fact.period(on) else ([] if on else list(fact.values))
        for p in periods:
            table.add_row(str(p.from_), str(p.value), " · ".join(x for x in (p.article, p.act) if x),
                          "yes" if p.verified else "[yellow]no[/]")
    con.print(table)


@kb.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
def coverage_cmd(fmt: str) -> None:
    """Per jurisdiction: regimes, facts, share verified, oldest check date, dates covered."""
    from xborder.kb import coverage as cov
    from xborder.rules import REGIMES

    rows = cov.coverage(default_knowledge_base(), ((r.id, r.jurisdiction) for r in REGIMES))
    if fmt == "json":
        sys.stdout.buffer.write(orjson.dumps({"totals": cov.totals(rows), "jurisdictions": [r.as_dict() for r in rows]},
                                             option=orjson.OPT_INDENT_2) + b"\n")
        return
    if fmt == "markdown":
        sys.stdout.write(cov.as_markdown(rows))
        return
    t = cov.totals(rows)
    table = Table(box=box.SIMPLE, title=f"{t['jurisdictions']} jurisdictions ({t['with_regimes']} with regimes, "
                  f"{t['regimes']} regimes) · {t['facts']} facts · {t['share_verified']:.0%} verified · "
                  f"{t['share_items_verified']:.0%} of {t['items']} dated members and values verified")
    for col in cov.COLUMNS:
        table.add_column(col, overflow="fold")
    for cells in cov.table_rows(rows):
        table.add_row(*cells)
    Console().print(table)


COMMANDS = (kb,)


def _close_facts(wanted: str, ids: list[str]) -> list[str]:
    """Suggestions for a mistyped fact id: close spellings, then ids that are a prefix of it
    (`cn.thresholds.security-assessment` -> `cn.thresholds`) or share its jurisdiction and a word."""
    import difflib

    close = difflib.get_close_matches(wanted, ids, n=3)
    prefixes = [i for i in ids if wanted.startswith(i + ".") or wanted.startswith(i + "_")]
    head, _, rest = wanted.partition(".")
    stems = {w[:6] for w in rest.replace("_", ".").replace("-", ".").split(".") if len(w) > 3}
    related = [i for i in ids if i.startswith(head + ".")
               and stems & {w[:6] for w in i.replace("_", ".").replace("-", ".").split(".")[1:]}]
    return list(dict.fromkeys(prefixes + related + close))[:5]


def _as_of(value: str | None, base: object, err: Console) -> dt.date | None:
    """``--as-of``: a real date the knowledge base covers, refused exactly as `assess` refuses it."""
    if value is None:
        return None
    try:
        on = dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/] --as-of {value!r} is not a date (YYYY-MM-DD)")
        sys.exit(2)
    earliest = getattr(base, "EARLIEST")
    if on < earliest:
        err.print(f"[bold red]cannot answer:[/] the knowledge base covers the law from {earliest} on, not {on}")
        sys.exit(3)  # as `assess` (exit 3: the knowledge base cannot answer)
    return on


def _source_label(fact: Fact) -> str:
    """The fact's source as citations print it ("GDPR Art 45", "28 CFR 202 § 202.205")."""
    return Citation.of(fact.source.law, fact.source.article, fact.source.url).label
