"""`xborder ids`: the ids a data map may name and the engine emits, with meaning and article."""

from __future__ import annotations

import sys

import click
import orjson
from rich import box
from rich.console import Console
from rich.table import Table

from xborder import taxonomy, vocabulary

TAXONOMY_KINDS = {"category": taxonomy.data_categories, "use": taxonomy.data_uses, "subject": taxonomy.data_subjects}
KINDS = (vocabulary.INSTRUMENT, vocabulary.OBLIGATION, vocabulary.EXEMPTION, vocabulary.CERTIFICATION,
         vocabulary.ZONE, vocabulary.SECTOR, vocabulary.SCENARIO, vocabulary.CONTROL, vocabulary.CHANNEL, vocabulary.REGIME,
         *TAXONOMY_KINDS)


def _terms(kind: str | None) -> list[vocabulary.Term]:
    if kind in TAXONOMY_KINDS:
        return [vocabulary.Term(e.key, kind, "", e.name + (f": {e.description}" if e.description else ""), "",
                                e.source) for e in TAXONOMY_KINDS[kind]().entries.values()]
    return [t for t in vocabulary.terms() if kind is None or t.kind == kind]


@click.command("ids")
@click.option("--jurisdiction", "-j", help="Only ids of this jurisdiction (EU, CN, US, ...).")
@click.option("--kind", type=click.Choice(KINDS),
              help="Only this kind; category, use and subject list the data taxonomy (not listed otherwise).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
def ids(jurisdiction: str | None, kind: str | None, fmt: str) -> None:
    """List the ids: instruments and obligations (for `safeguards`), exemptions, certifications
    (for `certifications`), zones, channels and regimes, each with its meaning and article."""
    found = _terms(kind)
    if jurisdiction:
        wanted = jurisdiction.upper()
        known = {t.jurisdiction for t in vocabulary.terms() if t.jurisdiction}
        if wanted not in known:
            hint = vocabulary.suggest(wanted, known)
            Console(stderr=True).print(f"[red]no ids of jurisdiction {jurisdiction!r}[/]"
                                       + (f" (did you mean {hint!r}?)" if hint else "")
                                       + f"; jurisdictions: {', '.join(sorted(known))}", markup=True)
            sys.exit(2)
        found = [t for t in found if t.jurisdiction == wanted]
    if fmt == "json":
        sys.stdout.buffer.write(orjson.dumps([t.as_dict() for t in found], option=orjson.OPT_INDENT_2) + b"\n")
        return
    if fmt == "markdown":
        lines = ["| id | kind | meaning | article |", "|---|---|---|---|"]
        lines += [f"| `{t.id}` | {t.kind} | {_cell(t.meaning)} | {_cell(t.article)} |" for t in found]
        click.echo("\n".join(lines))
        return
    table = Table(box=box.SIMPLE, title=f"{len(found)} ids", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("meaning", ratio=3)
    table.add_column("article", ratio=2)
    for t in found:
        table.add_row(t.id, t.kind, t.meaning.replace("[", "\\["), t.article.replace("[", "\\["))
    Console().print(table)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


COMMANDS = (ids,)
