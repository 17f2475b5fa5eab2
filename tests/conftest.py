"""Shared fixtures: settings, loaded resources, a fixed clock, and a real Redis.

Redis is the real server (``REDIS_URL``, default ``redis://127.0.0.1:6379/0``). When
none answers, a throwaway ``redis-server`` is started on a free port; when there is no
``redis-server`` binary either, the run stops with one line saying how to get one.
Tests never skip for want of Redis.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from redis.exceptions import RedisError

import bot.actions  # noqa: F401 - registers actions
from bot.cases.store import RedisCaseStore
from bot.config.secrets import DataKeys
from bot.config.settings import ROOT, Settings, load_settings
from bot.engine.resources import Resources
from bot.store.codec import SessionCodec
from bot.store.redis import Drafts, RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.redis_process import RedisProcess
from tests.support.servers import free_port, serve_in_thread

# 2026-11-22 12:00 UTC: golden transcripts and contact ages must not drift with the calendar.
FIXED_NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC).timestamp()
TEST_KEYS = DataKeys.from_master(b"safar test key, not a secret...")


def _answers(url: str) -> bool:
    try:
        return bool(SyncRedis.from_url(url, socket_connect_timeout=1).ping())
    except (RedisError, OSError):
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if _answers(url):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.exit(
            f"No Redis answers at {url} and redis-server is not installed: "
            "install it (apt-get install redis-server) or set REDIS_URL.",
            returncode=3,
        )
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while not _answers(url):
        if time.monotonic() > deadline:
            process.kill()
            pytest.exit(f"started redis-server on port {port} but it did not answer", returncode=3)
        time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """A prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"safar-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = SyncRedis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def make_store(
    client: Redis, prefix: str, *, lock_timeout: float = 5.0, drafts: Drafts | None = None
) -> RedisStore:
    """A Redis store with the test key, for tests that need their own client."""
    return RedisStore(
        client,
        SessionCodec(TEST_KEYS),
        prefix=prefix,
        retention_seconds=3600,
        dedupe_seconds=3600,
        lock_timeout=lock_timeout,
        drafts=drafts,
    )


@pytest.fixture
def redis_store(redis_client: Redis, key_prefix: str) -> RedisStore:
    return make_store(redis_client, key_prefix)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(ROOT / "config.toml", env={})


@pytest.fixture(scope="session")
def resources(settings: Settings) -> Resources:
    return Resources.load(settings)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of flows, locales, data and config, for tests that break them."""
    for folder in ("flows", "locales", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    for folder in ("flows", "locales", "data"):
        config = config.replace(
            f'{folder}_dir = "{folder}"', f'{folder}_dir = "{tmp_path / folder}"'
        )
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    return tmp_path


@pytest.fixture
def case_store(redis_client: Redis, key_prefix: str) -> RedisCaseStore:
    """Cases in the real Redis, under this test's prefix and the test key."""
    return RedisCaseStore(
        redis_client, SessionCodec(TEST_KEYS), prefix=key_prefix, dedupe_seconds=3600
    )


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    """A redis-server of this test's own, to kill and restart under a running client."""
    server = RedisProcess(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def bot_api() -> Iterator[tuple[FakeTelegram, str]]:
    """The Bot API stand-in on 127.0.0.1, and its base URL."""
    fake = FakeTelegram()
    with serve_in_thread(fake.app()) as url:
        yield fake, url


@pytest.fixture
def twilio_api() -> Iterator[tuple[FakeTwilio, str]]:
    """Twilio's REST API stand-in on 127.0.0.1, and its base URL."""
    fake = FakeTwilio()
    with serve_in_thread(fake.app()) as url:
        yield fake, url
