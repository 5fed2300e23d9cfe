"""Make the audit picture of the README and docs/audit.md (run from the checkout's root):

    .venv/bin/python docs/images/make_audit.py

The bundled example's log (examples/events/generate.py, written to a temporary folder) is
audited against examples/ecommerce.yaml by the embedded engine; the picture is each
exporter's running count against its thresholds (`xborder.audit.picture`)."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from xborder.audit import locate, run_audit
from xborder.audit.embedded import EmbeddedEngine
from xborder.audit.picture import running_counts_svg
from xborder.datamap import load_map

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "audit-counts.svg"


def main(out: Path = OUT) -> Path:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "events" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "ecommerce-events.parquet"
        generate.main(log)
        engine = EmbeddedEngine(memory_limit="1GB")
        try:
            result = run_audit(engine, locate(str(log)), load_map(ROOT / "examples" / "ecommerce.yaml"),
                               keep_points=True)
        finally:
            engine.close()
    out.write_text(running_counts_svg(result), "utf-8")
    return out


if __name__ == "__main__":
    print(main())
