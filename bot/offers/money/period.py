"""Pay periods: the words that say an amount is per hour, day, shift, week, month or season."""

from __future__ import annotations

import re

_I = re.IGNORECASE

_PERIOD_WORDS = (
    (
        "hour",
        r"в\s+час(?!\w)|за\s+час(?!\w)|/\s?ч(?:ас)?(?!\w)|/\s?h(?:r|our)?(?!\w)"
        r"|(?:per|an|a)\s+hour|hourly|p/h|почасов\w*(?:\s+оплат\w*)?|соат[ӣи](?!\w)"
        r"|соате(?!\w)|дар\s+як\s+соат|[ҳх]ар\s+соат|soati|dar\s+yak\s+soat|har\s+soat",
    ),
    (
        "shift",
        r"за\s+смену|в\s+смену|/\s?смен\w*|за\s+выход|(?:per|a)\s+shift|/\s?shift|za\s+smenu"
        r"|дар\s+як\s+смена|барои\s+як\s+смена|dar\s+yak\s+smena",
    ),
    (
        "day",
        r"в\s+день|за\s+день|в\s+сутки|за\s+сутки|/\s?день|/\s?сут\w*|/\s?day"
        r"|(?:per|a)\s+day|daily|ежедневн\w*|дар\s+як\s+р[ӯу]з|[ҳх]ар\s+р[ӯу]з|р[ӯу]зона|р[ӯу]зе(?!\w)"
        r"|dar\s+yak\s+r[uū]z|har\s+r[uū]z|r[uū]zona"
        r"|[vz]a?\s+(?:den|sutki)(?!\w)",  # Russian typed in Latin: "v den", "za den"
    ),
    (
        "week",
        r"в\s+неделю|за\s+неделю|/\s?нед\w*|(?:per|a)\s+week|/\s?w(?:ee)?k(?!\w)|weekly"
        r"|еженедельн\w*|дар\s+як\s+[ҳх]афта|[ҳх]афтаина|har\s+hafta|haftaina",
    ),
    (
        "month",
        r"в\s+месяц|в\s+мес(?!\w)\.?|за\s+месяц|/\s?мес\w*\.?|мес\.|ежемесячн\w*"
        r"|(?:per|a)\s+month|/\s?mo(?:nth)?(?!\w)|monthly|p/m|дар\s+як\s+мо[ҳх]|[ҳх]ар\s+мо[ҳх]"
        r"|дар\s+мо[ҳх]|мо[ҳх]она|мо[ҳх]е(?!\w)|dar\s+yak\s+moh|har\s+moh|mohona"
        r"|(?:v|za)\s+mes(?:yat?[sc]|jac|iac)?(?!\w)",  # "v mesyac", "za mesyats"
    ),
    (
        # A lump sum for a whole harvest season or vahta stint.
        "season",
        r"за\s+(?:весь\s+)?сезон|в\s+сезон|за\s+вахту|(?:per|a)\s+season|дар\s+як\s+мавсим"
        r"|барои\s+мавсим|мавсим[ӣи](?!\w)|за\s+весь\s+период",
    ),
)
_PERIOD = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIOD_WORDS),
    _I,
)
_PERIOD_AFTER_GAP = 24  # "250 тыс. руб. чистыми в месяц": a word or two may come between
_PERIOD_BEFORE_GAP = re.compile(r"[\s:=(\-]*(?:(?:от|до|from|up\s+to|аз)[\s:=(\-]*)?", _I)
_STOP_AT = re.compile(r"[\d!?;\n]|\.\s+[A-ZА-ЯЁҲҚҒӮӢҶ]")


def period_after(text: str, end: int) -> tuple[str | None, int]:
    tail = text[end : end + _PERIOD_AFTER_GAP + 20]
    stop = _STOP_AT.search(tail)
    if stop:
        tail = tail[: stop.start()]
    match = _PERIOD.search(tail)
    if match is None or match.start() > _PERIOD_AFTER_GAP:
        return None, end
    return match.lastgroup, end + match.end()


def period_before(text: str, start: int) -> str | None:
    head = text[max(0, start - 30) : start]
    for match in reversed(list(_PERIOD.finditer(head))):
        if _PERIOD_BEFORE_GAP.fullmatch(head[match.end() :]):
            return match.lastgroup
    return None
