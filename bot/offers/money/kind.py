"""Telling a salary from a fee: the cue words near an amount, and which of them binds it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_I = re.IGNORECASE

# Fee cues come first: at one position the first alternative that matches wins, so
# "pay the agent" is a fee before "pay" can be a salary, and "оплата за визу" before
# "оплата".
_FEE = (
    r"за\s+оформлени\w*|стоимост\w*\s+оформлени\w*"
    r"|оплат\w*\s+(?:за\s+)?(?:оформлени|виз|билет|документ|услуг|приглашени|трудоустройств)\w*"
    r"|оформлени\w*\s+(?:виз|документ|патент|приглашени)\w*"
    r"|предоплат\w*|залог\w*|взнос\w*|комисси\w*|стоимост\w*\s+услуг\w*|услуг\w*\s+агент\w*"
    r"|за\s+услуги|за\s+виз\w*|стоимост\w*\s+виз\w*|за\s+билет\w*|стоимост\w*\s+билет\w*"
    r"|за\s+документ\w*|за\s+приглашени\w*|за\s+трудоустройств\w*|за\s+вакансию"
    r"|за\s+(?:патент|медкомисси|регистрац|обучени|проезд|дорог|перел[её]т|авиабилет)\w*"
    r"|стоимост\w*\s+(?:патент|приглашени|документ|проезд|перел[её]т)\w*"
    # Tajik, also as typed on a Russian keyboard ("хуччат" for "ҳуҷҷат").
    r"|пешпардохт\w*|пули\s+[ҳх]у[ҷч][ҷч]ат\w*|пули\s+(?:виза|раводид|билет|чипта)\w*"
    r"|барои\s+(?:виза|раводид|билет|чипта|[ҳх]у[ҷч][ҷч]ат)\w*|[ҳх]а[қк]+и\s+хизмат\w*"
    r"|peshpardo(?:x|kh)t\w*|puli\s+(?:hujjat|viza|ravodid|bilet|chipta)\w*"
    r"|fees?(?!\w)|deposit\w*"
    r"|pay\s+(?:to\s+)?(?:the\s+|an?\s+|your\s+)?(?:agent|agency|recruiter|broker|middleman)\w*"
    r"|for\s+(?:the\s+|your\s+|a\s+)?(?:visa|ticket|flight|documents?|paperwork|processing"
    r"|work\s+permit)|processing|placement|commission|up-?front|in\s+advance"
    r"|advance\s+payment|service\s+charge"
    # Paying the recruiter for a place, a quota or a service, or in advance.
    r"|(?:наш[аи]?|мои|моя)\s+услуг\w*|услуг\w*\s+посредник\w*|за\s+мест[оа]\w*"
    r"|(?:продаём|продаем|продаю)\s+(?:мест|квот)\w*|стоимость(?!\s+(?:жиль|проживан))"
    r"|переводит[еь]\s+(?:мне|агенту|нам|на\s+карту)|на\s+карту\s+заранее|заранее"
    r"|хизмат\w*|барои\s+ро[ҳх]|пеш\s+аз\s+ро[ҳх]|пешак[ӣи]|пеш(?!\w)|[ҳх]амааш"
    r"|ба\s+корт|ба\s+карта|puli\s+roh|pesh(?!\w)|xizmat\w*|khizmat\w*"
    r"|oplat\w*\s+(?:zaranee|vpered)|zaranee|for\s+a\s+(?:place|seat|slot)"
    r"|(?:my|our)\s+(?:fee|service)s?|sell(?:ing)?\s+(?:places|quotas|seats)"
    # Selling a place or a service is the worker paying: "мефурӯшем", "Услуги — 1800$",
    # "визу сделает за 700 евро", "welding course ($400)".
    r"|мефур[ӯу]шем|mefurushem|услуги(?!\w)|(?:сдела|оформ|устро)\w*\s+за(?!\w)"
    r"|courses?(?!\w)|курс\w*"
    # The worker pays it themselves, per head, for help or for the way.
    r"|(?:визов|регистрацион|консульск|агентск)\w*\s+сбор\w*|оплачива\w*\s+сам\w*|за\s+(?:помощь|спецодежд\w*)"
    r"|up\s+front|per\s+person|с\s+человека|барои\s+[ҳх]ар\s+нафар|аз\s+[ҳх]ар\s+(?:кас|нафар)"
    r"|za\s+(?:dokument|viz|oformleni|bilet|mest)\w*|viz[au]\s+za|выкуп\w*"
    r"|(?:мест\w*|квот\w*|виз\w*|услуг\w*|оформлени\w*)\s+сто[ия]т(?!\w)"
    r"|визов\w*\s+поддержк\w*|барои\s+даъватнома\w*|baroi\s+da[ʼ']?vatnoma\w*"
    r"|[ҳх]ар[ҷч]и\s+ро[ҳх]|ба\s+(?:ӯ|у|u)\s+(?:ди[ҳх]ам|diham)"
    r"|you\s+send|send\s+me|for\s+sale|per\s+place"
    # What the recruiter's service costs: "Price $3000", "Narkh 3000$", "цена 2000$".
    r"|prices?(?!\w)|цен[аы](?!\w)|нар[хx](?!\w)|nar(?:kh|x|h)(?!\w)"
    r"|total\s+cost|[ҳх]амаги(?:аш|ash)?(?!\w)|hamagi\w*|paid\s+before|to\s+join|to\s+me(?!\w)"
    r"|за\s+запис\w*|посредник\w*|za\s+(?:dorog|uslug|kontakt)\w*|uslug\w*"
    # "…5000 рублро худатон медиҳед": you pay it yourselves.
    r"|(?:[хx]удатон|khudaton|xudaton)\s+(?:ме|me)?(?:ди[ҳх]|dih)\w*"
    # What recruiters call the worker's payment in English: a charge, a package, a
    # refundable "security amount", the worker told to pay, bring or hand over a sum
    # ("Pay 4600 zł gross" at a sentence's start is a salary's label, so not "pay" alone).
    r"|charges?(?!\w)|to\s+be\s+paid\s+by\s+(?:the\s+)?(?:candidates?|workers?|applicants?|you)"
    r"|security\s+(?:amount|money)|refundable|joining|packages?(?!\w)|consultation"
    r"|expenses|(?:all\s+)?inclusive|for\s+everything|payment\s+for"
    r"|(?<!accommodation\s)(?<!housing\s)costs?(?!\w)"
    r"|for\s+(?:the\s+|your\s+|a\s+)?(?:permit|invitation|medical)"
    r"|(?:just|you|must|please|then|first)\s+pay"
    r"|(?:bring|took|take|takes)(?=\s+[$€£₹]?\s*\d)|(?:he|she|they)\s+takes?(?!\w)"
)
_FEE_WEAK = (
    r"виз[аыуе]?(?!\w)|билет\w*|патент\w*|регистрац\w*|медкомисси\w*|обучени\w*"
    r"|оформлени\w*|раводид\w*|чипта\w*|visa|viza|tickets?|training|ravodid\w*|chipta\w*"
)
_OTHER = (
    r"жиль\w*|проживани\w*|общежит\w*|питани\w*|еда(?!\w)|штраф\w*|аренд\w*|housing"
    r"|accommodation|food|meals?|rent(?!\w)|fines?(?!\w)|х[ӯу]рок\w*|и[ҷч]ора\w*|хобго[ҳх]\w*"
    r"|[ҷч]арима\w*|jarima\w*"
    # A sum taken back from pay is neither the pay nor a price: "we deduct 300 QAR".
    r"|deduct\w*|вычит\w*|вычет\w*|удерж\w*|vychit\w*"
)
_SALARY = (
    r"зарплат\w*|зар\.?\s?плат\w*|з\s?/\s?п|з\.\s?п\.?|зп(?!\w)|оплата\s+труда|заработ\w*"
    r"|доход\w*|оклад\w*|ставк\w*|будете\s+получать|получаете|получка|плат(?:им|ят)"
    r"|аванс\w*|преми\w*|на\s+руки|чистыми|маош\w*|музд\w*|даромад\w*|[ҳх]а[қк]+и\s+ме[ҳх]нат"
    r"|maosh\w*|muzd\w*|zarplat\w*|zp(?!\w)|oklad\w*|dokhod\w*|dohod\w*"
    r"|daromad\w*|salar\w*|wages?|earn\w*|income|paid|take\s+home|net\s+pay"
)
_SALARY_WEAK = r"оплат\w*|выплат\w*|pay(?!\w)|пардохт\w*|pardoxt\w*"
_CUE = re.compile(
    rf"(?<!\w)(?:(?P<fee>{_FEE})|(?P<feeweak>{_FEE_WEAK})|(?P<other>{_OTHER})"
    rf"|(?P<salary>{_SALARY})|(?P<salaryweak>{_SALARY_WEAK}))",
    _I,
)
_CUE_BEFORE = 60  # characters a cue may stand before the amount
_CUE_AFTER = 40  # and after it
_AFTER_WEIGHT = 1.5  # "Зарплата 2000$, за визу 300$": a cue before binds tighter
_WEAK_WEIGHT = 4.0  # "Оплата 600$ за визу": the specific cue wins
_BOUNDARY = re.compile(r"[!?;\n]|\.\s+[A-ZА-ЯЁҲҚҒӮӢҶ\d$€£₽₸₩]")
_CLAUSE = re.compile(r"[,:(]")  # a cue after the amount must be in its clause
_WEAK_CLAUSE = re.compile(r"[,(]")  # and a generic cue before it too ("Pay: £12" is one)
_LABEL_GAP = re.compile(r"[\s:=\-]*")  # "Зарплата:\n120 000" - a label on its own line


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: str
    weak: bool


def find_cues(text: str) -> list[Cue]:
    found = []
    for match in _CUE.finditer(text):
        group = match.lastgroup or "other"
        kind = group.removesuffix("weak")
        found.append(Cue(match.start(), match.end(), kind, group.endswith("weak")))
    return found


def _in_sentence(text: str, a: int, b: int, *, label_ok: bool) -> bool:
    # An amount's words may end in an abbreviation's dot that also ends the sentence
    # ("руб. Виза"), and the character after the gap shows whether a dot ends one.
    gap = text[a - 1 if a and text[a - 1] == "." else a : b + 1]
    if not _BOUNDARY.search(gap):
        return True
    return label_ok and "\n" in gap and bool(_LABEL_GAP.fullmatch(text[a:b]))


def kind_of(
    text: str, cues: Sequence[Cue], start: int, end: int, *, prev_end: int, next_start: int
) -> tuple[str, bool]:
    best: tuple[float, str] | None = None
    for cue in cues:
        if cue.end <= start:
            distance = float(start - cue.end)
            if (
                distance > _CUE_BEFORE
                or cue.start < prev_end
                # "chipta royon, 2000 dollar": a generic word in another clause says nothing.
                or (cue.weak and _WEAK_CLAUSE.search(text, cue.end, start))
                or not _in_sentence(text, cue.end, start, label_ok=True)
            ):
                continue
        elif cue.start >= end:
            distance = (cue.start - end) * _AFTER_WEIGHT
            if (
                cue.start - end > _CUE_AFTER
                or cue.end > next_start
                # "2000$ в месяц, пешпардохт 300$": after a comma the cue labels the next.
                or _CLAUSE.search(text, end, cue.start)
                or (next_start < len(text) and next_start - cue.end <= cue.start - end)
                or not _in_sentence(text, end, cue.start, label_ok=False)
            ):
                continue
        else:
            continue  # a cue inside the amount's own words ("за смену" is a period)
        score = (distance + 1) * (_WEAK_WEIGHT if cue.weak else 1.0)
        if best is None or score < best[0]:
            best = (score, cue.kind)
    return (best[1], True) if best else ("other", False)
