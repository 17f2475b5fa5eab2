"""What hotline messages say, in Tajik, Russian and English (DOMAIN.md §5.4, §1.1).

Indicators are named after the ILO forced-labour indicators and the HTCDS methods of
control (DOMAIN.md §1.3); the words are those §5.4 lists, as stems matched in any
spelling (bot/text/patterns.py). They are a start, to be checked and extended by
native speakers and with real (anonymised) messages.
"""

from __future__ import annotations

from bot.text.patterns import Near, Pattern

# fmt: off

PASSPORT = ("паспорт", "шиноснома", "passport", "документ", "document", "papers", "ҳуҷҷат",
            "hujjat", "pasport")
TOOK = (
    "забрали",
    "отобрали",
    "отняли",
    "забрал",  # "the foreman took": one person, the commonest case
    "отобрал",
    "отнял",
    "не отдают",
    "не отдает",
    "took",
    "keeps",
    "keeping",
    "holds",
    "taken",
    "kept",
    "keep",
    "гирифтанд",
    "гирифт",
    "намедиҳанд",
    "намедиханд",
    "у работодател",
    "у хозяин",
    "у бригадир",
)

INDICATORS: dict[str, tuple[Pattern, ...]] = {
    # --- immediate danger (P1) ---
    "threat_to_life": (
        "убьют",
        "убить",
        "убъют",
        "kill",
        "will kill",
        "мекушанд",
        "куштан",
        "мемирам",
        "умираю",
        "dying",
    ),
    "violence": (
        "бьют",
        "избили",
        "избил",
        "ударил",
        "побои",
        "насили",
        "beat",
        "beaten",
        "hit me",
        "hurt me",
        "мезананд",
        "заданд",
        "мезанад",
        "латукӯб",
        "зӯровар",
        "раненый",
        "ранен",
        "injured",
    ),
    "locked_in": (
        "заперли",
        "запирают",
        "не выпускают",
        "не отпускают",
        "взаперти",
        "locked",
        "lock us",
        "not allowed to leave",
        "cannot leave",
        "can't leave",
        "қулф",
        "берун намемонанд",
        "берун намегузоранд",
        "намегузоранд",
    ),
    "child": (
        "ребёнок",
        "ребенок",
        "дети",
        "детей",
        "несовершеннолет",
        "child",
        "children",
        "kid",
        "minor",
        "кӯдак",
        "кудак",
        "кӯдакон",
    ),
    "sexual": (
        "проститу",
        "секс",
        "интим",
        "sexual",
        "sex work",
        "prostitut",
        "фоҳиша",
        "фохиша",
        "танфурӯш",
    ),
    # --- ongoing exploitation (P2) ---
    "documents_taken": (Near(PASSPORT, TOOK),),
    "unpaid": (
        "не платят",
        "не платит",  # "the boss does not pay"
        "не платили",
        "не заплатили",
        "не выплачива",
        "без зарплаты",
        "зарплату не",
        "not paid",
        "no salary",
        "no pay",
        "haven't paid",
        "did not pay",
        "didn't pay",
        "музд намедиҳанд",
        "маош намедиҳанд",
        "пул намедиҳанд",
        "пулро намедиҳанд",
        "музд надоданд",
        "маош надоданд",
        "пул надоданд",
    ),
    "debt": ("долг", "должен", "должна", "отработать", "debt", "owe", "қарз", "қарздор"),
    "phone_taken": (Near(("телефон", "phone", "телефонамро", "телефонашро"), TOOK),),
    "watched": (
        "следят",
        "охраня",
        "под охраной",
        "watched",
        "guarded",
        "назорат мекунанд",
        "посбон",
    ),
    "forced": (
        "заставляют",
        "заставили",
        "принуждают",
        "принудили",
        "forced",
        "force me",
        "force us",
        "маҷбур",
        "мачбур",
    ),
    "sold": (
        "продали",
        "sold me",
        "sold us",
        "were sold",
        "фурӯхтанд",
        "фурухтанд",
        "рабств",
        "slave",
        "ғулом",
        "гулом",
        "торговля людьми",
        "савдои одамон",
    ),
    "threat": ("угрожа", "угроз", "грозят", "threat", "threaten", "таҳдид", "тахдид"),
    # --- past or deceived (P3) ---
    "deceived": (
        "обманули",
        "обман",
        "tricked",
        "lied to",
        "cheated",
        "фиреб",
        "фириб",
        "не та работа",
        "не то что обещали",
        "not what they promised",
    ),
}

# The person says it is over: they are back, or it happened before.
# Whole phrases that contain "now" come first, so "сейчас я дома" reads as "it is over".
PAST = (
    "сейчас я дома", "сейчас дома", "я уже дома", "i am back home now", "back home now",
    "now i am home", "ҳоло дар хона", "холо дар хона", "вернулся", "вернулась", "вернулись",
    "в прошлом году", "год назад", "раньше", "уже дома", "returned", "came back",
    "back home", "last year", "баргаштам", "баргашт", "соли гузашта", "пештар",
    "дар хона ҳастам",
)
# ... or that it is happening now.
NOW = (
    "сейчас",
    "прямо сейчас",
    "срочно",
    "now",
    "right now",
    "urgent",
    "ҳозир",
    "хозир",
    "зуд",
    "help now",
)
# A question about migration, with no sign of exploitation: information (P4).
_MIGRATION = (
    "патент", "виза", "визу", "регистрац", "разрешени", "работ", "patent", "visa", "permit",
    "job", "work", "раводид", "бақайдгирӣ", "кор", "иҷозат", "корея", "русия", "туркия",
    "korea", "russia", "turkey",
)
INFORMATION: tuple[Pattern, ...] = (
    "патент", "виза", "визу", "регистрац", "сколько стоит", "документы нужны", "patent",
    "visa", "work permit", "раводид", "бақайдгирӣ", "мехоҳам равам", "хочу поехать",
    "хочу уехать", "работа в", "job in", "кор дар",
    # "how" words count only with a migration word: "чи хел?" alone is a greeting.
    Near(("как", "how", "чӣ тавр", "чи тавр", "чӣ хел", "чи хел", "что нужно"), _MIGRATION,
         window=6),
)
# fmt: on
