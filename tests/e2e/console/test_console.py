"""The console end to end, in Debian's Chromium: sign-in, the map and its colours, a red
route and its citation, a what-if change that turns a route green and is saved as a
revision, the regulator approving a filing and the route changing, Chinese, every export,
the ledger's in-browser proof check; axe-core finds no serious or critical violation on any
page. Tests run in file order and build on each other (one server, one browser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import httpx
import pytest

from tests.e2e.console.conftest import IMAGES

MAP = "/console/o/acme/maps/ecommerce"
RED, GREEN = "rgb(211, 47, 47)", "rgb(46, 125, 50)"  # the arcs' strokes: action required, compliant


def stroke(page: Any, flow: str) -> str:
    return page.eval_on_selector(f'a.arc-link[data-flow="{flow}"] path', "p => getComputedStyle(p).stroke")


def click_arc(page: Any, flow: str) -> None:
    """Click the middle of a hop's arc, as a person would (not the centre of its box)."""
    path = page.locator(f'a.arc-link[data-flow="{flow}"] path')
    path.scroll_into_view_if_needed()
    x, y = path.evaluate("p => { const q = p.getPointAtLength(p.getTotalLength() / 2), m = p.getScreenCTM();"
                         " return [q.x * m.a + m.e, q.y * m.d + m.f]; }")
    page.mouse.click(x, y)


def no_csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def test_sign_in_refuses_a_bad_token_and_sets_a_strict_cookie(browser: Any, server: Any, seeded: Any, axe_check: Any) -> None:
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto(MAP)  # not signed in: the sign-in form, which comes back here
    assert "/console/signin" in page.url
    page.fill("#token", "xbt_not-a-token")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text().startswith("That token is unknown")
    page.fill("#token", seeded.editor)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{MAP}")
    cookie = next(c for c in context.cookies() if c["name"] == "xborder_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/console"
    assert page.evaluate("document.cookie").find("xborder_session") < 0  # scripts cannot read it
    assert axe_check(context, "/console/signin") == []
    context.close()


def test_map_colours_each_hop_by_status(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    errors = no_csp_errors(page)
    page.goto(MAP)
    arcs = page.locator("a.arc-link")
    assert arcs.count() == 8  # the example's eight flows
    statuses = {a.get_attribute("data-flow"): a.get_attribute("data-status") for a in arcs.all()}
    assert statuses["orders-to-analytics"] == "action_required" and statuses["eu-customers-to-crm"] == "compliant"
    assert stroke(page, "orders-to-analytics") == RED
    assert stroke(page, "eu-customers-to-crm") == GREEN
    assert page.locator(".point").count() >= 6
    assert page.locator("svg.graph path.edge").count() == 8
    # a filter fades what it does not select
    page.select_option("select[name=status]", "action_required")
    page.wait_for_url("**status=action_required**")
    assert page.locator("table.flows tbody tr").count() == 3
    assert page.locator("path.arc.faded").count() == 5
    page.goto(MAP)
    page.screenshot(path=str(IMAGES / "console-map.png"), full_page=False)
    assert errors == []
    assert axe_check(editor, MAP) == []
    page.close()


def test_date_slider_reassesses_the_map_as_of_another_day(editor: Any) -> None:
    page = editor.new_page()
    page.goto(MAP + "?as_of=2020-01-01")
    # before the CAC's 2024 provisions and the DPF: the same map reads differently
    assert page.locator("time").first.get_attribute("datetime") == "2020-01-01"
    assert page.locator("a.arc-link").count() == 8
    slider = page.locator("#day")  # days since the knowledge base's first day, 25 May 2018
    assert int(slider.get_attribute("value")) == (dt.date(2020, 1, 1) - dt.date(2018, 5, 25)).days
    # moving the slider re-assesses as of the day it lands on
    with page.expect_navigation():
        slider.evaluate("s => { s.value = String(Number(s.max)); s.dispatchEvent(new Event('input')); "
                        "s.dispatchEvent(new Event('change')); }")
    assert page.locator("time").first.get_attribute("datetime") == page.locator("#as_of").input_value()
    assert page.locator("time").first.get_attribute("datetime") != "2020-01-01"
    page.close()


def test_a_red_route_shows_why_and_which_article_says_so(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    page.goto(MAP)
    click_arc(page, "orders-to-analytics")
    page.wait_for_url("**/flows/orders-to-analytics")
    pipl = page.locator('section.regime[data-regime="CN-PIPL"]')
    assert "cn.standard-contract|cn.certification" in pipl.locator("dd.missing").inner_text()
    cite = pipl.locator("ol.trace a.cite", has_text="PIPL Art 39").first
    assert cite.get_attribute("href").startswith("http")
    # the law's own title beside its English label
    assert "《中华人民共和国个人信息保护法》" in pipl.locator("ol.trace").inner_text()
    assert pipl.locator("span.native[lang=zh-Hans]").count() > 0
    page.screenshot(path=str(IMAGES / "console-route.png"), full_page=False)
    assert axe_check(editor, MAP + "/flows/orders-to-analytics") == []
    page.close()


def test_what_if_turns_a_route_green_and_is_saved_as_a_revision(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    page.goto(MAP + "/whatif")
    assert axe_check(editor, MAP + "/whatif") == []
    page.select_option("#sg-flow", "eu-customers-to-analytics")
    page.fill("#sg-id", "eu.tia")
    page.locator("form", has=page.locator("#sg-id")).locator("button").click()
    change = page.locator('#changes li[data-flow="eu-customers-to-analytics"]')
    assert change.get_attribute("data-after") == "compliant"
    assert "eu.tia" in page.locator("#draft").input_value()
    page.fill("#message", "transfer impact assessment done for the analytics firm")
    page.click("#save")
    page.wait_for_url("**/revisions?saved=2")
    assert page.locator('tr[data-revision="2"]').inner_text().count("transfer impact assessment done") == 1
    assert axe_check(editor, MAP + "/revisions?a=1&b=2") == []
    page.goto(MAP + "/revisions?a=1&b=2")
    assert page.locator('#changes li[data-flow="eu-customers-to-analytics"]').get_attribute("data-after") == "compliant"
    page.goto(MAP)
    assert stroke(page, "eu-customers-to-analytics") == GREEN
    page.close()


def test_a_bad_what_if_edit_is_refused_with_its_reason(editor: Any) -> None:
    page = editor.new_page()
    page.goto(MAP + "/whatif")
    page.fill("#draft", page.locator("#draft").input_value().replace("country: US", "country: UK", 1))
    page.click("button[value=preview]")
    assert "did you mean" in page.locator("[role=alert]").inner_text()
    page.close()


def test_the_regulator_approves_a_filing_and_the_route_changes(regulator: Any, editor: Any, seeded: Any,
                                                                axe_check: Any) -> None:
    route = MAP + "/flows/orders-to-analytics"
    before = editor.new_page()
    before.goto(route)
    assert "cn.standard-contract|cn.certification" in before.locator('section[data-regime="CN-PIPL"] dd.missing').inner_text()
    desk = regulator.new_page()
    desk.goto(f"/console/desk/{seeded.zone}")
    row = desk.locator(f'tr[data-filing="{seeded.filing_id}"]')
    assert row.get_attribute("data-status") == "submitted"
    desk.screenshot(path=str(IMAGES / "console-desk.png"), full_page=False)
    assert axe_check(regulator, f"/console/desk/{seeded.zone}") == []
    row.locator("input[name=on]").fill("2026-01-01")
    row.locator("button.approve").click()
    desk.wait_for_url("**decided=**")
    assert desk.locator(f'tr[data-filing="{seeded.filing_id}"]').get_attribute("data-status") == "approved"
    before.goto(route)
    pipl = before.locator('section[data-regime="CN-PIPL"]')
    missing = pipl.locator("dd.missing").inner_text()
    assert "cn.standard-contract" not in missing and "cn.pipia" in missing  # the contract is filed; the rest is not
    assert "cn.standard-contract" in before.locator(f'tr[data-filing="{seeded.filing_id}"]').inner_text()
    assert before.locator(f'tr[data-filing="{seeded.filing_id}"]').inner_text().count("approved") == 1
    desk.close()
    before.close()


def test_the_regulator_cannot_read_the_company_map(regulator: Any) -> None:
    page = regulator.new_page()
    response = page.goto(MAP)
    assert response.status == 404
    page.close()


def test_switching_to_chinese(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    page.goto(MAP + "/flows/orders-to-analytics")
    page.click("a[data-lang=zh_Hans]")
    page.wait_for_url("**/flows/orders-to-analytics")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("nav.tabs a").first.inner_text() == "地图"
    assert "适用法律截至" in page.locator("p.muted").first.inner_text()
    assert "2026年6月1日" in page.locator("time").first.inner_text()  # dates per locale
    assert "PIPL Art 39" in page.locator("ol.trace").first.inner_text()  # citations keep their label
    assert "《中华人民共和国个人信息保护法》" in page.locator("ol.trace").first.inner_text()
    assert axe_check(editor, MAP) == []
    page.goto(MAP)
    assert page.locator("h2").first.inner_text() == "世界地图"
    page.click("a[data-lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


def _download(page: Any, text: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"ul.exports a:has-text('{text}')")
    return open(info.value.path(), "rb").read()


def test_every_export_downloads_a_valid_file(editor: Any, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    page = editor.new_page()
    page.goto(MAP)
    rows = list(csv.reader(io.StringIO(_download(page, "(CSV)").decode("utf-8-sig"))))
    assert rows[0][:3] == ["Flow", "Purpose", "Exporter"] and len(rows) == 9
    assert {r[0] for r in rows[1:]} >= {"orders-to-analytics", "eu-customers-to-analytics"}
    (tmp_path / "r.xlsx").write_bytes(_download(page, "(XLSX)"))
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet.max_row == 9 and sheet.cell(1, 1).value == "Flow"
    html = _download(page, "(HTML)").decode()
    assert html.startswith("<!doctype html>") and "orders-to-analytics" in html
    pdf = _download(page, "(PDF)")
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
    page.close()


def test_the_ledger_verifies_an_inclusion_proof_in_the_browser(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    errors = no_csp_errors(page)
    page.goto("/console/o/acme/ledger")
    checkpoint = page.locator("table").first.locator("tbody tr").first.inner_text()
    assert checkpoint.startswith("1\t") and "xborder.local/service-ledger" in checkpoint  # size 1, signed by the log
    button = page.locator("button.verify").first
    button.click()
    out = page.locator("output.result").first
    out.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('output.result').dataset.verified !== undefined")
    assert out.get_attribute("data-verified") == "1"
    # a tampered entry does not verify
    page.eval_on_selector("button.verify", "b => { b.dataset.leaf = btoa('forged'); }")
    button.click()
    page.wait_for_function("() => document.querySelector('output.result').dataset.verified === '0'")
    assert errors == []
    assert axe_check(editor, "/console/o/acme/ledger") == []
    page.close()


def test_atlas_and_home_pages(editor: Any, axe_check: Any) -> None:
    page = editor.new_page()
    page.goto("/console/atlas?compare=CN,EU&a=CN&b=SG&center=SG")
    assert page.locator("table.compare").count() == 1
    assert "RCEP" in page.inner_text("main")
    assert page.locator(".picture svg").count() == 1
    assert axe_check(editor, "/console/atlas?compare=CN,EU&a=CN&b=SG&center=SG") == []
    assert axe_check(editor, "/console/") == []
    page.close()


def test_forms_need_their_csrf_token_and_pages_carry_a_strict_csp(server: Any, seeded: Any) -> None:
    cookies = {"xborder_session": seeded.editor}
    with httpx.Client(base_url=server.url, cookies=cookies) as client:
        page = client.get(MAP + "/whatif")
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text) and " style=" not in page.text
        forged = client.post(MAP + "/whatif", data={"action": "save", "draft": "xborder: 1"})
        assert forged.status_code == 403
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        wrong = client.post(MAP + "/whatif", data={"action": "preview", "draft": "xborder: 1", "csrf": token[::-1]})
        assert wrong.status_code == 403
        revisions = client.get("/v1/orgs/acme/maps/ecommerce/revisions", headers={"Authorization": f"Bearer {seeded.editor}"})
        assert len(revisions.json()["revisions"]) == 2  # nothing saved by the forged posts


@pytest.mark.parametrize("url", [MAP, MAP + "/flows/orders-to-analytics"])
def test_a_signed_out_browser_is_sent_to_sign_in(server: Any, url: str) -> None:
    with httpx.Client(base_url=server.url) as client:
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/console/signin?next=")
