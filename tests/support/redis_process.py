"""A redis-server of a test's own, to stop, kill and restart under a running client."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from redis import Redis as SyncRedis
from redis.exceptions import RedisError

from tests.support.servers import free_port


class RedisProcess:
    """One redis-server on a free port, with persistence so a restart keeps the data."""

    def __init__(self, folder: Path, *extra: str) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            msg = "redis-server is not installed (apt-get install redis-server)"
            raise RuntimeError(msg)
        self._binary = binary
        self._folder = folder
        self._extra = extra
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                self._binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self._folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                *self._extra,
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                self.kill()
                msg = f"redis-server on port {self.port} did not answer"
                raise RuntimeError(msg)
            time.sleep(0.02)

    def answers(self) -> bool:
        try:
            return bool(SyncRedis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except (RedisError, OSError):
            return False

    def kill(self) -> None:
        """SIGKILL: connections drop with no goodbye, as in a crash."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def restart(self) -> None:
        self.kill()
        self.start()
