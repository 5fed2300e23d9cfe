"""A short schemathesis run over the OpenAPI document: no request it makes gets a 5xx.

The caller holds every role in `acme` and is a regulator, so requests reach the routes'
logic rather than stopping at 401/403; examples per operation are few, to stay fast."""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.service.conftest import Api, make_api  # noqa: E402

def test_no_request_gets_a_server_error(tmp_path: Path) -> None:
    from hypothesis import given

    for api in make_api(str(tmp_path / "service.db"), tmp_path, rate_per_second=0):
        api.org("acme")
        api.org("regulator-lingang", kind="regulator")
        headers = {**api.account("everything", {"acme": ["viewer", "editor", "approver", "auditor", "admin"],
                                                "regulator-lingang": ["regulator"]}), "X-Xborder-Org": "acme"}
        schema = schemathesis.openapi.from_asgi("/v1/openapi.json", api.client.app)
        failures: list[str] = []
        operations, calls = 0, [0]
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1

            @given(case=operation.as_strategy())
            @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def run(case: object) -> None:
                response = case.call(headers=headers)  # type: ignore[attr-defined]
                calls[0] += 1
                if response.status_code >= 500:
                    failures.append(f"{operation.label}: {response.status_code} {response.text[:300]}")
                elif response.status_code >= 400:
                    assert response.json()["error"]["status"] == response.status_code

            run()
        assert operations >= 25 and calls[0] >= 2 * operations
        assert failures == []


def test_the_openapi_document_lists_every_resource(sqlite_api: Api) -> None:
    paths = sqlite_api.client.get("/v1/openapi.json").json()["paths"]
    for path in ("/v1/decide", "/v1/decide/batch", "/v1/orgs/{org}/maps/{name}/revisions/{number}/assessment",
                 "/v1/zones/{zone}/filings/{filing_id}/approve", "/v1/orgs/{org}/ledger/{leaf_index}",
                 "/v1/orgs/{org}/audit"):
        assert path in paths
