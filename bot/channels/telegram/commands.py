"""The command menu Telegram shows, registered once per language with setMyCommands."""

from __future__ import annotations

from telegram import BotCommand
from telegram.ext import ExtBot

from bot.engine.model import Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.marker import N_
from bot.i18n.render import translate

COMMANDS = (
    ("start", N_("Start or restart")),
    ("menu", N_("Main menu")),
    ("help", N_("Emergency numbers")),
    ("language", N_("Change language")),
    ("stop", N_("Stop messages from Safar")),
    ("exit", N_("Quick exit: clear this chat from the screen")),
    ("forget", N_("Delete what Safar keeps about you")),
)


def commands_for(catalogs: Catalogs, language: str) -> list[BotCommand]:
    return [
        BotCommand(name, translate(catalogs, language, Text(description)))
        for name, description in COMMANDS
    ]


async def register_commands(
    bot: ExtBot[int], catalogs: Catalogs, languages: tuple[str, ...], default: str
) -> None:
    """Each user sees the commands in their app's language; others in the default one."""
    for language in languages:
        await bot.set_my_commands(commands_for(catalogs, language), language_code=language)
    await bot.set_my_commands(commands_for(catalogs, default))
