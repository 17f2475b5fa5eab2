"""``python -m bot triage``: the priority of one message (stdin) or a JSONL file of them.

Output per message: ``id``, ``lang``, ``priority`` (P1|P2|P3|P4|none),
``indicators`` (each ``{"name", "evidence"}``) and ``uncertain`` (only the statistical
net raised the priority); see bot/jsonl_cli.py for the input.
"""

from __future__ import annotations

from typing import Any

from bot import jsonl_cli
from bot.hotline.triage import triage


def screen(text: str, message_id: str | None = None, lang: str | None = None) -> dict[str, Any]:
    result = triage(text)
    return {
        "id": message_id,
        "lang": lang or result.language,
        "priority": result.priority,
        "indicators": [
            {"name": name, "evidence": evidence} for name, evidence in result.indicators.items()
        ],
        "uncertain": result.uncertain,
    }


run = jsonl_cli.command(screen)
