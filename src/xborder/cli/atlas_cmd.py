"""`xborder agreements`, `xborder compare`, `xborder network`: the atlas, a thin shell over
`xborder.atlas` (which reads the knowledge base and holds no facts).

Exit codes: 0 done; 2 bad arguments (unknown country or bloc, bad date, bad aspect);
3 the knowledge base cannot answer (a date before it starts).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import orjson
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.tree import Tree

from xborder.atlas import agreements as atlas_agreements
from xborder.atlas.agreements import (
    BLOC_FACTS,
    PROVISION_TITLES,
    PairReport,
    coverage,
    must_fit,
    pair_report,
)
from xborder.atlas.compare import ASPECTS, FOLDERS
from xborder.cli.assess_cmd import _date  # the one --as-of parser of the CLI
from xborder.datamap.countries import country_problem
from xborder.kb import KnowledgeBaseError, default_knowledge_base
from xborder.kb.agreements import default_agreements

EXIT_BAD_ARGS, EXIT_KB = 2, 3


def party_argument(value: str) -> str:
    """A country code or a bloc name; a clear error otherwise."""
    name = value.strip().upper()
    if name in BLOC_FACTS:
        return name
    problem = country_problem(name)
    if problem:
        message, suggestion = problem
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        raise click.BadParameter(f"{message}{hint}; blocs: {', '.join(BLOC_FACTS)}")
    return name


def _write(text: str | bytes, output: Path | None) -> None:
    data = text.encode() if isinstance(text, str) else text
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    tmp = output.with_name(output.name + ".partial")
    tmp.write_bytes(data)
    tmp.replace(output)  # atomic: never a half-written file


def _show(renderable, output: Path | None) -> None:  # type: ignore[no-untyped-def]
    """A terminal view on standard output, or as plain text in the file -o names."""
    if output is None:
        Console().print(renderable)
        return
    import io

    con = Console(file=io.StringIO(), width=120, color_system=None)
    con.print(renderable)
    _write(con.file.getvalue(), output)  # type: ignore[attr-defined]


def _kb_error(exc: KnowledgeBaseError) -> None:
    Console(stderr=True).print(f"[bold red]cannot answer:[/] {exc}")
    sys.exit(EXIT_KB)


@click.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--as-of", "as_of", callback=_date, help="The agreements in force on this date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "csv"]), default="table",
              show_default=True)
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Report the agreements held and the share of their provisions verified against the text.")
@click.option("--export", type=click.Choice(["provisions", "parties"]),
              help="Every agreement as a dataset (one row per provision or per party), for --format csv|json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def agreements(a: str | None, b: str | None, as_of: dt.date | None, fmt: str, show_coverage: bool,
               export: str | None, output: Path | None) -> None:
    """What binds A and B on data flows: trade agreements clause by clause.

    A and B are ISO country codes or a bloc (ASEAN, EU). Each provision lists every agreement
    binding both on the date, its article, commitment, exceptions and whether dispute
    settlement applies; the strongest commitment is marked.
    """
    try:
        catalogue = default_agreements()
        if show_coverage:
            _coverage(catalogue, fmt, output)
            return
        if export:
            _export(catalogue, export, fmt, output)
            return
        if not (a and b):
            raise click.UsageError("give two countries or blocs (e.g. `xborder agreements CN SG`), "
                                   "or --coverage, or --export")
        pa, pb = party_argument(a), party_argument(b)
        report = pair_report(default_knowledge_base(), catalogue, pa, pb, as_of or dt.date.today())
    except KnowledgeBaseError as exc:
        _kb_error(exc)
        return
    except click.BadParameter as exc:
        Console(stderr=True).print(f"[bold red]bad argument:[/] {exc.message}")
        sys.exit(EXIT_BAD_ARGS)
    if fmt == "json":
        _write(orjson.dumps(report.as_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    elif fmt == "markdown":
        _write(pair_markdown(report), output)
    elif fmt == "csv":
        from xborder.atlas.export import to_csv

        rows = [{"provision": r.provision, **c.as_dict(), "strongest": c in r.strongest}
                for r in report.rows for c in r.clauses]
        for row in rows:
            row["exceptions"] = "; ".join(f"{e['kind']} {e['article']}" for e in row["exceptions"])
        columns = ("provision", "agreement", "short", "article", "commitment", "exceptions", "dispute_settlement",
                   "strongest", "verified", "url", "read_at", "note")
        _write(to_csv([{k: row.get(k) for k in columns} for row in rows], columns), output)
    else:
        _show(pair_table(report), output)


def pair_table(report: PairReport) -> Tree:
    """The pair report as a tree: provision → agreement → exceptions, strongest marked."""
    names = ", ".join(g.short + (f" (not {', '.join(report.not_bound[g.id])})" if g.id in report.not_bound else "")
                      for g in report.binding) or "none in the knowledge base"
    root = Tree(f"[bold]{report.a} ↔ {report.b}[/] as of {report.on} · binding: {names}")
    for row in report.rows:
        node = root.add(f"[bold]{PROVISION_TITLES[row.provision]}[/]")
        if not row.clauses:
            node.add("[dim]no agreement[/]")
        for c in row.clauses:
            p = c.provision
            star = " [bold green]★ strongest[/]" if c in row.strongest and len(row.clauses) > 1 else ""
            flag = "[green]verified[/]" if p.verified else "[yellow]unverified[/]"
            art = f" Art {p.article}" if p.article else ""
            leaf = node.add(f"{c.agreement.short}{art}: {p.commitment.replace('_', ' ')}{star}  {flag}")
            if p.commitment in ("binding", "best_endeavour"):
                leaf.add(f"[dim]exceptions a restriction must fit:[/] {_escape(must_fit(p))}")
    if report.pending:
        root.add(f"[dim]{_escape(_pending_caption(report))}[/]")
    return root


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def _pending_caption(report: PairReport) -> str:
    if not report.pending:
        return ""
    return "not binding yet: " + "; ".join(f"{g.short} ({why})" for g, why in report.pending)


def pair_markdown(report: PairReport) -> str:
    lines = [f"# {report.a} ↔ {report.b} as of {report.on}", ""]
    lines.append("Binding: " + (", ".join(g.short for g in report.binding) or "none in the knowledge base"))
    if report.pending:
        lines.append("")
        lines.append(_pending_caption(report))
    lines += ["", "| provision | agreement | article | commitment | must fit | verified |", "|---|---|---|---|---|---|"]
    for row in report.rows:
        for c in row.clauses or ():
            star = " ★" if c in row.strongest and len(row.clauses) > 1 else ""
            url = c.provision.url or c.agreement.url
            lines.append(f"| {PROVISION_TITLES[row.provision]} | [{c.agreement.short}]({url}){star} | "
                         f"{c.provision.article or ''} | {c.provision.commitment} | {must_fit(c.provision)} | "
                         f"{'yes' if c.provision.verified else 'no'} |")
        if not row.clauses:
            lines.append(f"| {PROVISION_TITLES[row.provision]} | — | | | | |")
    return "\n".join(lines) + "\n"


def _coverage(catalogue, fmt: str, output: Path | None) -> None:  # type: ignore[no-untyped-def]
    report = coverage(catalogue)
    if fmt == "json":
        _write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n", output)
        return
    table = Table(box=box.SIMPLE, title=(
        f"{report['agreements']} agreements · {report['provisions_verified']}/{report['provisions']} provisions "
        f"verified against the text ({report['share_verified']:.0%}) · {report['parties_verified']}/"
        f"{report['parties']} party dates verified"), title_justify="left")
    for col in ("agreement", "status", "provisions verified", "parties verified", "unverified provisions"):
        table.add_column(col, overflow="fold")
    for r in report["rows"]:
        table.add_row(r["short"], r["status"].replace("_", " "), f"{r['provisions_verified']}/{r['provisions']}",
                      f"{r['parties_verified']}/{r['parties']}", ", ".join(r["unverified"]).replace("_", " "))
    _show(table, output)


def _export(catalogue, kind: str, fmt: str, output: Path | None) -> None:  # type: ignore[no-untyped-def]
    from xborder.atlas.export import (
        PARTY_COLUMNS,
        PROVISION_COLUMNS,
        party_rows,
        provision_rows,
        to_csv,
    )

    rows = provision_rows(catalogue) if kind == "provisions" else party_rows(catalogue)
    if fmt == "json":
        _write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n", output)
    else:
        _write(to_csv(rows, PROVISION_COLUMNS if kind == "provisions" else PARTY_COLUMNS), output)


def trade_lens_after(map_file: Path, as_of: dt.date | None, to_stdout: bool) -> None:
    """`assess --trade-lens`: the lens printed after the assessment (on standard error when the
    report itself is on standard output in a machine format, so that stays intact)."""
    from xborder.datamap import load_map
    from xborder.engine import assess_map

    assessment = assess_map(load_map(map_file), as_of=as_of)  # the map was already validated by assess
    findings = atlas_agreements.trade_lens(assessment, default_knowledge_base(), default_agreements())
    con = Console(stderr=not to_stdout)
    con.print(f"[bold]trade lens[/] (agreements in force on {assessment.as_of}):")
    if not findings:
        con.print("  no hop carries a localization or transfer restriction")
    for f in findings:
        con.print(f"  [bold]{f.flow}[/] {f.regime}: {f.restriction} restriction by {f.restricting} "
                  f"towards {f.partner} ({f.basis})")
        if not f.clauses:
            con.print(f"    no agreement in the knowledge base binds {f.restricting} and {f.partner} on this")
        for c in f.clauses:
            commitment = c.provision.commitment.replace("_", " ")
            con.print(f"    {c.agreement.short} Art {c.provision.article or '?'} ({commitment}): "
                      f"{c.advice}")


@click.command()
@click.argument("jurisdictions", nargs=-1, required=True)
@click.option("--aspects", help="Comma-separated aspects (default: all): " + ", ".join(ASPECTS))
@click.option("--as-of", "as_of", callback=_date, help="The law in force on this date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "html", "csv", "json"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def compare(jurisdictions: tuple[str, ...], aspects: str | None, as_of: dt.date | None, fmt: str,
            output: Path | None) -> None:
    """Regimes side by side (e.g. `xborder compare CN US EU`), every cell read from the knowledge
    base with its source and check date."""
    from xborder.atlas.compare import compare as build
    from xborder.atlas.compare import to_html, to_markdown, to_rows
    from xborder.atlas.export import to_csv

    err = Console(stderr=True)
    codes = [j.upper() for j in jurisdictions]
    unknown = [j for j in codes if j not in FOLDERS]
    chosen = [a.strip() for a in aspects.split(",")] if aspects else list(ASPECTS)
    bad = [a for a in chosen if a not in ASPECTS]
    if unknown or bad:
        if unknown:
            err.print(f"[bold red]no regime in the knowledge base for {', '.join(unknown)}[/]; "
                      f"known: {', '.join(sorted(set(FOLDERS) - {'UK'}))}")
        if bad:
            err.print(f"[bold red]unknown aspect(s) {', '.join(bad)}[/]; known: {', '.join(ASPECTS)}")
        sys.exit(EXIT_BAD_ARGS)
    try:
        table = build(default_knowledge_base(), default_agreements(), codes, chosen, as_of or dt.date.today())
    except KnowledgeBaseError as exc:
        _kb_error(exc)
        return
    if fmt == "markdown":
        _write(to_markdown(table), output)
    elif fmt == "html":
        _write(to_html(table), output)
    elif fmt == "csv":
        _write(to_csv(to_rows(table), ("aspect", "jurisdiction", "text", "facts", "sources", "urls", "as_of")), output)
    elif fmt == "json":
        _write(orjson.dumps(table.as_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    else:
        view = Table(box=box.SIMPLE, title=f"law as of {table.on} · from the knowledge base", title_justify="left",
                     show_lines=True)
        view.add_column("aspect", style="bold")
        for j in table.jurisdictions:
            view.add_column(j, overflow="fold")
        for a in table.aspects:
            view.add_row(a.replace("_", " "), *(_cell_markup(table.cells[a, j]) for j in table.jurisdictions))
        _show(view, output)


def _cell_markup(cell) -> str:  # type: ignore[no-untyped-def]
    cites = "\n".join(f"{s.label} · {s.checked}" + ("" if s.verified else " · unverified") for s in cell.sources)
    return _escape(cell.text) + (f"\n[dim]{_escape(cites)}[/]" if cites else "")


@click.command()
@click.option("--as-of", "as_of", callback=_date, help="The mechanisms in force on this date (default: today).")
@click.option("--center", help="Draw the relationship circles of this country (rings strongest → weakest).")
@click.option("--bloc", type=click.Choice(sorted(BLOC_FACTS)),
              help="Per member mechanisms and the fragmentation index.")
@click.option("--years", help="FIRST:LAST — one network picture per year (as of 31 December; the last capped at "
                              "--as-of or today), written to the folder -o names.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "graphml", "svg", "png"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (a folder with --years).")
def network(as_of: dt.date | None, center: str | None, bloc: str | None, years: str | None, fmt: str,
            output: Path | None) -> None:
    """The network of countries and mechanisms: agreements, adequacy and equivalence decisions
    both ways, APEC CBPR and the Global CBPR Forum, the Budapest Convention, MLATs and CLOUD Act
    agreements, as of a date."""
    from xborder.atlas import network as net
    from xborder.atlas import pictures

    err = Console(stderr=True)
    on = as_of or dt.date.today()
    kb, catalogue = default_knowledge_base(), default_agreements()
    try:
        if years:
            _network_years(kb, catalogue, years, on, output, err)
            return
        graph = net.build_network(kb, catalogue, on)
        if center:
            code = party_argument(center)
            if code not in graph:
                raise click.BadParameter(f"{code} has no tie in the knowledge base on {on}")
            placed = net.rings(graph, code)
            if fmt in ("svg", "png"):
                _picture(pictures.circles_svg(code, placed, on.isoformat()), fmt, output)
            elif fmt == "json":
                _write(orjson.dumps({"center": code, "as_of": on.isoformat(), "rings": [
                    {"ring": n, "rule": rule, "countries": [{"country": c, "ties": [t.__dict__ for t in found]}
                                                           for c, found in sorted(placed.items())
                                                           if net.ring_of(found) == n]}
                    for n, rule in net.RINGS]}, option=orjson.OPT_INDENT_2) + b"\n", output)
            else:
                _show(_rings_table(code, placed, on), output)
            return
        if bloc:
            frag = net.bloc_report(kb, catalogue, bloc, on)
            labels = {n: graph.nodes[n]["label"] if graph.nodes[n]["kind"] == "agreement" else n
                      for n in graph.nodes}
            if fmt in ("svg", "png"):
                _picture(pictures.bloc_map_svg(bloc, frag, labels, on.isoformat()), fmt, output)
            elif fmt == "json":
                data = frag.as_dict() | {"bloc": bloc, "as_of": on.isoformat(),
                                         "joined": {m: net.member_mechanisms(graph, m) for m in frag.members}}
                _write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n", output)
            else:
                _show(_bloc_table(bloc, frag, graph, labels, on), output)
            return
        if fmt == "graphml":
            import io

            import networkx as nx

            buf = io.BytesIO()
            nx.write_graphml(graph, buf)
            _write(buf.getvalue(), output)
        elif fmt == "json":
            _write(orjson.dumps(net.to_json_graph(graph), option=orjson.OPT_INDENT_2) + b"\n", output)
        elif fmt in ("svg", "png"):
            union = {m: "EU" for m in kb.members("blocs.eu", on)}  # the member states drawn as one node
            _picture(pictures.network_svg(graph, on.isoformat(), collapse=union), fmt, output)
        else:
            _show(_network_table(graph, on), output)
    except KnowledgeBaseError as exc:
        _kb_error(exc)
    except click.BadParameter as exc:
        err.print(f"[bold red]bad argument:[/] {exc.message}")
        sys.exit(EXIT_BAD_ARGS)
    except RuntimeError as exc:  # PNG without cairosvg
        err.print(f"[bold red]{exc}[/]")
        sys.exit(EXIT_BAD_ARGS)


def _picture(svg: str, fmt: str, output: Path | None) -> None:
    from xborder.atlas.pictures import to_png

    _write(to_png(svg) if fmt == "png" else svg, output)


def _network_years(kb, catalogue, years: str, last: dt.date, output: Path | None, err: Console) -> None:  # type: ignore[no-untyped-def]
    from xborder.atlas import network as net
    from xborder.atlas import pictures

    try:
        first_year, last_year = (int(y) for y in years.split(":"))
    except ValueError:
        raise click.BadParameter(f"--years {years!r}: give FIRST:LAST, e.g. 2019:2026") from None
    if output is None:
        raise click.BadParameter("--years writes one picture per year: give the folder with -o")
    days = [min(dt.date(y, 12, 31), last) for y in range(first_year, last_year + 1)]
    graphs = [net.build_network(kb, catalogue, d) for d in days]
    order = sorted({n for g in graphs for n, data in g.nodes(data=True) if data["kind"] == "country"})
    output.mkdir(parents=True, exist_ok=True)
    for d, g in zip(days, graphs):
        path = output / f"network-{d.year}.svg"
        _write(pictures.network_svg(g, d.isoformat(), order, {m: "EU" for m in kb.members("blocs.eu", d)}), path)
        err.print(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")


def _rings_table(center: str, placed, on: dt.date) -> Table:  # type: ignore[no-untyped-def]
    from xborder.atlas.network import RINGS, ring_of

    table = Table(box=box.SIMPLE, title=f"relationship circles of {center} as of {on}", title_justify="left")
    for col in ("ring", "rule", "countries (strongest tie)"):
        table.add_column(col, overflow="fold")
    for n, rule in RINGS:
        members = sorted(c for c, found in placed.items() if ring_of(found) == n)
        if n == 6:
            text = f"{len(members)} countries"
        else:
            text = ", ".join(f"{c} ({next(t.mechanism for t in placed[c] if t.ring == n)})" for c in members)
        table.add_row(str(n), rule, text or "—")
    return table


def _bloc_table(bloc: str, frag, graph, labels, on: dt.date) -> Group:  # type: ignore[no-untyped-def]
    from xborder.atlas.network import member_mechanisms

    table = Table(box=box.SIMPLE, title=f"{bloc} as of {on}: mechanisms joined per member", title_justify="left")
    for col in ("member", "transfer mechanisms (rule set)", "other mechanisms"):
        table.add_column(col, overflow="fold")
    for m in frag.members:
        other = [r["label"] if r["kind"] == "agreement" else r["mechanism"] for r in member_mechanisms(graph, m)
                 if r["mechanism"] not in frag.mechanisms[m]]
        table.add_row(m, ", ".join(labels.get(x, x) for x in frag.mechanisms[m]) or "[dim]none recorded[/]",
                      ", ".join(other))
    uncovered = ", ".join("-".join(p) for p in frag.uncovered[:12]) + (" ..." if len(frag.uncovered) > 12 else "")
    return Group(
        table,
        f"distinct rule sets: [bold]{len(frag.rule_sets)}[/] among {len(frag.members)} members "
        f"(fragmentation index {frag.index}: rule sets per member)",
        f"smallest set of instruments covering transfers between members: [bold]"
        f"{', '.join(labels.get(c, c) for c in frag.cover) or 'none'}[/]"
        + ("" if frag.exact else " (greedy: too many instruments for an exhaustive search)"),
        f"pairs no instrument covers: {len(frag.uncovered)} of {frag.pairs}"
        + (f" ({uncovered})" if frag.uncovered else ""),
    )


def _network_table(graph, on: dt.date) -> Table:  # type: ignore[no-untyped-def]
    table = Table(box=box.SIMPLE, title=f"mechanisms as of {on}", title_justify="left")
    for col in ("mechanism", "kind", "countries"):
        table.add_column(col, overflow="fold")
    for n, d in sorted(graph.nodes(data=True), key=lambda x: (x[1]["kind"], x[0])):
        if d["kind"] == "country":
            continue
        members = sorted(u for u, _ in graph.in_edges(n))
        table.add_row(d["label"] if d["kind"] == "agreement" else n, d["kind"], f"{len(members)}: {' '.join(members)}")
    kinds: dict[str, int] = {}
    for _, _, d in graph.edges(data=True):
        if d["kind"] != "member":
            kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    table.caption = "bilateral ties: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(kinds.items()))
    return table


COMMANDS = (agreements, compare, network)
