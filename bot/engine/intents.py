"""Global intents: words and commands that work from any node (menu, help, stop, ...).

"exact" intents fire only when the whole message is one of their keywords, so "stop"
ends the conversation but "my boss will not stop shouting" does not. "contains" intents
(emergency) fire on a short message that includes a keyword anywhere, so "помогите
пожалуйста" and "yordam kerak" both reach the emergency contacts at once.
Keywords of every language are matched whatever the session's language, through the
normaliser's skeleton, so Russian-keyboard and Latin spellings match as well.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.model import Inbound, Intent
from bot.text.normalise import skeleton


def parse_command(text: str) -> tuple[str, str] | None:
    """ "/start job" -> ("start", "job"); "/menu@SafarBot" -> ("menu", ""); else None."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, arg = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name.replace("_", "").isalnum():
        return None
    return name, arg.strip()


class IntentMatcher:
    """Finds the global intent of an inbound message, if it has one."""

    def __init__(self, intents: Sequence[Intent]) -> None:
        self.intents = tuple(intents)
        self._keys = {
            intent.id: [
                tuple(skeleton(word).split())
                for words in intent.keywords.values()
                for word in words
                if skeleton(word)
            ]
            for intent in self.intents
        }

    def by_command(self, command: str) -> Intent | None:
        return next((i for i in self.intents if command in i.commands), None)

    def by_text(self, text: str) -> Intent | None:
        tokens = tuple(skeleton(text).split())
        if not tokens:
            return None
        for intent in self.intents:
            for key in self._keys[intent.id]:
                if tokens == key:
                    return intent
                if (
                    intent.match == "contains"
                    and len(tokens) <= intent.max_words
                    and (_contains(tokens, key))
                ):
                    return intent
        return None

    def match(self, inbound: Inbound) -> Intent | None:
        if inbound.choice is not None:
            return None
        if inbound.command is not None:
            return self.by_command(inbound.command)
        return self.by_text(inbound.text)

    def keyword_skeletons(self, intent: Intent) -> list[tuple[str, ...]]:
        return self._keys[intent.id]


def _contains(tokens: tuple[str, ...], key: tuple[str, ...]) -> bool:
    width = len(key)
    return any(tokens[i : i + width] == key for i in range(len(tokens) - width + 1))
