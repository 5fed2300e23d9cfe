"""Group commit: the single decide calls waiting in one worker share a transaction.

Why: every transaction costs its BEGIN, row locks, COMMIT and, on PostgreSQL with fsync, a
flush to disk; per call that was as much CPU as the server spent on the decision itself.
Calls that arrive while a transaction runs wait for the next one, which decides them in
order of arrival (each sees the totals the ones before it left, exactly as in a batch) and
commits them together. Nothing waits for a group to fill: a call that finds the queue empty
is decided at once, alone.

- An answer is given only after its transaction committed: nothing acknowledged is lost.
- If the shared transaction fails (a call the knowledge base cannot answer, an idempotency
  key raced in from another worker), it rolls back whole and each of its calls is decided
  again in a transaction of its own, so one call's failure never becomes another's.
- Two calls with the same idempotency key never share a transaction: the second waits for
  the first to commit and is then answered from the stored answer.
- One organisation per transaction (a `Decider` decides for one); groups lock their
  exporter-year rows in one sorted order and the ledger's lock last, so concurrent groups on
  several workers cannot deadlock.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from xborder.kb import KnowledgeBase
from xborder.service.decide import Transfer
from xborder.service.totals import Answer, Decider, remember, stored_answer

MAX_GROUP = 64  # calls per transaction: bounds how long the rows stay locked and the first call waits


@dataclass(slots=True)
class Call:
    """One decide request: a transfer (`POST /v1/decide`), or several decided in order and
    answered as one list (`batch`, `POST /v1/decide/batch`)."""

    org: str
    transfers: tuple[Transfer, ...]
    key: str | None  # the Idempotency-Key header
    digest: str  # the request's digest, when it has a key
    batch: bool = False
    answer: Future[Answer] = field(default_factory=Future)


def decide_together(conn: Connection, org: str, kb: KnowledgeBase, calls: list[Call]) -> list[Answer]:
    """Decide `calls` of one organisation in order inside the caller's transaction (no two with
    the same idempotency key): lock the rows, answer a key seen before from the store, append
    the recorded decisions to the ledger, remember each keyed answer."""
    decider = Decider(conn, org, kb)
    decider.lock([t for c in calls for t in c.transfers])
    answers: list[Answer | None] = [None] * len(calls)
    decided = []
    for i, c in enumerate(calls):
        if c.key:
            found = stored_answer(conn, org, c.key, c.digest)
            if found is not None:
                answers[i] = found
                continue
        decided.append((i, [decider.decide(t) for t in c.transfers]))
    bodies = iter(decider.finish([p for _, pending in decided for p in pending]))
    for i, pending in decided:
        c = calls[i]
        parts = [next(bodies) for _ in pending]
        answer = answers[i] = Answer(200, b'{"decisions":[' + b",".join(parts) + b"]}" if c.batch else parts[0])
        if c.key:
            remember(conn, org, c.key, c.digest, answer)
    return answers  # type: ignore[return-value]


def decide_alone(transaction: Callable[[], AbstractContextManager[Connection]], kb: KnowledgeBase,
                 call: Call) -> Answer:
    """Decide one call in a transaction of its own (`transaction()`), run again if the
    database aborted it (an idempotency key raced in from another worker, a deadlock or a
    serialisation failure), up to three times."""
    for attempt in range(3):
        try:
            with transaction() as conn:
                return decide_together(conn, call.org, kb, [call])[0]
        except IntegrityError:
            # the same idempotency key raced in from another exporter's lock: the other call won
            if not call.key or attempt == 2:
                raise
        except OperationalError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class GroupCommit:
    """Decides queued calls, a group per transaction, on `threads` threads of this process.

    `together(org, calls)` runs one transaction for several calls and may raise;
    `alone(call)` decides one call with the retries a single call gets."""

    def __init__(self, together: Callable[[str, list[Call]], list[Answer]], alone: Callable[[Call], Answer],
                 threads: int, max_group: int = MAX_GROUP) -> None:
        self._together, self._alone = together, alone
        self._max_group = max(1, max_group)
        self._queue: queue.SimpleQueue[Call | None] = queue.SimpleQueue()  # None: a thread's signal to stop
        self._thread_count = max(1, threads)
        self._threads: list[threading.Thread] = []  # none: not started (or closed)
        self._start_lock = threading.Lock()

    async def decide(self, call: Call) -> Answer:
        """The call's answer once its transaction committed. A call cancelled while it waits
        (the client went away) is not decided."""
        self._start()
        self._queue.put(call)
        return await asyncio.wrap_future(call.answer)

    def close(self) -> None:
        """Stop the threads once the calls queued before have been answered (the next call
        starts them again)."""
        with self._start_lock:
            for _ in self._threads:
                self._queue.put(None)
            for thread in self._threads:
                thread.join()
            self._threads = []

    def _start(self) -> None:
        if self._threads:
            return
        with self._start_lock:
            if not self._threads:
                # daemon: a stopping worker has answered its requests already (see `close`)
                threads = [threading.Thread(target=self._serve, name=f"xborder-decide-{n}", daemon=True)
                           for n in range(self._thread_count)]
                for thread in threads:
                    thread.start()
                self._threads = threads

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            while len(group) < self._max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # another thread's, or ours after this group
                    break
                group.append(more)
            failure: BaseException = RuntimeError("the decision was not answered")
            try:
                self.run(group)
            except BaseException as exc:  # never lose the thread
                failure = exc
            for c in group:  # never leave a call waiting
                if not c.answer.done():
                    c.answer.set_exception(failure)

    def run(self, group: list[Call]) -> None:
        """Answer every call of `group` (each answer or exception lands in its future)."""
        by_org: dict[str, list[Call]] = {}
        later: list[Call] = []
        keys: set[tuple[str, str]] = set()
        for c in group:
            if not c.answer.set_running_or_notify_cancel():
                continue  # cancelled while it waited: not decided
            if c.key is not None and (c.org, c.key) in keys:
                later.append(c)  # after the first one's commit: answered from its stored answer
                continue
            if c.key is not None:
                keys.add((c.org, c.key))
            by_org.setdefault(c.org, []).append(c)
        for org, calls in by_org.items():
            if len(calls) == 1 or not self._decided_together(org, calls):
                for c in calls:
                    self._one(c)
        for c in later:
            self._one(c)

    def _decided_together(self, org: str, calls: list[Call]) -> bool:
        try:
            answers = self._together(org, calls)
        except Exception:  # rolled back whole: the caller decides each call on its own
            return False
        for c, a in zip(calls, answers):
            c.answer.set_result(a)
        return True

    def _one(self, call: Call) -> None:
        try:
            call.answer.set_result(self._alone(call))
        except BaseException as exc:  # the route turns it into the error answer
            call.answer.set_exception(exc)
