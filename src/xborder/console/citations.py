"""Citations as the console shows them: the English label linked to the primary text, and
the law's own title beside it where `data/law_names.yaml` records one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from xborder.kb.base import Citation

NAMES = Path(__file__).with_name("data") / "law_names.yaml"


@lru_cache(maxsize=1)
def law_names() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(NAMES.read_text(encoding="utf-8"))


def cite(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    native = law_names().get(c.law)
    return {"label": c.label, "url": c.url, "law": c.law, "note": c.note,
            "native": native["title"] if native else None, "native_lang": native["lang"] if native else None}
