"""A real ``python -m bot serve`` as a subprocess, for tests that kill it by PID."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from bot.config.secrets import new_data_key


def webhook_env(
    token: str, api_url: str, redis_url: str, key_prefix: str, **extra: str
) -> dict[str, str]:
    """What a ``serve`` in webhook mode needs, on the Bot API stand-in and a test prefix;
    a lock lease of 1 s, so a killed process frees its people quickly."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": api_url,
        "SAFAR_SERVER_PUBLIC_URL": "https://safar.test",
        "SAFAR_DATA_KEY": new_data_key(),
        "REDIS_URL": redis_url,
        "SAFAR_REDIS_KEY_PREFIX": key_prefix,
        "SAFAR_SESSION_LOCK_LEASE_SECONDS": "1",
        **extra,
    }


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env={**os.environ, **env, "SAFAR_SERVER_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("serve did not start")
        time.sleep(0.1)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
