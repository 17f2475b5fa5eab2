"""How a reply looks on each channel: Telegram buttons or numbered SMS options.

Both renderings come from the same ``Say``; only the adapters differ in how they send.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.model import Say, Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.marker import N_
from bot.i18n.render import translate
from bot.text.sms import SegmentCount, count_segments

MENU_LABEL_TEXT = Text(N_("Menu"))
CALLBACK_SEPARATOR = "|"
MAX_CALLBACK_BYTES = 64  # Telegram's limit on callback_data


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # "<flow.node>|<choice>" so a stale or forged press can be recognised


@dataclass(frozen=True)
class TelegramMessage:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class SmsMessage:
    text: str
    cost: SegmentCount


def callback_data(node: str, choice: str) -> str:
    return f"{node}{CALLBACK_SEPARATOR}{choice}"


def parse_callback_data(data: str) -> tuple[str, str] | None:
    node, separator, choice = data.partition(CALLBACK_SEPARATOR)
    if not separator or not node or not choice:
        return None
    return node, choice


def _body(catalogs: Catalogs, language: str, say: Say, *, sms: bool) -> str:
    return "\n\n".join(translate(catalogs, language, t, sms=sms) for t in say.texts)


def render_telegram(catalogs: Catalogs, language: str, say: Say) -> TelegramMessage:
    node = say.node or ""
    buttons = [
        Button(translate(catalogs, language, o.label), callback_data(node, o.key))
        for o in say.options
    ]
    if say.menu_option:
        buttons.append(
            Button(translate(catalogs, language, MENU_LABEL_TEXT), callback_data(node, "0"))
        )
    return TelegramMessage(_body(catalogs, language, say, sms=False), tuple(buttons))


def sms_parts(catalogs: Catalogs, language: str, say: Say) -> tuple[str, str]:
    """An SMS's body and its numbered options ("1 ...", "0 Menu"), apart."""
    lines = [
        f"{n} {translate(catalogs, language, o.label, sms=True)}"
        for n, o in enumerate(say.options, start=1)
    ]
    if say.menu_option:
        lines.append(f"0 {translate(catalogs, language, MENU_LABEL_TEXT)}")
    return _body(catalogs, language, say, sms=True), "\n".join(lines)


def render_sms(catalogs: Catalogs, language: str, say: Say) -> SmsMessage:
    body, options = sms_parts(catalogs, language, say)
    text = "\n".join(part for part in (body, options) if part)
    return SmsMessage(text, count_segments(text))
