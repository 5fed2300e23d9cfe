"""Group commit of single decide calls (service/group_commit.py): which calls share a
transaction, what happens when the shared one fails, and a group against the real database."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest

from tests.service.conftest import TRANSFER, Api
from xborder.kb.base import KnowledgeBaseError
from xborder.service.decide import Transfer
from xborder.service.group_commit import Call, GroupCommit
from xborder.service.totals import Answer, request_digest


def call(org: str, n: int, key: str | None = None, **changes: Any) -> Call:
    body = {**TRANSFER, "id": f"t-{n}", **changes}
    t = Transfer.model_validate(body)
    return Call(org, (t,), key, request_digest(t.model_dump(mode="json", by_alias=True)) if key else "")


class Recorder:
    """Fake `together`/`alone`: answers with the flow ids, records how calls were grouped."""

    def __init__(self, fail_together: bool = False, fail_alone: frozenset[str] = frozenset()) -> None:
        self.groups: list[tuple[str, list[str]]] = []
        self.alone: list[str] = []
        self.fail_together, self.fail_alone = fail_together, fail_alone

    def together_fn(self, org: str, calls: list[Call]) -> list[Answer]:
        self.groups.append((org, [c.transfers[0].id for c in calls]))
        if self.fail_together:
            raise RuntimeError("the transaction was rolled back")
        return [Answer(200, c.transfers[0].id.encode()) for c in calls]

    def alone_fn(self, c: Call) -> Answer:
        self.alone.append(c.transfers[0].id)
        if c.transfers[0].id in self.fail_alone:
            raise KnowledgeBaseError("no law for that day")
        return Answer(200, c.transfers[0].id.encode())


def run(recorder: Recorder, calls: list[Call]) -> GroupCommit:
    gc = GroupCommit(recorder.together_fn, recorder.alone_fn, threads=1)
    gc.run(calls)
    return gc


def test_calls_of_one_organisation_share_a_transaction_in_order_of_arrival() -> None:
    rec = Recorder()
    calls = [call("acme", 1), call("other", 2), call("acme", 3), call("acme", 4)]
    run(rec, calls)
    assert rec.groups == [("acme", ["t-1", "t-3", "t-4"])]
    assert rec.alone == ["t-2"]  # alone in its organisation: a transaction of its own
    assert [c.answer.result().body for c in calls] == [b"t-1", b"t-2", b"t-3", b"t-4"]


def test_a_repeated_idempotency_key_waits_for_the_first_to_commit() -> None:
    rec = Recorder()
    calls = [call("acme", 1, key="k"), call("acme", 2), call("acme", 3, key="k"), call("other", 4, key="k")]
    run(rec, calls)
    # the same key in another organisation is another key
    assert rec.groups == [("acme", ["t-1", "t-2"])]
    assert rec.alone == ["t-4", "t-3"]  # t-3 after the group committed
    assert all(c.answer.done() for c in calls)


def test_when_the_shared_transaction_fails_each_call_is_decided_on_its_own() -> None:
    rec = Recorder(fail_together=True, fail_alone=frozenset({"t-2"}))
    calls = [call("acme", 1), call("acme", 2), call("acme", 3)]
    run(rec, calls)
    assert rec.groups == [("acme", ["t-1", "t-2", "t-3"])]
    assert rec.alone == ["t-1", "t-2", "t-3"]
    assert calls[0].answer.result().body == b"t-1" and calls[2].answer.result().body == b"t-3"
    with pytest.raises(KnowledgeBaseError):
        calls[1].answer.result()  # one call's failure is its own


def test_queued_calls_are_answered_by_the_threads_and_nothing_waits_for_a_group_to_fill() -> None:
    rec = Recorder()
    gc = GroupCommit(rec.together_fn, rec.alone_fn, threads=2)

    async def send(n: int) -> bytes:
        return (await gc.decide(call("acme", n))).body

    async def main() -> list[bytes]:
        first = await asyncio.wait_for(send(0), 5)  # alone: answered without company
        return [first, *await asyncio.wait_for(asyncio.gather(*(send(n) for n in range(1, 40))), 10)]

    assert asyncio.run(main()) == [f"t-{n}".encode() for n in range(40)]
    decided = sorted(rec.alone + [i for _, ids in rec.groups for i in ids], key=lambda s: int(s[2:]))
    assert decided == [f"t-{n}" for n in range(40)]  # each call decided exactly once


def test_a_group_against_the_database_counts_each_call_once_and_isolates_a_failure(api: Api, acme: dict) -> None:
    """One group, as a worker's thread would form it: a keyed call, its retry with the same key,
    a call the knowledge base cannot answer, and two plain calls. The shared transaction fails
    (the uncovered date), so each is decided on its own: only the bad one is refused, the retry
    gets the first's stored answer, and the totals hold the three other calls once each."""
    svc = api.client.app.state.service  # type: ignore[attr-defined]
    people = [{"residence": "CN", "count": 10_000}]
    first = call("acme", 1, key="order-1", record=True, subjects=people)
    calls = [first, call("acme", 2, subjects=people), call("acme", 3, as_of="2017-01-01"),
             Call("acme", first.transfers, "order-1", first.digest),  # the same request, retried
             call("acme", 5, subjects=people)]
    svc.decisions.run(calls)
    with pytest.raises(KnowledgeBaseError):
        calls[2].answer.result()
    answer, retry = (orjson.loads(calls[i].answer.result().body) for i in (0, 3))
    assert answer == retry and answer["ledger"] is not None
    assert [orjson.loads(calls[i].answer.result().body)["totals"]["individuals_after"] for i in (0, 1, 4)] == \
        [10_000, 20_000, 30_000]
    totals = api.client.get("/v1/orgs/acme/totals/shop-cn/2026", headers=acme["auditor"]).json()
    assert totals["individuals"] == 30_000 and totals["decisions"] == 3


def test_a_group_that_commits_together_answers_as_the_same_calls_one_by_one(api: Api, acme: dict) -> None:
    """Five calls of 30,000 people in one transaction, and the same five sent one by one for
    another organisation: the same decisions and totals (the fourth crosses CN's 100,000)."""
    api.org("beta")
    beta = api.account("beta-editor", {"beta": ["editor"]})
    bodies = [{**TRANSFER, "id": f"t-{n}", "subjects": [{"residence": "CN", "count": 30_000}], "record": n % 2 == 0}
              for n in range(5)]
    svc = api.client.app.state.service  # type: ignore[attr-defined]
    calls = [Call("acme", (t,), f"key-{n}", request_digest(t.model_dump(mode="json", by_alias=True)))
             for n, t in enumerate(Transfer.model_validate(b) for b in bodies)]
    svc.decisions.run(calls)
    grouped = [orjson.loads(c.answer.result().body) for c in calls]
    one_by_one = [api.client.post("/v1/decide", headers=beta, json=b).json() for b in bodies]

    def without_leaf(a: dict[str, Any]) -> dict[str, Any]:
        return {**a, "ledger": a["ledger"] is not None}

    assert [without_leaf(a) for a in grouped] == [without_leaf(a) for a in one_by_one]
    assert [a["decision"] for a in grouped] == ["allowed", "allowed", "allowed", "refused", "refused"]
    assert [a["ledger"]["leaf_index"] if a["ledger"] else None for a in grouped] == [0, None, 1, None, None]
    totals = api.client.get("/v1/orgs/acme/totals/shop-cn/2026", headers=acme["auditor"]).json()
    assert totals["individuals"] == 90_000 and totals["decisions"] == 3
    # the group remembered each keyed answer: a retry over HTTP is answered as before, not counted
    r = api.client.post("/v1/decide", headers={**acme["editor"], "Idempotency-Key": "key-2"}, json=bodies[2])
    assert r.json() == grouped[2]
    assert api.client.get("/v1/orgs/acme/totals/shop-cn/2026", headers=acme["auditor"]).json()["decisions"] == 3


def test_a_call_cancelled_while_it_waits_is_not_decided_and_the_threads_go_on() -> None:
    rec = Recorder()
    waiting, gone = call("acme", 1), call("acme", 2)
    assert gone.answer.cancel()  # the client went away before a thread took the call
    GroupCommit(rec.together_fn, rec.alone_fn, threads=1).run([waiting, gone])
    assert rec.alone == ["t-1"] and rec.groups == []
    assert waiting.answer.result().body == b"t-1"


def test_close_answers_what_was_queued_then_stops_the_threads_and_the_next_call_restarts_them() -> None:
    rec = Recorder()
    gc = GroupCommit(rec.together_fn, rec.alone_fn, threads=2)

    async def send(n: int) -> bytes:
        return (await gc.decide(call("acme", n))).body

    async def main(numbers: range) -> list[bytes]:
        return list(await asyncio.wait_for(asyncio.gather(*(send(n) for n in numbers)), 10))

    assert asyncio.run(main(range(10))) == [f"t-{n}".encode() for n in range(10)]
    threads = list(gc._threads)
    gc.close()
    assert threads and not any(t.is_alive() for t in threads)
    assert asyncio.run(main(range(10, 15))) == [f"t-{n}".encode() for n in range(10, 15)]
    gc.close()


def test_a_call_left_unanswered_by_a_bug_gets_an_error_and_the_thread_goes_on() -> None:
    def short(org: str, calls: list[Call]) -> list[Answer]:
        return []  # a bug: fewer answers than calls

    def alone(c: Call) -> Answer:
        return Answer(200, c.transfers[0].id.encode())

    gc = GroupCommit(short, alone, threads=1)
    a, b = call("acme", 0), call("acme", 1)
    gc._queue.put(a)
    gc._queue.put(b)
    gc._queue.put(None)
    gc._serve()  # the two calls as one group, then the stop signal
    for c in (a, b):
        with pytest.raises(RuntimeError, match="not answered"):
            c.answer.result(timeout=1)

    async def after() -> bytes:
        return (await asyncio.wait_for(gc.decide(call("acme", 2)), 5)).body

    assert asyncio.run(after()) == b"t-2"
    gc.close()
