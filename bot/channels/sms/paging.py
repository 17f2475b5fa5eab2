"""Cutting a long SMS reply into pages that each fit the segment budget.

Nothing is ever cut off silently: every page but the last ends with a short "more"
hint in the user's language, and the person gets the next page by answering MORE
(БОЗ, ЕЩЁ). Cuts fall between sentences, else between lines, else between words; the
numbered options stay together on the last page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.channels.render import sms_parts
from bot.engine.model import Say, Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.marker import N_
from bot.i18n.render import translate
from bot.text.sms import count_segments

MORE_HINT = N_("More: reply MORE")

# Cuts fall after a sentence (. ! ? …) or at a line break; never after a colon, which
# introduces what follows it.
_BOUNDARY = re.compile(r"((?<=[.!?…])[ \t]+|\n+)")


@dataclass(frozen=True)
class Page:
    text: str
    continues: bool  # ends with the "more" hint


def _fits(text: str, budget: int) -> bool:
    return count_segments(text).segments <= budget


def _units(body: str, options: str) -> list[tuple[str, str]]:
    """(separator before it, text) for each sentence or line, options last."""
    parts = _BOUNDARY.split(body)
    units = [("", parts[0])] if parts[0].strip() else []
    units += [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2) if parts[i + 1].strip()]
    return [*units, ("\n", options)] if options else units


def _split_word_wise(piece: str, budget: int, hint: str) -> list[str]:
    """A sentence too long for one page, cut between words (or characters)."""
    out: list[str] = []
    current = ""
    for word in piece.split(" "):
        candidate = f"{current} {word}".strip()
        if _fits(f"{candidate}\n{hint}", budget):
            current = candidate
            continue
        if current:
            out.append(current)
        rest = word
        while not _fits(f"{rest}\n{hint}", budget):
            cut = _longest_prefix(rest, budget, hint)
            out.append(rest[:cut])
            rest = rest[cut:]
        current = rest
    if current:
        out.append(current)
    return out


def _longest_prefix(text: str, budget: int, hint: str) -> int:
    """How many characters of ``text`` fit on a page with the hint (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(f"{text[:middle]}\n{hint}", budget):
            low = middle
        else:
            high = middle - 1
    return low


def paginate(body: str, options: str, budget: int, hint: str) -> list[Page]:
    """Pages of ``body`` then ``options``, each within ``budget`` segments."""
    whole = f"{body}\n{options}".strip("\n") if options else body
    if _fits(whole, budget):
        return [Page(whole, continues=False)]
    pages: list[Page] = []
    current = ""
    units = _units(body, options)
    for index, (separator, unit) in enumerate(units):
        last = index == len(units) - 1
        candidate = f"{current}{separator}{unit}" if current else unit
        if _fits(candidate if last else f"{candidate}\n{hint}", budget):
            current = candidate
            continue
        if current:
            pages.append(Page(f"{current}\n{hint}", continues=True))
        pieces = (
            [unit] if _fits(f"{unit}\n{hint}", budget) else _split_word_wise(unit, budget, hint)
        )
        for piece in pieces[:-1]:
            pages.append(Page(f"{piece}\n{hint}", continues=True))
        current = pieces[-1]
    if current:
        pages.append(Page(current, continues=False))
    return pages


def say_pages(catalogs: Catalogs, language: str, say: Say, budget: int) -> list[Page]:
    """One message as the SMS pages it is sent as, the "more" hint in the language."""
    hint = translate(catalogs, language, Text(MORE_HINT))
    body, options = sms_parts(catalogs, language, say)
    if not say.sms_summary_first or len(say.texts) < 2:
        return paginate(body, options, budget, hint)
    # A summary that stands alone (a verdict): its own page, the details after MORE.
    summary = translate(catalogs, language, say.texts[0], sms=True)
    rest = replace(say, texts=say.texts[1:], sms_summary_first=False)
    rest_body, _ = sms_parts(catalogs, language, rest)
    first = paginate(summary, "", budget, hint)
    first[-1] = Page(f"{first[-1].text}\n{hint}", continues=True)
    return [*first, *paginate(rest_body, options, budget, hint)]
