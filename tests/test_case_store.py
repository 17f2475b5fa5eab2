"""The case case_store on the real Redis: durable opening, queue order, atomic changes, audit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from redis.asyncio import Redis

from bot.cases import changes
from bot.cases.layout import cases_base, legacy_base
from bot.cases.model import Case, CaseStatus, Entry, NewCase
from bot.cases.outbox import Outgoing
from bot.cases.store import RedisCaseStore
from bot.store.codec import SessionCodec
from tests.conftest import TEST_KEYS
from tests.support.cases import waiting_case
from tests.support.redis_dump import dump

T0 = 1_800_000_000.0
CONTACT = "telegram:7100013371"


def _builder(priority: str, at: float, **fields: str) -> Callable[[str], Case]:
    def build(case_id: str) -> Case:
        return Case(
            id=case_id,
            priority=priority,
            status=CaseStatus.WAITING,
            language="tg",
            channel="telegram",
            created_at=at,
            contact=CONTACT,
            **fields,  # type: ignore[arg-type]
        )

    return build


async def _open(
    case_store: RedisCaseStore, priority: str, at: float, message: str, contact: str = CONTACT
) -> Case:
    new = NewCase(priority, "tg", contact, {}, idempotency=message)
    case, _ = await case_store.open(new, _builder(priority, at))
    return case


async def test_a_redelivered_message_opens_no_second_case(case_store: RedisCaseStore) -> None:
    """The same inbound message id returns the case it opened, not a new one."""
    first, created = await case_store.open(
        NewCase("P2", "tg", CONTACT, {}, "m1"), _builder("P2", T0)
    )
    again, created_again = await case_store.open(
        NewCase("P2", "tg", CONTACT, {}, "m1"), _builder("P2", T0 + 5)
    )
    assert created and not created_again
    assert again.id == first.id
    assert [c.id for c in await case_store.waiting()] == [first.id]


async def test_waiting_cases_are_ordered_by_priority_then_age(case_store: RedisCaseStore) -> None:
    """P1 before P2 before P3, and the older first within a priority."""
    old_p3 = await _open(case_store, "P3", T0, "a", "sms:+1")
    new_p1 = await _open(case_store, "P1", T0 + 300, "b", "sms:+2")
    old_p1 = await _open(case_store, "P1", T0 + 100, "c", "sms:+3")
    p2 = await _open(case_store, "P2", T0 + 50, "d", "sms:+4")
    assert [c.id for c in await case_store.waiting()] == [old_p1.id, new_p1.id, p2.id, old_p3.id]
    assert await case_store.position(old_p3.id) == 4
    assert await case_store.position(old_p1.id) == 1


async def test_of_many_simultaneous_claims_exactly_one_wins(case_store: RedisCaseStore) -> None:
    """Ten caseworkers press Claim at once: one holds the case, nine are refused."""
    case = await _open(case_store, "P1", T0, "m")
    results = await asyncio.gather(
        *(case_store.change(case.id, changes.claimed(worker, T0 + 60)) for worker in range(1, 11))
    )
    winners = [after.claimed_by for after, applied in results if applied]
    assert len(winners) == 1
    stored = await case_store.get(case.id)
    assert stored is not None and stored.claimed_by == winners[0]
    assert stored.status is CaseStatus.CLAIMED
    assert await case_store.waiting() == []


async def test_changes_refused_by_state_leave_the_case_alone(case_store: RedisCaseStore) -> None:
    """Only the claimant releases or closes; a closed case cannot be claimed."""
    case = await _open(case_store, "P2", T0, "m")
    await case_store.change(case.id, changes.claimed(7, T0 + 1))
    _, released = await case_store.change(case.id, changes.released(by=8))
    assert not released
    after, closed = await case_store.change(case.id, changes.closed(7, "helped", T0 + 2))
    assert closed and after.status is CaseStatus.CLOSED and after.outcome == "helped"
    _, claimed_again = await case_store.change(case.id, changes.claimed(9, T0 + 3))
    assert not claimed_again
    assert await case_store.open_case_of(CONTACT) is None  # closed: no longer the person's case
    assert await case_store.closed_before(T0 + 10) == [case.id]


async def test_a_change_and_its_messages_are_one_transaction(case_store: RedisCaseStore) -> None:
    """What a change queues is in the outbox exactly when the change was applied."""
    case = await _open(case_store, "P2", T0, "m")  # queues the card
    await case_store.change(case.id, changes.claimed(1, T0), then=(Outgoing("desk", case.id, "x"),))
    await case_store.change(case.id, changes.claimed(2, T0), then=(Outgoing("desk", case.id, "y"),))
    entries = await case_store._redis.xrange(case_store.key("outbox"))
    # The card, and "x"; the refused claim queued nothing.
    assert entries is not None and len(entries) == 2


async def test_redis_holds_no_plaintext_of_a_case(
    case_store: RedisCaseStore, key_prefix: str
) -> None:
    """The person's words, their address and the code word are not readable in Redis."""
    words = "Шиносномаамро гирифтанд, маро дар анбор қуфл карданд"
    new = NewCase("P1", "tg", CONTACT, {}, "m")
    case, _ = await case_store.open(new, _builder("P1", T0, text=words, city="Екатеринбург"))
    await case_store.change(case.id, changes.written_by_person(Entry(T0, "person", words)))
    raw = await dump(case_store._redis, key_prefix)
    for secret in (words, "7100013371", "Екатеринбург", "анбор"):
        assert secret.encode() not in raw
    assert (await case_store.get(case.id)) is not None


async def test_delete_erases_the_case_and_its_indexes(case_store: RedisCaseStore) -> None:
    """After delete nothing finds the case: not the queue, the person, or the thread."""
    case = await _open(case_store, "P2", T0, "m")
    await case_store.change(case.id, changes.card_posted(555))
    assert await case_store.case_for_thread(555) == case.id
    await case_store.delete(case.id)
    assert await case_store.get(case.id) is None
    assert await case_store.waiting() == []
    assert await case_store.open_case_of(CONTACT) is None
    assert await case_store.case_for_thread(555) is None


async def test_audit_keeps_who_what_when_and_no_content(case_store: RedisCaseStore) -> None:
    """Audit entries are read back newest first, with actor, action, case and result."""
    await case_store.audit(T0, "telegram:42", "claim", "C-1001", "ok")
    await case_store.audit(T0 + 1, "telegram:99", "claim", "C-1001", "denied")
    newest, oldest = await case_store.audit_log(2)
    assert newest["actor"] == "telegram:99" and newest["result"] == "denied"
    assert oldest["action"] == "claim" and float(oldest["at"]) == T0


async def test_usual_claim_time_is_the_median_of_recent_claims(case_store: RedisCaseStore) -> None:
    """With no history there is no claim to report; then the median of recent ones."""
    assert await case_store.usual_claim_seconds("P2") is None
    for seconds in (60, 600, 120):
        await case_store.record_claim_delay("P2", seconds)
    assert await case_store.usual_claim_seconds("P2") == 120


async def test_cases_of_the_old_layout_are_moved_once_and_read_back(
    redis_client: Redis, key_prefix: str
) -> None:
    """Cases kept under ``{cases}`` (before the prefix moved into the tag) are renamed to
    the new layout at start; the case, its queue and its outbox entry read back; a
    second start moves nothing."""
    store = RedisCaseStore(
        redis_client, SessionCodec(TEST_KEYS), prefix=key_prefix, dedupe_seconds=60
    )
    case, _ = await store.open(
        NewCase("P2", "ru", "telegram:5", idempotency="telegram#5"), waiting_case("telegram:5")
    )
    new, old = cases_base(key_prefix), legacy_base(key_prefix)
    async for raw in redis_client.scan_iter(match=f"{new}:*"):  # as an old deployment kept it
        key = raw.decode()
        await redis_client.rename(key, old + key[len(new) :])
    assert await store.get(case.id) is None
    moved = await store.move_legacy_keys()
    assert moved >= 4  # the case, the queue, the person's link, the outbox...
    found = await store.get(case.id)
    assert found is not None and found.priority == "P2"
    assert [c.id for c in await store.all_cases()] == [case.id]
    assert [k async for k in redis_client.scan_iter(match=f"{old}:*")] == []
    assert await store.move_legacy_keys() == 0


async def test_redis_down_at_start_does_not_stop_the_move_or_the_server() -> None:
    """The move of old case keys runs at start; with Redis down it gives up quietly
    (the server still starts and reports Redis down) and is tried at the next start."""
    down = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    store = RedisCaseStore(down, SessionCodec(TEST_KEYS), prefix="down", dedupe_seconds=60)
    try:
        assert await store.move_legacy_keys() == 0
    finally:
        await down.aclose()
