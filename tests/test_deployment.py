"""Deployment files that run as documented (#15, item 7). No Docker daemon runs here, so
the compose file and the Dockerfile are read and checked for what the README promises;
what they run is run for real: the health command against a real ``serve``, and a Redis
backup restored into a fresh server with a case read back."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from redis import Redis as SyncRedis
from redis.asyncio import Redis

from bot.cases.model import NewCase
from bot.cases.store import RedisCaseStore
from bot.config.settings import ROOT
from bot.store.codec import SessionCodec
from tests.conftest import TEST_KEYS
from tests.support.cases import WORDS, waiting_case
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.redis_process import RedisProcess
from tests.support.serve_process import serving, webhook_env
from tests.support.servers import free_port

PINNED = re.compile(r":\d+\.\d+\.\d+")  # a full version, not "7-alpine" or "latest"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def test_the_compose_file_runs_as_the_readme_says() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        if "image" in service and "build" not in service:
            assert PINNED.search(service["image"]), f"{name}: {service['image']} is not pinned"
    bot = services["bot"]
    # Every setting can come from .env; no secret is written into the file itself.
    assert bot["env_file"][0]["path"] == ".env"
    for value in bot["environment"].values():
        assert str(value).startswith("${"), value
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    assert bot["healthcheck"]["test"] == ["CMD", "python", "-m", "bot", "health"]
    mounted = {v.split(":")[1]: v.split(":")[-1] for v in bot["volumes"]}
    assert mounted == {"/app/data": "ro", "/app/flows": "ro", "/app/locales": "ro"}
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    sentinel = {n for n, s in services.items() if "sentinel" in s.get("profiles", [])}
    assert sentinel == {"redis-replica", "sentinel"}
    assert "--appendonly" in services["redis"]["command"]


def test_the_dockerfile_is_pinned_checks_its_content_and_its_health() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    base = next(line for line in lines if line.startswith("FROM "))
    assert PINNED.search(base), base
    text = "\n".join(lines)
    assert "RUN python -m bot flows check" in text
    assert 'CMD ["python", "-m", "bot", "health"]' in text
    assert text.rstrip().endswith('CMD ["python", "-m", "bot", "serve"]')
    # What the image copies must exist here, or the build fails.
    for line in lines:
        if line.startswith("COPY "):
            for part in line.split()[1:-1]:
                assert (ROOT / part).exists(), part


def _health(port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        env={**os.environ, "SAFAR_SERVER_PORT": str(port)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_health_command_reads_a_real_serve(
    bot_api: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> None:
    """What the image's HEALTHCHECK runs: 0 while serve answers 200, 1 when nothing does."""
    _, api_url = bot_api
    port = free_port()
    with serving(webhook_env(TOKEN, api_url, redis_url, key_prefix), port):
        healthy = _health(port)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert '"redis": true' in healthy.stdout or '"redis":true' in healthy.stdout
    gone = _health(port)
    assert gone.returncode == 1
    assert "not answering" in gone.stderr


async def test_a_redis_backup_restores_into_a_fresh_server_with_its_cases(
    tmp_path: Path,
) -> None:
    """README "Backup and restore": SAVE, copy dump.rdb, start a new server on it."""
    (tmp_path / "live").mkdir()
    (tmp_path / "restored").mkdir()
    live = RedisProcess(tmp_path / "live")
    live.start()
    try:
        client = Redis.from_url(live.url)
        store = RedisCaseStore(client, SessionCodec(TEST_KEYS), prefix="b", dedupe_seconds=60)
        case, _ = await store.open(
            NewCase("P2", "tg", "telegram:9", idempotency="t#1"), waiting_case("telegram:9")
        )
        await client.aclose()
        SyncRedis.from_url(live.url).save()  # what a nightly backup job runs
        shutil.copy(tmp_path / "live" / "dump.rdb", tmp_path / "restored" / "dump.rdb")
    finally:
        live.kill()
    # Redis with AOF on ignores a dump.rdb when it has no AOF yet: start without, then
    # turn AOF on (Redis writes it from what it loaded), then restart as configured.
    folder = tmp_path / "restored"
    for extra in (("--appendonly", "no"), ()):
        restored = RedisProcess(folder, *extra)
        restored.start()
        client = Redis.from_url(restored.url)
        try:
            store = RedisCaseStore(client, SessionCodec(TEST_KEYS), prefix="b", dedupe_seconds=60)
            back = await store.get(case.id)
            assert back is not None and back.text == WORDS
            if extra:
                await client.config_set("appendonly", "yes")
                for _ in range(200):  # the AOF is written in the background
                    info = await client.info("persistence")
                    if not (info["aof_rewrite_in_progress"] or info["aof_rewrite_scheduled"]):
                        break
                    await asyncio.sleep(0.05)
        finally:
            await client.aclose()
            restored.kill()
