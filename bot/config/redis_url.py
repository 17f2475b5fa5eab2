"""``redis.url``: which Redis deployment, read from the URL's scheme.

* ``redis://``, ``rediss://`` (TLS), ``unix://``: one server.
* ``redis+sentinel://[:password@]host:port[,host:port...]/service_name[/db]`` (or
  ``rediss+sentinel://``): the Sentinels are asked for the primary of
  ``service_name``, and asked again after a failover (redis-py's ``Sentinel``).

Redis Cluster (``redis+cluster://``) is refused with a clear message: Safar's
transactions are not all inside one hash slot yet (issue #15). A password never
appears in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bot.config.errors import ConfigError

SINGLE_SCHEMES = ("redis://", "rediss://", "unix://")
SENTINEL_SCHEMES = ("redis+sentinel://", "rediss+sentinel://")
EXPECTED = (
    "expected redis://host:port/db, rediss://…, unix://… or "
    "redis+sentinel://host:port[,host:port]/service_name[/db]"
)


@dataclass(frozen=True)
class RedisTarget:
    url: str  # as configured, for a single server
    sentinels: tuple[tuple[str, int], ...] = ()  # empty: a single server
    service: str = ""
    db: int = 0
    password: str | None = None
    tls: bool = False

    @property
    def sentinel(self) -> bool:
        return bool(self.sentinels)


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
    if url.startswith("redis+cluster://"):
        msg = (
            f"redis.url: Redis Cluster is not supported yet, got {_shown(url)!r}; use one "
            "server (redis://) or Sentinel (redis+sentinel://) for high availability"
        )
        raise ConfigError(msg)
    if not url.startswith(SENTINEL_SCHEMES):
        msg = f"redis.url: {EXPECTED}, got {_shown(url)!r}"
        raise ConfigError(msg)
    parts = urlsplit(url)
    credentials, _, hosts = parts.netloc.rpartition("@")
    password = unquote(credentials.split(":", 1)[1]) if ":" in credentials else None
    sentinels = []
    for host_port in hosts.split(","):
        host, _, port = host_port.strip().rpartition(":")
        if not host or not port.isdigit():
            msg = f"redis.url: each Sentinel as host:port, got {host_port!r} in {_shown(url)!r}"
            raise ConfigError(msg)
        sentinels.append((host, int(port)))
    path = [p for p in parts.path.split("/") if p]
    if not path or len(path) > 2 or (len(path) == 2 and not path[1].isdigit()):
        msg = f"redis.url: {EXPECTED}, got {_shown(url)!r}"
        raise ConfigError(msg)
    return RedisTarget(
        url,
        sentinels=tuple(sentinels),
        service=path[0],
        db=int(path[1]) if len(path) == 2 else 0,
        password=password,
        tls=url.startswith("rediss+"),
    )
