"""Actions that flow files call by name; importing this package registers them all."""

from bot.actions import contacts

__all__ = ["contacts"]
