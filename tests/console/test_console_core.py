"""The console without a browser: catalogues, what-if edits, exports, the form adapter,
sessions and refusals (the browser tests are in tests/e2e/console)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")
from babel.messages.pofile import read_po  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from tests.e2e.console.seed import Seeded, seed  # noqa: E402
from xborder.console import whatif  # noqa: E402
from xborder.console.exports import _safe, record_csv  # noqa: E402
from xborder.console.web import TRANSLATIONS, translations  # noqa: E402
from xborder.console.worldmap import world  # noqa: E402
from xborder.service.app import create_app, prepare_database  # noqa: E402
from xborder.service.config import Settings  # noqa: E402

MAP = "/console/o/acme/maps/ecommerce"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[tuple[TestClient, Seeded]]:
    settings = Settings(db=str(tmp_path / "s.db"), log_key=str(tmp_path / "log.key"))
    engine, token = prepare_database(settings)
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        yield client, seed(client, token)
    engine.dispose()


def sign_in(client: TestClient, token: str) -> str:
    form = client.get("/console/signin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    r = client.post("/console/signin", data={"csrf": csrf, "token": token, "next": MAP}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == MAP
    page = client.get(MAP)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def test_every_message_has_its_chinese_translation_compiled() -> None:
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        ids = [str(m.id) for m in read_po(f) if m.id]
    zh = translations("zh_Hans")
    untranslated = [i for i in ids if zh.gettext(i) == i]
    assert ids and untranslated == []
    assert translations("en").gettext("Map") == "Map"


def test_what_if_edits_change_only_the_draft() -> None:
    draft = whatif.to_text({"xborder": 1, "flows": [{"id": "a", "from": {"entity": "x"}, "safeguards": []}],
                            "locations": [{"id": "dc", "country": "CN"}],
                            "datasets": [{"id": "d", "subjects": [{"residence": "CN", "count": 5}]}]})
    after = whatif.from_text(whatif.apply(draft, "add_safeguard", {"flow": "a", "safeguard": "eu.tia"}))
    assert after["flows"][0]["safeguards"] == ["eu.tia"]
    def edited(action: str, form: dict[str, str]) -> dict:  # type: ignore[type-arg]
        return whatif.from_text(whatif.apply(draft, action, form))

    assert edited("move_location", {"location": "dc", "country": "sg"})["locations"][0]["country"] == "SG"
    assert edited("change_count", {"dataset": "d", "count": "70"})["datasets"][0]["subjects"][0]["count"] == 70
    filed = edited("add_filing", {"exporter": "x", "mechanism": "cn.standard-contract"})
    assert filed["flows"][0]["safeguards"] == ["cn.standard-contract"]
    for action, form, message in [("add_safeguard", {"flow": "b", "safeguard": "eu.tia"}, "no flow 'b'"),
                                  ("move_location", {"location": "dc", "country": "Spain"}, "alpha-2"),
                                  ("change_count", {"dataset": "d", "count": "many"}, "whole number"),
                                  ("add_filing", {"exporter": "y", "mechanism": "eu.scc"}, "sends nothing"),
                                  ("drop_table", {}, "unknown edit")]:
        with pytest.raises(whatif.DraftError, match=message):
            whatif.apply(draft, action, form)
    with pytest.raises(whatif.DraftError):
        whatif.from_text("- just\n- a list\n")
    assert whatif.from_text("country: NO\n") == {"country": "NO"}  # YAML 1.2: Norway, not false


def test_the_record_of_processing_cannot_smuggle_a_formula() -> None:
    assert _safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _safe("orders") == "orders"
    out = record_csv([{c: "=1+1" for c in ("flow", "purpose", "exporter", "exporter_country", "recipient",
                                           "recipient_country", "recipient_role", "from_location", "to_location",
                                           "datasets", "categories", "subjects", "safeguards", "status", "regimes",
                                           "missing")}], lambda s: s)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+1"


def test_every_country_of_the_knowledge_base_examples_has_a_point() -> None:
    countries = world()["countries"]
    assert {"CN", "SG", "DE", "US", "JP", "RU", "HK", "MO"} <= set(countries)
    assert "AQ" not in countries
    x, y = countries["SG"]["c"]
    assert 780 < x < 800 and 220 < y < 240  # 104°E, 1°N in the projection


def test_pages_need_a_session_and_forms_their_token(console: tuple[TestClient, Seeded]) -> None:
    client, seeded = console
    r = client.get(MAP, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/signin?next=")
    csrf = sign_in(client, seeded.editor)
    assert client.get(MAP).status_code == 200
    no_token = client.post(MAP + "/whatif", data={"action": "preview", "draft": "xborder: 1"})
    assert no_token.status_code == 403 and "expired" in no_token.text
    ok = client.post(MAP + "/whatif", data={"action": "preview", "draft": "xborder: 1", "csrf": csrf})
    assert ok.status_code == 200 and 'id="changes"' in ok.text  # an empty map assesses to no routes
    bad = client.post(MAP + "/whatif", data={"action": "preview", "csrf": csrf,
                                             "draft": "xborder: 1\nentities:\n  - {id: a, country: UK}\n"})
    assert bad.status_code == 422 and "did you mean" in bad.text and "GB" in bad.text
    # the API still takes JSON only: the form adapter is for the console's own paths
    api = client.post("/v1/orgs/acme/filings", headers={"Authorization": f"Bearer {seeded.editor}"},
                      data={"zone": "cn-gba"})
    assert api.status_code == 415


def test_roles_decide_what_a_signed_in_user_may_do(console: tuple[TestClient, Seeded]) -> None:
    client, seeded = console
    sign_in(client, seeded.regulator)
    assert client.get(MAP).status_code == 404  # not a member of acme: its map does not exist for them
    desk = client.get(f"/console/desk/{seeded.zone}")
    assert desk.status_code == 200 and f'data-filing="{seeded.filing_id}"' in desk.text
    assert client.get("/console/desk/ca-qc").status_code == 404  # a zone they do not regulate


def test_an_unknown_language_or_outside_redirect_is_ignored(console: tuple[TestClient, Seeded]) -> None:
    client, _ = console
    r = client.get("/console/lang/xx?next=https://evil.example/", follow_redirects=False)
    assert r.headers["location"] == "/console/" and "xborder_lang" not in r.headers.get("set-cookie", "")
    r = client.get("/console/lang/zh_Hans?next=//evil.example/", follow_redirects=False)
    assert r.headers["location"] == "/console/"
    page = client.get("/console/signin", cookies={"xborder_lang": "zh_Hans"})
    assert '<html lang="zh-Hans">' in page.text and "登录" in page.text


def test_exports_name_their_revision(console: tuple[TestClient, Seeded]) -> None:
    client, seeded = console
    sign_in(client, seeded.editor)
    r = client.get(MAP + "/export/record.csv")
    assert r.headers["content-disposition"] == 'attachment; filename="acme-ecommerce-r1-record.csv"'
    header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert header[0] == "Flow"
    zh = client.get(MAP + "/export/record.csv", cookies={"xborder_lang": "zh_Hans"})
    assert next(csv.reader(io.StringIO(zh.content.decode("utf-8-sig"))))[0] == "数据流"
    assert client.get(MAP + "/export/nothing.txt").status_code == 404


