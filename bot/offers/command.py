"""``python -m bot check-offer``: screen one offer from stdin, or a JSONL file of them.

Output: one JSON object per offer on stdout with ``id``, ``lang``, ``risk``, ``score``,
``flags`` (each ``{"name", "evidence"}``), ``destination``, ``pay`` and ``contacts``.
Batch mode (``--jsonl FILE``) reads objects with ``text`` and optional ``lang`` and
``id``, shows progress on stderr, reports malformed lines by number and skips them;
the exit status is 1 if any line was malformed.
"""

from __future__ import annotations

from typing import Any

from bot import jsonl_cli
from bot.offers.extract import analyse
from bot.offers.score import verdict


def screen(text: str, *, offer_id: str | None = None, lang: str | None = None) -> dict[str, Any]:
    analysis = analyse(text)
    result = verdict(analysis.flags)
    return {
        "id": offer_id,
        "lang": lang or analysis.language,
        "risk": result.risk,
        "score": result.score,
        "flags": [{"name": flag.id, "evidence": evidence} for flag, evidence in result.flags],
        "destination": analysis.destination,
        "pay": None
        if analysis.pay is None
        else {"amount": analysis.pay.amount, "currency": analysis.pay.currency},
        "contacts": list(analysis.contacts),
    }


run = jsonl_cli.command(lambda text, offer_id, lang: screen(text, offer_id=offer_id, lang=lang))
