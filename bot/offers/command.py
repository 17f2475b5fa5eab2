"""``python -m bot check-offer``: screen one offer from stdin, or a JSONL file of them.

Output: one JSON object per offer on stdout with ``id``, ``lang``, ``risk`` (low,
unknown, caution, high or danger: docs/labelling.md §2), ``score``, ``flags`` (each
``{"name", "evidence"}``), ``evidence`` (the positive evidence, each ``{"name",
"evidence"}``), ``destination``, ``pay`` and ``contacts``; ``"net": true`` is added
when only the statistical net raised the verdict to caution (no flag says why).
Batch mode (``--jsonl FILE``) reads objects with ``text`` and optional ``lang`` and
``id``, shows progress on stderr, reports malformed lines by number and skips them;
the exit status is 1 if any line was malformed.
"""

from __future__ import annotations

from typing import Any

from bot import jsonl_cli
from bot.offers.assess import assess


def screen(text: str, *, offer_id: str | None = None, lang: str | None = None) -> dict[str, Any]:
    result = assess(text)
    analysis, verdict = result.analysis, result.verdict
    screened: dict[str, Any] = {
        "id": offer_id,
        "lang": lang or analysis.language,
        "risk": result.risk,
        "score": verdict.score,
        "flags": [{"name": flag.id, "evidence": words} for flag, words in verdict.flags],
        "evidence": [{"name": name, "evidence": words} for name, words in verdict.evidence],
        "destination": analysis.destination,
        "pay": None
        if analysis.pay is None
        else {"amount": analysis.pay.amount, "currency": analysis.pay.currency},
        "contacts": list(analysis.contacts),
    }
    if result.net:
        screened["net"] = True
    return screened


run = jsonl_cli.command(lambda text, offer_id, lang: screen(text, offer_id=offer_id, lang=lang))
