"""32 clients push one exporter across the CN threshold at once, against `xborder serve` with
two worker processes: exactly one answer tips, and the totals are the sum of the calls."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx

from tests.service.conftest import TRANSFER
from tests.service.server import serve

CLIENTS, CALLS, PEOPLE = 32, 4, 1000  # 128,000 people: the 100th call carries the 100,000th


def test_32_clients_get_exactly_one_tipping_answer_and_totals_equal_the_sum(db_url: str, tmp_path: Path) -> None:
    with serve(db_url, tmp_path, workers=2, extra=("--rate-limit", "0")) as server:
        admin = {"Authorization": f"Bearer {server.admin_token}"}
        assert httpx.post(server.url + "/v1/orgs", headers=admin, json={"id": "acme", "name": "Acme"}).status_code == 201
        r = httpx.post(server.url + "/v1/accounts", headers=admin,
                       json={"name": "pipeline", "memberships": [{"org": "acme", "roles": ["editor", "auditor"]}]})
        token = {"Authorization": f"Bearer {r.json()['token']}"}
        body = {**TRANSFER, "subjects": [{"residence": "CN", "count": PEOPLE}],
                "safeguards": [*TRANSFER["safeguards"], "cn.standard-contract"]}
        answers: list[dict[str, Any]] = []
        errors: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS)

        def client(n: int) -> None:
            with httpx.Client(base_url=server.url, headers=token, timeout=60) as c:
                start.wait()
                for i in range(CALLS):
                    resp = c.post("/v1/decide", json={**body, "record": (n + i) % 2 == 0})
                    with lock:
                        if resp.status_code == 200:
                            answers.append(resp.json())
                        else:
                            errors.append(resp.text)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(answers) == CLIENTS * CALLS

        def cn(a: dict[str, Any]) -> str:
            return next(r["verdict"] for r in a["flow"]["regimes"] if r["regime"] == "CN-PIPL")

        tipping = [a for a in answers if a["totals"]["individuals_before"] < 100_000 <= a["totals"]["individuals_after"]]
        assert len(tipping) == 1 and cn(tipping[0]) == "conditional"
        assert all(cn(a) == "permitted" for a in answers if a["totals"]["individuals_after"] < 100_000)
        assert all(cn(a) == "conditional" for a in answers if a["totals"]["individuals_after"] >= 100_000)
        # each total seen once: the calls were decided one after another
        assert sorted(a["totals"]["individuals_after"] for a in answers) == \
            [PEOPLE * k for k in range(1, CLIENTS * CALLS + 1)]
        totals = httpx.get(server.url + "/v1/orgs/acme/totals/shop-cn/2026", headers=token).json()
        assert totals["individuals"] == CLIENTS * CALLS * PEOPLE and totals["decisions"] == CLIENTS * CALLS
        recorded = sorted(a["ledger"]["leaf_index"] for a in answers if a["ledger"])
        assert recorded == list(range(CLIENTS * CALLS // 2))
        entries = httpx.get(server.url + "/v1/orgs/acme/ledger", params={"limit": 1000}, headers=token).json()
        assert [e["leaf_index"] for e in entries["entries"]] == recorded
