"""Write the catalogues (en, zh_Hans) from messages.pot and compile them to .mo:

    cd src/xborder/console && pybabel extract -F babel.cfg -k _ -k N_ -o translations/messages.pot .
    python -m xborder.console.translations.build
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from xborder.console.translations.zh_Hans import ZH_HANS

HERE = Path(__file__).parent


def build() -> list[str]:
    """Returns the messages with no Chinese translation (the build fails on any)."""
    missing = []
    for lang, table in (("en", {}), ("zh_Hans", ZH_HANS)):
        with open(HERE / "messages.pot", "rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            if lang == "zh_Hans":
                if message.id not in table:
                    missing.append(str(message.id))
                message.string = table.get(str(message.id), "")
        folder = HERE / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "messages.po", "wb") as f:
            write_po(f, catalog, width=100, omit_header=False)
        with open(folder / "messages.mo", "wb") as f:
            write_mo(f, catalog)
    return missing


if __name__ == "__main__":
    gaps = build()
    if gaps:
        print("no Chinese for:", *gaps, sep="\n  ", file=sys.stderr)
        sys.exit(1)
