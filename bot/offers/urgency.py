"""Pressure to decide at once (docs/labelling.md §2, `pressure`): places or an offer held
only until a day, a departure or an answer due within hours or days, places said to be
running out, and being told to keep the offer secret.

Each is read by its parts, not by example phrases: every weekday and time word, every
word for a place or a seat, so that "the group leaves Sunday" and "offer valid 48 hours"
are found although no labelled offer used those exact words.
"""

from __future__ import annotations

import re

from bot.offers.reading import first_words

# A place or an offer held only until a day ("ҷойҳо то ҷумъа", "набор до пятницы",
# "places until Monday"): every weekday and the usual ends, in tg, ru and en, so that
# no weekday is missing because no example named it. "Аз душанбе то ҷумъа" (Monday to
# Friday) is a working week, not a deadline.
_DAY = (
    r"понедельник\w*|вторник\w*|сред[ыуа]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*"
    r"|завтра|конца\s+(?:месяца|недели)"
    r"|душанбе|сешанбе|чоршанбе|пан[ҷч]шанбе|[ҷч]умъа|[ҷч]ума|шанбе|якшанбе|паго[ҳх]"
    r"|охири\s+(?:мо[ҳх]|[ҳх]афта)|dushanbe|seshanbe|chorshanbe|panjshanbe|jum[ʼ']?a|shanbe"
    r"|yakshanbe|pagoh|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow"
    r"|the\s+end\s+of\s+(?:the\s+)?(?:month|week)"
)
_DEADLINE = re.compile(
    rf"(?<!\w)(?:до|то|to|until|till|by|before|closes|closing)\s+(?:on\s+)?(?:the\s+)?"
    rf"(?:{_DAY})(?!\w)",
    re.IGNORECASE,
)
_WEEK_FROM = re.compile(rf"(?:(?<!\w)(?:с|со|аз|az|from)\s+(?:{_DAY}))\s*$", re.IGNORECASE)
_HELD = re.compile(
    r"(?<!\w)(?:мест\w*|набор\w*|предложени\w*|запис\w*|групп\w*|[ҷч]о[йи]\w*|joy\w*|cho[jiy]\w*"
    r"|пешни[ҳх]од\w*|places?|seats?|slots?|offer\w*|apply|register\w*|registration"
    r"|[қк]абул\w*|qabul\w*|при[её]м\w*"
    r"|sign\s+up|pay)(?!\w)",
    re.IGNORECASE,
)
DEADLINE_REACH = 40  # characters between the held thing and its day


def deadline(text: str) -> str | None:
    """Places or an offer said to last only until a day."""
    for found in _DEADLINE.finditer(text):
        if _WEEK_FROM.search(text[max(0, found.start() - 20) : found.start()]):
            continue
        around = text[max(0, found.start() - DEADLINE_REACH) : found.end() + DEADLINE_REACH]
        if _HELD.search(around):
            return found.group(0)
    return None


# A time close at hand: today, tonight, tomorrow, this week or month, a few hours or
# days, a weekday, the end of the month.
_SOON = (
    r"today|tonight|tomorrow|now|right\s+now|asap|this\s+(?:week|weekend|month)|next\s+week"
    r"|(?:within|in)\s+(?:\d{1,2}|a|one|two|three|a\s+few)\s+(?:hours?|days?|weeks?|h)"
    r"|\d{1,2}\s*(?:hours?|h)|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:month|week)"
    r"|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_SOON_TG_RU = (
    r"сегодня|завтра|сейчас|на\s+этой\s+неделе|segodnya|zavtra"
    r"|имр[ӯу]з|imruz|фардо|fardo|паго[ҳх]|pagoh|[ҳх]амин\s+[ҳх]афта|hamin\s+hafta"
)
_HURRY = re.compile(
    r"(?<!\w)(?:"
    # "only today", "only until the end of the month", "just this week"
    rf"(?:only|just)\s+(?:until\s+|till\s+)?(?:{_SOON})"
    # "today only", "this month only", "interview tomorrow only"
    rf"|(?:{_SOON})\s+only"
    # "decide by Sunday", "answer today", "tell me by tomorrow", "confirm within 24 hours"
    r"|(?:decide|answer|reply|respond|confirm|tell\s+me|book|sign\s+up)\w*"
    rf"\s+(?:\w+\s+){{0,2}}?(?:(?:by|before|until|till|within)\s+)?(?:{_SOON})"
    # "offer valid 48 hours", "deadline Friday", "the list closes tomorrow"
    rf"|(?:valid|deadline|closes|closing)\s+(?:\w+\s+)?(?:for\s+|on\s+|in\s+)?(?:{_SOON})"
    # "the group leaves Sunday", "the team leaves on Monday", "departure within a week"
    r"|(?:group|team|bus|minibus|flight|departure|brigade)\w*\s+(?:\w+\s+)?"
    rf"(?:(?:leaves|leaving|departs|flies|goes|is\s+full|is)\s+)?(?:{_SOON})"
    rf"|(?:must|have\s+to|need\s+to)\s+(?:fly|leave|go|start|decide|come)\s+(?:{_SOON})"
    # places running out: "last 4 seats", "only 10 positions", "spaces limited"
    r"|(?:limited|last|only\s+\d+|few)\s+(?:\w+\s+)?(?:places|seats|spaces|spots|positions"
    r"|slots|vacancies)"
    r"|(?:places|seats|spaces|spots|positions|slots|vacancies)\s+(?:are\s+)?(?:limited|left"
    r"|remaining|running\s+out)|almost\s+full|clos\w*\s+the\s+list"
    # secrecy: "don't tell mom", "must not tell my family"
    r"|(?:don[ʼ'’]?t|do\s+not|must\s+not|mustn[ʼ'’]?t|should\s+not|shouldn[ʼ'’]?t|not\s+to)"
    r"\s+tell"
    # the same in Russian and Tajik, in every script: "фақат имрӯз", "IMRUZ FAQAT",
    # "выезд завтра", "гурӯҳ пагоҳ меравад", "места кам монд", "никому не рассказывайте",
    # "ба падару модарат нагӯ", "строго конфиденциально"
    rf"|(?:только|фа[қк]ат|faqat|fakat|тан[ҳх]о|tanho)\s+(?:то\s+|to\s+|до\s+)?(?:{_SOON_TG_RU})"
    rf"|(?:{_SOON_TG_RU})\s+(?:только|фа[қк]ат|faqat|fakat)"
    rf"|(?:выезд|вылет|отправка|vyezd|vylet|гур[ӯу][ҳх]|guruh|группа)\w*\s+(?:{_SOON_TG_RU})"
    rf"|закрыва\w*\s+(?:\w+\s+)?(?:в|во)\s+(?:{_DAY})"
    rf"|(?:гур[ӯу][ҳх]|guruh)\w*\s+(?:\w+\s+){{0,3}}?(?:пур|pur)\s+(?:мешавад|meshavad)"
    r"|(?:мест\w*|[ҷч]о[йи]\w*|joy\w*)\s+(?:\w+\s+)?(?:кам|kam|мало|ду-се)\s*(?:то\s+)?"
    r"(?:монд|осталось|mond)\w*"
    r"|никому\s+не\s+(?:рассказыва|говор|пересыла|сообща)\w*"
    r"|nikomu\s+ne\s+(?:rasskaz|govor|peresyl|soobsh)\w*"
    r"|(?:на|na)(?:г[ӯу]|gu)(?:ед|ed|ӣ|и|i)?(?![\w-])|строго\s+конфиденциальн\w*|пин[ҳх]он|pinhon"
    r"|не\s+упусти\w*|ещё\s+несколько\s+дней"
    r")(?!\w)",
    re.IGNORECASE,
)


def pressure(text: str) -> str | None:
    """The words that hurry the worker, or tell them to keep the offer secret."""
    return first_words(text, _HURRY, deniable=True) or deadline(text)
