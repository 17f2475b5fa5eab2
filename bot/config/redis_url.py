"""``redis.url``: which Redis deployment, read from the URL's scheme.

* ``redis://``, ``rediss://`` (TLS), ``unix://``: one server.
* ``redis+sentinel://[:password@]host:port[,host:port...]/service_name[/db]`` (or
  ``rediss+sentinel://``): the Sentinels are asked for the primary of
  ``service_name``, and asked again after a failover (redis-py's ``Sentinel``).

* ``redis+cluster://[:password@]host:port[,host:port...]`` (or ``rediss+cluster://``):
  Redis Cluster through redis-py's ``RedisCluster``. The nodes named are where it
  starts; it learns the others and follows slots as they move. A cluster has only
  database 0, so the URL names none.

A password never appears in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bot.config.errors import ConfigError

SINGLE_SCHEMES = ("redis://", "rediss://", "unix://")
SENTINEL_SCHEMES = ("redis+sentinel://", "rediss+sentinel://")
CLUSTER_SCHEMES = ("redis+cluster://", "rediss+cluster://")
EXPECTED = (
    "expected redis://host:port/db, rediss://…, unix://…, "
    "redis+sentinel://host:port[,host:port]/service_name[/db] or "
    "redis+cluster://host:port[,host:port]"
)


@dataclass(frozen=True)
class RedisTarget:
    url: str  # as configured, for a single server
    sentinels: tuple[tuple[str, int], ...] = ()  # empty: a single server
    service: str = ""
    nodes: tuple[tuple[str, int], ...] = ()  # a cluster's startup nodes
    db: int = 0
    password: str | None = None
    tls: bool = False

    @property
    def sentinel(self) -> bool:
        return bool(self.sentinels)

    @property
    def cluster(self) -> bool:
        return bool(self.nodes)


def _shown(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, hosts = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{hosts}"


def parse_redis_url(url: str) -> RedisTarget:
    if url.startswith(SINGLE_SCHEMES):
        return RedisTarget(url)
    if not url.startswith((*SENTINEL_SCHEMES, *CLUSTER_SCHEMES)):
        msg = f"redis.url: {EXPECTED}, got {_shown(url)!r}"
        raise ConfigError(msg)
    parts = urlsplit(url)
    credentials, _, hosts = parts.netloc.rpartition("@")
    password = unquote(credentials.split(":", 1)[1]) if ":" in credentials else None
    cluster = url.startswith(CLUSTER_SCHEMES)
    addresses = _addresses(hosts, url, "cluster node" if cluster else "Sentinel")
    path = [p for p in parts.path.split("/") if p]
    if cluster:
        if path:
            msg = f"redis.url: a cluster has no database or service name, got {_shown(url)!r}"
            raise ConfigError(msg)
        return RedisTarget(url, nodes=addresses, password=password, tls=url.startswith("rediss+"))
    if not path or len(path) > 2 or (len(path) == 2 and not path[1].isdigit()):
        msg = f"redis.url: {EXPECTED}, got {_shown(url)!r}"
        raise ConfigError(msg)
    return RedisTarget(
        url,
        sentinels=addresses,
        service=path[0],
        db=int(path[1]) if len(path) == 2 else 0,
        password=password,
        tls=url.startswith("rediss+"),
    )


def _addresses(hosts: str, url: str, what: str) -> tuple[tuple[str, int], ...]:
    found = []
    for host_port in hosts.split(","):
        host, _, port = host_port.strip().rpartition(":")
        if not host or not port.isdigit():
            msg = f"redis.url: each {what} as host:port, got {host_port!r} in {_shown(url)!r}"
            raise ConfigError(msg)
        found.append((host, int(port)))
    return tuple(found)
