"""The console's pages. Each reads through the service's own route functions (the same roles,
validation and audit log as the API) and the engine; none holds legal logic."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Body, Request
from fastapi.responses import Response
from sqlalchemy import select, update

from xborder.console import citations, whatif
from xborder.console.exports import PdfUnavailable, html_to_pdf, provenance, record_csv, record_rows, record_xlsx
from xborder.console.web import (
    LANG_COOKIE,
    LANGUAGES,
    LOGIN_CSRF_COOKIE,
    PREFIX,
    NotSignedIn,
    Refused,
    check_csrf,
    gettext_for,
    headers,
    language,
    local_path,
    new_login_csrf,
    principal,
    redirect,
    render,
    secure,
    service,
    session_token,
    set_session,
    static_file,
)
from xborder.console.worldmap import base_svg, graph_svg, map_svg
from xborder.datamap.models import DataMap
from xborder.engine import Assessment, assess_map
from xborder.kb.base import KnowledgeBaseError
from xborder.ledger.hashing import leaf_hash
from xborder.ledger.note import SignedNote
from xborder.ledger.verify import ProofError, verify_inclusion
from xborder.report.diff import diff_assessments
from xborder.report.html import to_html
from xborder.rules.base import fill
from xborder.console.oidc_signin import SESSION_LABEL
from xborder.service.auth import Principal, digest, load_principal
from xborder.service.context import Service, require
from xborder.service.db import Filing, LedgerEntry, Token, ZoneList, utcnow
from xborder.service.desk import filed_safeguards
from xborder.service.errors import ApiError
from xborder.service.ledger_store import ServiceLedger
from xborder.service.routes import desk as desk_api
from xborder.service.routes import maps as maps_api
from xborder.service.routes.ledger import entries as ledger_entries

router = APIRouter(prefix=PREFIX, include_in_schema=False)
FIRST_DAY = dt.date(2018, 5, 25)  # the knowledge base starts here
STATUSES = ("compliant", "action_required", "prohibited")
OIDC_FAILURES = ("off", "provider", "state", "denied", "token", "unlinked")  # why a provider sign-in did not open a session


def page(fn: Callable[..., Response]) -> Callable[..., Response]:
    """Signed-in pages: a missing session goes to the sign-in form, a refusal is a message page."""

    @functools.wraps(fn)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            who = principal(request, service(request))
            request.state.console_who = who
            return fn(request, who, *args, **kwargs)
        except NotSignedIn:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            if request.method != "GET":
                target = PREFIX + "/"
            return redirect(f"{PREFIX}/signin?next={quote(target)}")
        except Refused as exc:
            return render(request, "error.html", exc.status, message=exc.message, problems=[])
        except ApiError as exc:
            return render(request, "error.html", exc.status, message=exc.message, problems=exc.problems)

    # FastAPI reads the parameters from the signature: everything but `who`, which the wrapper supplies
    sig = inspect.signature(fn)
    wrapper.__signature__ = sig.replace(parameters=[p for n, p in sig.parameters.items() if n != "who"])  # type: ignore[attr-defined]
    return wrapper


# -- assessing a revision -----------------------------------------------------------------------

# Assessments of the maps in view, by content and date: pages of one map share them. The
# engine is pure, so a cached result is the result; the lock keeps the LRU consistent
# across the server's threads.
_CACHE: OrderedDict[tuple[str, str], tuple[DataMap, Assessment]] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


def parse_date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused(422, f"not a date: {value[:40]!r} (use YYYY-MM-DD)") from None


def map_date(content: dict[str, Any]) -> dt.date:
    value = content.get("as_of")
    try:
        return dt.date.fromisoformat(str(value)) if value else dt.datetime.now(dt.UTC).date()
    except ValueError:
        return dt.datetime.now(dt.UTC).date()


def with_filings(svc: Service, org: str, content: dict[str, Any], on: dt.date) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The map with each exporter's approved filings in force on `on` added to its flows'
    safeguards (the service's own rule, `filed_safeguards`, as decide applies it)."""
    zones = {e.get("id"): e.get("zone") for e in content.get("entities", []) if isinstance(e, dict)}
    added: dict[str, list[str]] = {}
    flows = []
    with svc.engine.connect() as conn:
        cache: dict[str, list[str]] = {}
        for flow in content.get("flows", []):
            exporter = (flow.get("from") or {}).get("entity") if isinstance(flow, dict) else None
            if not exporter:
                flows.append(flow)
                continue
            if exporter not in cache:
                cache[exporter] = filed_safeguards(conn, org, exporter, zones.get(exporter), on)
            extra = [m for m in cache[exporter] if m not in (flow.get("safeguards") or [])]
            if extra:
                added[str(flow.get("id"))] = extra
                flow = {**flow, "safeguards": [*(flow.get("safeguards") or []), *extra]}
            flows.append(flow)
    return ({**content, "flows": flows} if added else content), added


def assess(svc: Service, content: dict[str, Any], on: dt.date) -> tuple[DataMap, Assessment]:
    key = (_digest(content), on.isoformat())
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    datamap = maps_api.validated(content)
    try:
        assessment = assess_map(datamap, as_of=on, kb=svc.kb)
    except KnowledgeBaseError as exc:
        raise Refused(422, f"the knowledge base cannot answer: {exc}") from None
    with _CACHE_LOCK:
        _CACHE[key] = (datamap, assessment)
        while len(_CACHE) > 64:
            _CACHE.popitem(last=False)
    return datamap, assessment


class MapView:
    """One revision of an organisation's map, assessed as of a date with its filings."""

    def __init__(self, request: Request, who: Principal, org: str, name: str) -> None:
        svc = service(request)
        q = request.query_params
        rev = q.get("rev")
        got = (maps_api.get_revision(org, name, int(rev), who, svc) if rev and rev.isdigit()
               else maps_api.get_map(org, name, who, svc))
        self.org, self.name, self.revision, self.content, self.sha256 = org, name, got["number"], got["map"], got["sha256"]
        self.head = rev is None or not rev.isdigit()
        self.as_of = parse_date(q.get("as_of"), map_date(self.content))
        self.content_filed, self.filed = with_filings(svc, org, self.content, self.as_of)
        self.datamap, self.assessment = assess(svc, self.content_filed, self.as_of)
        self.who = who

    def url(self, tail: str = "", **params: Any) -> str:
        base = f"{PREFIX}/o/{quote(self.org)}/maps/{quote(self.name)}{tail}"
        keep = {"as_of": self.as_of.isoformat()} if self.as_of != map_date(self.content) else {}
        if not self.head:
            keep["rev"] = str(self.revision)
        keep.update({k: v for k, v in params.items() if v})
        return base + (f"?{urlencode(keep)}" if keep else "")

    def route_url(self, flow_id: str) -> str:
        return self.url(f"/flows/{quote(flow_id)}")


def status_labels(request: Request) -> dict[str, str]:
    _ = gettext_for(language(request))
    return {"compliant": _("compliant"), "action_required": _("action required"), "prohibited": _("prohibited")}


# -- sign-in, language, files ----------------------------------------------------------------

@router.get("/static/{name}")
def static(name: str) -> Response:
    return static_file(name)


@router.get("/world.svg")
def world_svg() -> Response:
    response = Response(base_svg(), media_type="image/svg+xml")
    response.headers["cache-control"] = "public, max-age=86400"
    return response


@router.get("/signin")
def signin_form(request: Request, next: str | None = None, failed: int = 0, oidc_failed: str | None = None) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()  # the form carries the same value
    refused = bool(failed) or oidc_failed is not None
    response = render(request, "signin.html", 401 if refused else 200, next=local_path(next), failed=bool(failed),
                      csrf=token, oidc=service(request).oidc is not None,
                      oidc_failed=oidc_failed if oidc_failed in OIDC_FAILURES else ("token" if oidc_failed else None))
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path=PREFIX)
    return response


@router.post("/signin")
def signin(request: Request, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    try:
        check_csrf(request, body)
    except Refused:
        return redirect(f"{PREFIX}/signin?failed=1")
    token = str(body.get("token", "")).strip()
    svc = service(request)
    found = None
    if token and len(token) < 200:
        with svc.engine.connect() as conn:
            found = load_principal(conn, token)
    if found is None:
        return redirect(f"{PREFIX}/signin?failed=1&next={quote(local_path(body.get('next')))}")
    response = redirect(local_path(str(body.get("next") or "")))
    set_session(response, request, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return response


@router.post("/signout")
def signout(request: Request, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    try:
        check_csrf(request, body)
    except Refused as exc:
        return render(request, "error.html", 403, message=exc.message, problems=[])
    token = session_token(request)
    if token:  # a session the provider opened ends for good; an API token typed in stays the owner's
        svc = service(request)
        with svc.transaction() as conn:
            conn.execute(update(Token).where(Token.digest == digest(token), Token.label == SESSION_LABEL,
                                             Token.revoked_at.is_(None)).values(revoked_at=utcnow()))
        svc.principals.clear()
    response = redirect(f"{PREFIX}/signin")
    set_session(response, request, None)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    response = redirect(local_path(next))
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, samesite="strict", secure=secure(request), path=PREFIX,
                            max_age=365 * 86400)
    return response


# -- home -----------------------------------------------------------------------------------

@router.get("/")
@page
def home(request: Request, who: Principal) -> Response:
    svc = service(request)
    orgs = []
    for org in sorted(who.roles):
        if who.may(org, "read"):
            orgs.append({"id": org, "roles": sorted(who.roles[org]), "maps": maps_api.list_maps(org, who, svc)["maps"]})
    mine = [o for o, roles in who.roles.items() if "regulator" in roles]
    with svc.engine.connect() as conn:
        zones = sorted(set(conn.execute(select(ZoneList.zone).where(ZoneList.regulator_org.in_(mine))).scalars())) if mine else []
    return render(request, "home.html", orgs=orgs, zones=zones)


# -- map -------------------------------------------------------------------------------------

def _filters(request: Request, view: MapView) -> tuple[dict[str, str], set[str]]:
    q = request.query_params
    chosen = {k: q.get(k, "") for k in ("regime", "status", "dataset", "category")}
    shown = set()
    for f in view.assessment.flows:
        if chosen["status"] and f.status != chosen["status"]:
            continue
        if chosen["regime"] and not any(r.applies and r.regime == chosen["regime"] for r in f.regimes):
            continue
        if chosen["dataset"] and chosen["dataset"] not in {d.id for d in f.hop.datasets}:
            continue
        if chosen["category"] and not any(c == chosen["category"] or c.startswith(chosen["category"] + ".")
                                          for c in f.hop.categories):
            continue
        shown.add(f.id)
    return chosen, shown


@router.get("/o/{org}/maps/{name}")
@page
def map_page(request: Request, who: Principal, org: str, name: str) -> Response:
    view = MapView(request, who, org, name)
    chosen, shown = _filters(request, view)
    _ = gettext_for(language(request))
    labels = {**status_labels(request), "title": _("Data map on a world map: locations and hops by status"),
              "base": f"{PREFIX}/world.svg"}
    a = view.assessment
    options = {
        "regime": sorted({r.regime for f in a.flows for r in f.regimes if r.applies}),
        "dataset": sorted({d.id for f in a.flows for d in f.hop.datasets}),
        "category": sorted({c for f in a.flows for c in f.hop.categories}),
    }
    today = dt.datetime.now(dt.UTC).date()
    summary = {s: sum(1 for f in a.flows if f.id in shown and f.status == s) for s in STATUSES}
    return render(request, "map.html", view=view, chosen=chosen, shown=shown, options=options, summary=summary,
                  statuses=STATUSES, labels=labels, world=map_svg(a, shown, view.route_url, labels),
                  graph=graph_svg(a, shown, view.route_url, _("Entities and the hops between them")),
                  first_day=FIRST_DAY.isoformat(), last_day=max(today, view.as_of).isoformat(),
                  day_index=(view.as_of - FIRST_DAY).days, day_count=(max(today, view.as_of) - FIRST_DAY).days)


# -- route -----------------------------------------------------------------------------------

@router.get("/o/{org}/maps/{name}/flows/{flow_id}")
@page
def route_page(request: Request, who: Principal, org: str, name: str, flow_id: str) -> Response:
    view = MapView(request, who, org, name)
    try:
        flow = view.assessment.flow(flow_id)
    except KeyError:
        raise Refused(404, f"no flow {flow_id!r} in {name!r}") from None
    names = flow.names
    svc = service(request)
    exporter = flow.hop.sender.id
    with svc.engine.connect() as conn:
        filings = conn.execute(select(Filing).where(Filing.org_id == org, Filing.exporter == exporter)
                               .order_by(Filing.id)).all()
    regimes = []
    for r in flow.regimes:
        steps = [{"kind": s.kind, "text": fill(s.text, names), "taken": s.taken, "cite": citations.cite(s.cite)}
                 for s in r.steps]
        outcome = ("prohibited" if r.verdict.value == "prohibited" else "not_applicable" if not r.applies
                   else "satisfied" if r.satisfied else "not_satisfied")
        regimes.append({"r": r, "steps": steps, "outcome": outcome, "why": [fill(w, names) for w in r.why],
                        "cites": [citations.cite(c) for c in r.citations]})
    policies = view.content.get("policies") or []
    return render(request, "route.html", view=view, flow=flow, regimes=regimes, filings=filings,
                  filed=view.filed.get(flow.id, []), policies=policies, labels=status_labels(request),
                  may_file=who.may(org, "file"), zones=_zones(svc))


def _zones(svc: Service) -> list[str]:
    with svc.engine.connect() as conn:
        return sorted(set(conn.execute(select(ZoneList.zone)).scalars()))


@router.post("/o/{org}/filings")
@page
def submit_filing(request: Request, who: Principal, org: str, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    check_csrf(request, body)
    desk_api.submit(org, desk_api.FilingIn(zone=str(body.get("zone", "")), exporter=str(body.get("exporter", "")),
                                           mechanism=str(body.get("mechanism", "")),
                                           description=str(body.get("description") or "") or None), who, service(request))
    return redirect(local_path(str(body.get("next") or "")))


# -- what if ---------------------------------------------------------------------------------

@router.get("/o/{org}/maps/{name}/whatif")
@page
def whatif_page(request: Request, who: Principal, org: str, name: str) -> Response:
    view = MapView(request, who, org, name)
    return _whatif(request, view, whatif.to_text(view.content), [], None)


def _whatif(request: Request, view: MapView, draft: str, problems: list[dict[str, Any]], message: str | None,
            status: int = 200) -> Response:
    svc = service(request)
    changes = None
    draft_assessment = None
    content = None
    if not problems:
        try:
            content = whatif.from_text(draft)
            filed, _ = with_filings(svc, view.org, content, view.as_of)
            _, draft_assessment = assess(svc, filed, view.as_of)
            changes = diff_assessments(view.assessment, draft_assessment)
        except ApiError as exc:
            problems = exc.problems or [{"field": "map", "message": exc.message}]
        except whatif.DraftError as exc:
            problems = [{"field": "map", "message": str(exc)}]
    map_changes = whatif.map_diff(view.content, content) if content is not None else None
    return render(request, "whatif.html", status if not problems else 422, view=view, draft=draft,
                  problems=problems, changes=changes, map_changes=map_changes, draft_assessment=draft_assessment,
                  labels=status_labels(request), message=message, may_write=view.who.may(view.org, "write_maps"))


@router.post("/o/{org}/maps/{name}/whatif")
@page
def whatif_post(request: Request, who: Principal, org: str, name: str,
                body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    check_csrf(request, body)
    view = MapView(request, who, org, name)
    draft = str(body.get("draft", ""))
    action = str(body.get("action", "preview"))
    if action == "save":
        try:
            content = whatif.from_text(draft)
        except whatif.DraftError as exc:
            return _whatif(request, view, draft, [{"field": "map", "message": str(exc)}], None)
        saved = maps_api.revise_map(org, name, maps_api.MapIn(map=content, message=str(body.get("message") or "") or None),
                                    who, service(request))
        return redirect(f"{PREFIX}/o/{quote(org)}/maps/{quote(name)}/revisions?saved={saved['revision']}")
    try:
        draft = whatif.apply(draft, action, body)
    except whatif.DraftError as exc:
        return _whatif(request, view, draft, [{"field": action, "message": str(exc)}], None)
    return _whatif(request, view, draft, [], None)


@router.get("/o/{org}/maps/{name}/revisions")
@page
def revisions_page(request: Request, who: Principal, org: str, name: str) -> Response:
    svc = service(request)
    revisions = maps_api.list_revisions(org, name, who, svc)["revisions"]
    q = request.query_params
    a, b = q.get("a"), q.get("b")
    changes = map_changes = None
    if a and b and a.isdigit() and b.isdigit():
        old = maps_api.get_revision(org, name, int(a), who, svc)
        new = maps_api.get_revision(org, name, int(b), who, svc)
        on = map_date(new["map"])
        _, before = assess(svc, with_filings(svc, org, old["map"], on)[0], on)
        _, after = assess(svc, with_filings(svc, org, new["map"], on)[0], on)
        changes = diff_assessments(before, after)
        map_changes = whatif.map_diff(old["map"], new["map"])
    return render(request, "revisions.html", org=org, name=name, revisions=list(reversed(revisions)), a=a, b=b,
                  changes=changes, map_changes=map_changes, saved=q.get("saved"), labels=status_labels(request))


# -- exports -----------------------------------------------------------------------------------

@router.get("/o/{org}/maps/{name}/export/{kind}")
@page
def export(request: Request, who: Principal, org: str, name: str, kind: str) -> Response:
    view = MapView(request, who, org, name)
    _ = gettext_for(language(request))
    stem = f"{org}-{name}-r{view.revision}"
    if kind == "record.csv":
        body, media = record_csv(record_rows(view.datamap, view.assessment), _), "text/csv; charset=utf-8"
    elif kind == "record.xlsx":
        body = record_xlsx(record_rows(view.datamap, view.assessment), _, f"{org}/{name}")
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind in ("assessment.html", "assessment.pdf"):
        made = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        html = to_html(view.assessment, provenance=provenance(org, name, view.revision, view.sha256, made))
        if kind == "assessment.html":
            body, media = html.encode(), "text/html; charset=utf-8"
        else:
            try:
                body, media = html_to_pdf(html), "application/pdf"
            except PdfUnavailable as exc:
                raise Refused(503, str(exc)) from None
    else:
        raise Refused(404, f"no export {kind!r}")
    response = Response(body, media_type=media)
    response.headers["content-disposition"] = f'attachment; filename="{stem}-{kind}"'
    return headers(response)


# -- atlas -------------------------------------------------------------------------------------

@router.get("/atlas")
@page
def atlas_page(request: Request, who: Principal) -> Response:
    from xborder.console import atlas_view

    q = request.query_params
    on = parse_date(q.get("as_of"), dt.datetime.now(dt.UTC).date())
    return render(request, "atlas.html", **atlas_view.context(service(request).kb, q.get("a", "CN"), q.get("b", "SG"),
                                                              q.get("compare", "CN,EU,SG"), q.get("center", "SG"), on))


# -- regulator's desk ------------------------------------------------------------------------

def _proof_status(store: ServiceLedger, entry: dict[str, Any]) -> str:
    p = entry.get("proof")
    if not p:
        return "unknown"
    try:
        leaf = store.leaf(entry["leaf_index"])
        if leaf_hash(leaf) != base64.b64decode(p["leaf_hash"]):
            return "failed"
        verify_inclusion(p["leaf_index"], p["tree_size"], leaf_hash(leaf),
                         [base64.b64decode(h) for h in p["audit_path"]], store.root(p["tree_size"]))
        return "verified"
    except (ProofError, ValueError, KeyError):
        return "failed"


@router.get("/desk/{zone}")
@page
def desk_page(request: Request, who: Principal, zone: str) -> Response:
    svc = service(request)
    lists = desk_api.zone_lists(zone, who, svc)["lists"]
    filings = desk_api.zone_filings(zone, None, who, svc)["filings"]  # 404 unless the caller regulates the zone
    ledger = desk_api.zone_ledger(zone, -1, 100, who, svc)["entries"]
    with svc.engine.connect() as conn:
        store = ServiceLedger(conn)
        for e in ledger:
            e["verification"] = _proof_status(store, e)
    return render(request, "desk.html", zone=zone, lists=lists, filings=filings, ledger=ledger,
                  today=dt.datetime.now(dt.UTC).date().isoformat())


@router.post("/desk/{zone}/filings/{filing_id}/{decision}")
@page
def desk_decide(request: Request, who: Principal, zone: str, filing_id: int, decision: str,
                body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    check_csrf(request, body)
    svc = service(request)
    on = parse_date(str(body.get("on") or ""), dt.datetime.now(dt.UTC).date())
    if decision == "approve":
        until = str(body.get("valid_until") or "")
        desk_api.approve(zone, filing_id, desk_api.ApproveIn(on=on, valid_until=parse_date(until, on) if until else None),
                         who, svc)
    elif decision == "reject":
        reason = str(body.get("reason") or "").strip()
        if not reason:
            raise Refused(422, "give a reason for the rejection")
        desk_api.reject(zone, filing_id, desk_api.RejectIn(reasons=[reason], on=on), who, svc)
    else:
        raise Refused(404, f"no decision {decision!r}")
    return redirect(f"{PREFIX}/desk/{quote(zone)}?decided={filing_id}")


# -- ledger ------------------------------------------------------------------------------------

@router.get("/o/{org}/ledger")
@page
def ledger_page(request: Request, who: Principal, org: str) -> Response:
    require(who, org, "read_ledger")
    svc = service(request)
    with svc.engine.connect() as conn:
        store = ServiceLedger(conn)
        rows = ledger_entries(conn, LedgerEntry.org_id == org, 200, -1, proof=True)
        for e in rows:
            e["leaf_b64"] = base64.b64encode(store.leaf(e["leaf_index"])).decode()
            e["verification"] = _proof_status(store, e)
        size = store.size()
        root = base64.b64encode(store.root()).decode() if size else ""
        checkpoints = []
        for cp in reversed(store.checkpoints()[-20:]):
            try:
                signers = [s.name for s in SignedNote.parse(cp.note).signatures]
            except ValueError:
                signers = []
            checkpoints.append({"size": cp.size, "root": base64.b64encode(cp.root).decode(), "created_at": cp.created_at,
                                "log": signers[:1], "witnesses": signers[1:], "note": cp.note})
        origin = store.get_meta("origin")
    return render(request, "ledger.html", org=org, entries=rows, size=size, root=root, checkpoints=checkpoints,
                  origin=origin)
