"""Actions that flow files call by name; importing this package registers them all."""

from bot.actions import awareness, contacts

__all__ = ["awareness", "contacts"]
