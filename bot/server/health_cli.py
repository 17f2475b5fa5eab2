"""``python -m bot health``: the container's health check. Exit 0 while this machine's
``serve`` answers ``/healthz`` with 200 (Redis up and taking writes), 1 otherwise.

Plain ``urllib`` on purpose: it runs every few seconds in the image, and must start fast
and depend on nothing that could itself be the fault.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.config.settings import Settings

TIMEOUT_SECONDS = 3.0


def run(settings: Settings) -> int:
    url = f"http://127.0.0.1:{settings.server.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            print(answer.read().decode("utf-8", "replace"))
            return 0 if answer.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.read().decode("utf-8", "replace"))
        print(f"unhealthy: {url} answered {error.code}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        print(f"not answering at {url}: {reason}", file=sys.stderr)
        return 1
