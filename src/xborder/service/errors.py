"""Every error the API answers is JSON `{"error": {status, code, message, problems}}`:
never a stack trace, never the submitted values back (they may be personal data)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger("xborder.service")

CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
         429: "rate_limited", 500: "internal_error", 503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, problems: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.status, self.message, self.problems, self.headers = status, message, problems or [], headers or {}
        super().__init__(message)


def error_response(status: int, message: str, problems: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"status": status, "code": CODES.get(status, "error"), "message": message,
                      "problems": problems or []}}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out or "(body)"


def validation_problems(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    problems = []
    for err in errors:
        loc = list(err.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path", "header"):
            where = loc.pop(0)
            if where != "body":
                loc.insert(0, where)
        message = {"extra_forbidden": "unknown field", "missing": "required field is missing",
                   "json_invalid": "the body is not valid JSON"}.get(err.get("type", ""), err.get("msg", "invalid"))
        where = "(body)" if err.get("type") == "json_invalid" else field_path(loc)
        problems.append({"field": where, "message": message, "suggestion": None})
    return problems


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.problems, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        return error_response(422, "the request is invalid; nothing was done", validation_problems(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # The type only: a message or traceback could carry request data.
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_response(500, "internal error; nothing was done")
