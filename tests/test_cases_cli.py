"""``python -m bot cases``: what supervisors see, never a way to reach anyone; audited."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from redis.asyncio import Redis

from bot.cases import changes
from bot.cases.cli import CasesCommand
from bot.cases.model import Case, CaseStatus, Entry, NewCase
from bot.cases.service import CaseService
from bot.cases.store import RedisCaseStore
from bot.config.secrets import DataKeys
from bot.config.settings import ROOT, load_settings
from bot.engine.resources import Resources
from bot.store.codec import SessionCodec
from tests.conftest import TEST_KEYS

T0 = 1_800_000_000.0
DAY = 86400.0
CLI_MASTER = b"a made-up 32-byte key for tests!"  # SAFAR_DATA_KEY needs 32 bytes or more


def _case(priority: str, at: float, **fields: object) -> Callable[[str], Case]:
    def build(case_id: str) -> Case:
        base = Case(case_id, priority, CaseStatus.WAITING, "ru", "sms", at)
        return replace(base, **fields)  # type: ignore[arg-type]

    return build


def _service(case_store: RedisCaseStore, retention_days: int) -> CaseService:
    settings = load_settings(ROOT / "config.toml", env={})
    cases = replace(settings.cases, retention_days=retention_days)
    return CaseService(case_store, Resources.load(settings), cases, settings.desk)


async def _seed(case_store: RedisCaseStore) -> tuple[Case, Case]:
    words = "Бригадир забрал паспорт, звоните +79161234567"
    waiting, _ = await case_store.open(
        NewCase("P2", "ru", "sms:+79161234567", {}, "m1"),
        _case("P2", T0, contact="sms:+79161234567", text=words, indicators=("documents_taken",)),
    )
    old, _ = await case_store.open(NewCase("P3", "tg", "telegram:5", {}, "m2"), _case("P3", T0))
    await case_store.change(old.id, changes.claimed(501, T0 + 60))
    await case_store.change(old.id, changes.added(Entry(T0 + 90, "caseworker:501", "Ok")))
    await case_store.change(old.id, changes.closed(501, "helped", T0 + 120))
    return waiting, old


async def test_list_show_and_export_reveal_no_number(case_store: RedisCaseStore) -> None:
    """Each use is audited; the person's number appears nowhere, not even in show."""
    waiting, closed = await _seed(case_store)
    out = io.StringIO()
    command = CasesCommand(_service(case_store, 90), out=out, clock=lambda: T0 + DAY)
    await command.list(None)
    await command.show(waiting.id)
    await command.export("closed")
    text = out.getvalue()
    assert f"{waiting.id:8} P2 waiting  ru sms" in text
    assert "words: Бригадир забрал паспорт, звоните […]" in text
    assert "79161234567" not in text
    exported = json.loads(text.strip().splitlines()[-1])
    assert exported["id"] == closed.id and exported["outcome"] == "helped"
    assert exported["claim_minutes"] == 1 and "text" not in exported
    actions = [e["action"] for e in await case_store.audit_log()]
    assert actions == ["cli export", "cli show", "cli list"]


async def test_purge_erases_closed_cases_past_their_retention(case_store: RedisCaseStore) -> None:
    """--dry-run counts; purge erases only closed cases older than retention_days."""
    waiting, closed = await _seed(case_store)
    out = io.StringIO()
    later = CasesCommand(_service(case_store, 30), out=out, clock=lambda: T0 + 31 * DAY)
    await later.purge(dry_run=True)
    assert await case_store.get(closed.id) is not None
    await case_store.change(closed.id, changes.card_posted(4242))
    await later.purge(dry_run=False)
    assert await case_store.get(closed.id) is None
    queued: Any = await case_store._redis.xrange(case_store.key("outbox"))
    last = SessionCodec(TEST_KEYS).unseal_json(queued[-1][1][b"blob"])
    assert isinstance(last, dict)
    assert (last["kind"], last["case"], last["to"]) == ("card", closed.id, "4242")
    assert last["text"] == f"Дело {closed.id} удалено по истечении срока хранения."
    assert await case_store.get(waiting.id) is not None  # open cases are never purged
    assert "1 closed case(s) older than 30 days erased" in out.getvalue()


async def test_the_command_line_reads_the_real_store(
    redis_client: Redis, redis_url: str, key_prefix: str
) -> None:
    """`python -m bot cases list` with the deployment's data key and prefix."""
    assert len(CLI_MASTER) == 32
    keyed = RedisCaseStore(
        redis_client,
        SessionCodec(DataKeys.from_master(CLI_MASTER)),
        prefix=key_prefix,
        dedupe_seconds=3600,
    )
    waiting, _ = await _seed(keyed)
    env = {
        **os.environ,
        "SAFAR_DATA_KEY": base64.urlsafe_b64encode(CLI_MASTER).decode(),
        "SAFAR_REDIS_KEY_PREFIX": key_prefix,
        "REDIS_URL": redis_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "cases",
        "list",
        "--status",
        "waiting",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert stdout.decode().startswith(waiting.id)
    assert "1 case(s)" in stderr.decode()
