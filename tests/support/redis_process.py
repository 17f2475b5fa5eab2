"""A redis-server of a test's own, to stop, kill and restart under a running client."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
from pathlib import Path

from redis import Redis as SyncRedis
from redis.exceptions import RedisError

from tests.support.servers import free_port


class RedisProcess:
    """One redis-server on a free port, with persistence so a restart keeps the data."""

    def __init__(self, folder: Path, *extra: str, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            msg = "redis-server is not installed (apt-get install redis-server)"
            raise RuntimeError(msg)
        self._binary = binary
        self._folder = folder
        self._extra = extra
        self.port = port if port is not None else free_port()
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


class SentinelProcess:
    """One Sentinel watching ``primary_port`` as ``service``, quick to call a failover."""

    def __init__(self, folder: Path, service: str, primary_port: int) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            msg = "redis-server is not installed (apt-get install redis-server)"
            raise RuntimeError(msg)
        self.port = free_port()
        self._config = folder / "sentinel.conf"  # Sentinel rewrites its file: its own
        self._config.write_text(
            f"port {self.port}\nbind 127.0.0.1\ndir {folder}\n"
            f"sentinel monitor {service} 127.0.0.1 {primary_port} 1\n"
            f"sentinel down-after-milliseconds {service} 400\n"
            f"sentinel failover-timeout {service} 2000\n"
            f"sentinel parallel-syncs {service} 1\n"
        )
        self._binary = binary
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [self._binary, str(self._config), "--sentinel"], stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if SyncRedis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except (RedisError, OSError):
                pass
            if time.monotonic() > deadline:
                self.kill()
                msg = f"redis-sentinel on port {self.port} did not answer"
                raise RuntimeError(msg)
            time.sleep(0.02)

    def primary_port(self, service: str) -> int | None:
        try:
            client = SyncRedis(port=self.port, socket_connect_timeout=0.5)
            answer = client.execute_command(  # type: ignore[no-untyped-call]
                "SENTINEL", "get-master-addr-by-name", service
            )
        except (RedisError, OSError):
            return None
        return int(answer[1]) if answer else None

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None


class ClusterProcess:
    """A Redis Cluster of ``primaries`` primaries with one replica each, on free ports,
    created with ``redis-cli --cluster create`` as an operator would."""

    def __init__(self, folder: Path, primaries: int = 3, node_timeout_ms: int = 5000) -> None:
        cli = shutil.which("redis-cli")
        if cli is None:
            msg = "redis-cli is not installed (apt-get install redis-tools)"
            raise RuntimeError(msg)
        self._cli = cli
        self.nodes: list[RedisProcess] = []
        for i in range(primaries * 2):
            (folder / f"node{i}").mkdir()
            node = RedisProcess(
                folder / f"node{i}",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                # Long enough that a busy machine's slow reply is not taken for a
                # dead node (which would start a failover nobody asked for).
                "--cluster-node-timeout",
                str(node_timeout_ms),
                port=_cluster_port(),
            )
            self.nodes.append(node)
        self._primaries = primaries

    @property
    def url(self) -> str:
        """``redis+cluster://`` naming two of the nodes: either finds the rest."""
        hosts = ",".join(f"127.0.0.1:{n.port}" for n in self.nodes[:2])
        return f"redis+cluster://{hosts}"

    def start(self) -> None:
        for node in self.nodes:
            node.start()
        subprocess.run(
            [
                self._cli,
                "--cluster",
                "create",
                *(f"127.0.0.1:{n.port}" for n in self.nodes),
                "--cluster-replicas",
                "1",
                "--cluster-yes",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not all(self._ready(n) for n in self.nodes):
            if time.monotonic() > deadline:
                self.kill()
                msg = "the Redis Cluster did not become ready"
                raise RuntimeError(msg)
            time.sleep(0.1)

    @staticmethod
    def _ready(node: RedisProcess) -> bool:
        try:
            info = SyncRedis(port=node.port, socket_connect_timeout=0.5).cluster("INFO")
        except (RedisError, OSError):
            return False
        state = info.get("cluster_state") if isinstance(info, dict) else None
        if state != "ok":
            return False
        # A replica that has not finished its first sync could not take over.
        replication = SyncRedis(port=node.port).info("replication")
        return replication.get("role") != "slave" or replication.get("master_link_status") == "up"

    def kill(self) -> None:
        for node in self.nodes:
            node.kill()


def _cluster_port() -> int:
    """A free port whose cluster bus port (10000 higher, so at most 55535) is free too."""
    for _ in range(200):
        port = random.randint(20000, 45000)
        if _bindable(port) and _bindable(port + 10000):
            return port
    msg = "no free port pair for a cluster node"
    raise RuntimeError(msg)


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
