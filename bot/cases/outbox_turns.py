"""Each case's outbox entries in order across workers: numbers given as they are queued,
and a turn that moves on only past what was delivered or given up.

An entry carries its case (a case number, nothing personal) and a number from the
case's counter, given by Redis in the same transaction that queues it. A worker
delivers an entry only in its turn. The turn moves on with the acknowledgement, and
only from that entry's own number (compare-and-set), so it can never jump over an
entry still waiting. If the entry the turn points at is gone from the stream
(delivered by a worker of an older version, which did not move turns), the turn
skips to the earliest number still there, so a case can never be stuck. The counter
and the turn are renewed together and expire together.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

KEPT_SECONDS = 400 * 24 * 3600  # a case's counter and turn, renewed with each use
WAIT_SECONDS = 0.5  # how long an entry waits for an earlier one of its case per round
SCAN_LIMIT = 2000  # stream entries looked through for an earlier one of the case

# KEYS: stream, counter, turn. ARGV: blob, case, ttl. In the caller's transaction.
ENQUEUE = """
local seq = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return redis.call('XADD', KEYS[1], '*', 'blob', ARGV[1], 'case', ARGV[2], 'seq', seq)
"""
# KEYS: turn, counter. ARGV: the entry's number, ttl. The turn moves from it alone.
_ADVANCE = """
local turn = tonumber(redis.call('GET', KEYS[1]) or '1')
if turn == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], turn + 1, 'EX', ARGV[2])
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return turn
"""
# KEYS: turn. ARGV: from, to. Skip a gap: only if nobody moved the turn meanwhile.
_SKIP = """
local turn = tonumber(redis.call('GET', KEYS[1]) or '1')
if turn == tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return turn
"""


def counter_key(stream: str, case: str) -> str:
    return f"{stream}:seq:{case}"


def turn_key(stream: str, case: str) -> str:
    return f"{stream}:turn:{case}"  # the number of the case's next entry to deliver


def numbered(fields: dict[bytes, bytes]) -> tuple[str, int] | None:
    """The entry's case and number (entries queued before numbering have none)."""
    case, seq = fields.get(b"case"), fields.get(b"seq")
    if not case or not seq or not seq.isdigit():
        return None
    return case.decode(), int(seq)


class CaseTurns:
    def __init__(self, client: Redis, stream: str) -> None:
        self._redis = client
        self._stream = stream

    async def wait(self, case: str, seq: int) -> str:
        """ "due", "delivered" (its turn has passed) or "later" (not yet, after a wait)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_SECONDS
        while True:
            turn = int(await self._redis.get(turn_key(self._stream, case)) or 1)
            if seq < turn:
                return "delivered"
            if seq == turn:
                return "due"
            earliest = await self._earliest_waiting(case, below=seq)
            if earliest is None or earliest > turn:
                # Nothing of this case numbered from the turn up to this entry is left:
                # move the turn to the earliest that is (this one, if none).
                target = seq if earliest is None else earliest
                await self._redis.eval(_SKIP, 1, turn_key(self._stream, case), turn, target)
                continue
            if loop.time() >= deadline:
                return "later"
            await asyncio.sleep(0.02)

    async def _earliest_waiting(self, case: str, *, below: int) -> int | None:
        entries: Any = await self._redis.xrange(self._stream, "-", "+", count=SCAN_LIMIT)
        numbers = [
            turn[1]
            for _, fields in entries
            if (turn := numbered(fields)) is not None and turn[0] == case and turn[1] < below
        ]
        return min(numbers) if numbers else None

    def advance(self, pipe: Pipeline, case: str, seq: int) -> None:
        """In the acknowledgement's transaction: the turn moves past ``seq``, if it was its."""
        pipe.eval(
            _ADVANCE,
            2,
            turn_key(self._stream, case),
            counter_key(self._stream, case),
            seq,
            KEPT_SECONDS,
        )
