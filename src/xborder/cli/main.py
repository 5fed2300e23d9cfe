"""`xborder`: the command-line interface. Each command group lives in its own module."""

from __future__ import annotations

import click

from xborder import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xborder")
def cli() -> None:
    """Computable cross-border data-transfer law.

    Assess a data map against the transfer rules of 35 jurisdictions (`xborder kb coverage`),
    its filings and its own policies; scan data for personal categories; keep a
    tamper-evident ledger of transfers; plan evidence requests; compare regimes and read
    trade agreements.
    """


def _register() -> None:
    # Imported here so `xborder --help` stays fast and each group stays in its own module.
    from xborder.cli import assess_cmd, kb_cmd

    for command in (*assess_cmd.COMMANDS, *kb_cmd.COMMANDS):
        cli.add_command(command)
    from xborder.cli.scan import scan
    cli.add_command(scan)
    from xborder.cli.ledger import ledger

    cli.add_command(ledger)
    from xborder.cli.evidence_cmd import evidence

    cli.add_command(evidence)
    from xborder.cli import atlas_cmd  # agreements, compare, network

    for command in atlas_cmd.COMMANDS:
        cli.add_command(command)
    from xborder.cli.ids_cmd import ids

    cli.add_command(ids)
    from xborder.cli.diff_cmd import diff
    cli.add_command(diff)
    from xborder.cli.filings_cmd import filings
    cli.add_command(filings)
    from xborder.cli.zones_cmd import zones
    cli.add_command(zones)
    from xborder.cli.serve_cmd import serve
    cli.add_command(serve)


_register()
