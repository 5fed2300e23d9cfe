"""What an auditor asks for: the record of processing (CSV, XLSX) and the assessment
(the project's HTML report, and that page printed to PDF by headless Chromium)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xborder.datamap.models import DataMap
from xborder.engine import Assessment


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown."""
    return message


# (column id, English header): headers are translated by the caller's gettext
COLUMNS: tuple[tuple[str, str], ...] = (
    ("flow", N_("Flow")), ("purpose", N_("Purpose")), ("exporter", N_("Exporter")), ("exporter_country", N_("Exporter country")),
    ("recipient", N_("Recipient")), ("recipient_country", N_("Recipient country")), ("recipient_role", N_("Recipient role")),
    ("from_location", N_("Data leaves from")), ("to_location", N_("Data goes to")), ("datasets", N_("Datasets")),
    ("categories", N_("Data categories")), ("subjects", N_("Data subjects (residence, kind, count)")),
    ("safeguards", N_("Safeguards in place")), ("status", N_("Status")), ("regimes", N_("Regimes that apply")),
    ("missing", N_("Missing")),
)


def record_rows(datamap: DataMap, assessment: Assessment) -> list[dict[str, str]]:
    """One row per flow: what goes where, why, about whom, under which safeguards, and the verdict."""
    names = {e.id: e.name or e.id for e in datamap.entities}
    rows = []
    for f in assessment.flows:
        hop = f.hop
        subjects = [f"{s.residence} {s.kind} {s.count if s.count is not None else '?'}"
                    for d in hop.datasets for s in d.subjects]
        rows.append({
            "flow": f.id, "purpose": hop.flow.purpose or "",
            "exporter": f"{names.get(hop.sender.id, hop.sender.id)} ({hop.sender.id})", "exporter_country": hop.sender.country,
            "recipient": f"{names.get(hop.recipient.id, hop.recipient.id)} ({hop.recipient.id})",
            "recipient_country": hop.recipient.country, "recipient_role": hop.recipient.role,
            "from_location": hop.sender.location_country, "to_location": hop.recipient.location_country,
            "datasets": "; ".join(d.id for d in hop.datasets), "categories": "; ".join(sorted(hop.categories)),
            "subjects": "; ".join(subjects), "safeguards": "; ".join(hop.flow.safeguards), "status": f.status,
            "regimes": "; ".join(f"{r.regime} {r.verdict.value}" for r in f.regimes if r.applies),
            "missing": "; ".join(f"{r.regime}: {', '.join(r.missing)}" for r in f.regimes if r.missing),
        })
    return rows


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def record_csv(rows: Sequence[dict[str, str]], gettext: Callable[[str], str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([gettext(h) for _, h in COLUMNS])
    for row in rows:
        writer.writerow([_safe(row[c]) for c, _ in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8 (Chinese) right


def record_xlsx(rows: Sequence[dict[str, str]], gettext: Callable[[str], str], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Record of processing")[:31]
    sheet.append([gettext(h) for _, h in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(row[c]) for c, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    for i, (column, _) in enumerate(COLUMNS, start=1):
        widest = max([len(gettext(COLUMNS[i - 1][1]))] + [len(r[column]) for r in rows])
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(60, widest + 2)
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chromium() -> str | None:
    return os.environ.get("XBORDER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class PdfUnavailable(RuntimeError):
    pass


def html_to_pdf(html: str, timeout: float = 60.0) -> bytes:
    """Print a self-contained page to PDF with headless Chromium (Debian's package), offline."""
    browser = chromium()
    if browser is None:
        raise PdfUnavailable("PDF export needs Chromium on the server (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="xborder-pdf-") as tmp:
        page, pdf = Path(tmp) / "assessment.html", Path(tmp) / "assessment.pdf"
        page.write_text(html, encoding="utf-8")
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable("Chromium did not print the page in time") from None
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            raise PdfUnavailable("Chromium could not print the page")
        return pdf.read_bytes()


def provenance(org: str, name: str, revision: int, sha256: str, when: str) -> dict[str, Any]:
    return {"data map": f"{org}/{name} revision {revision}", "map SHA-256": sha256, "generator": "xborder console",
            "made": when}
