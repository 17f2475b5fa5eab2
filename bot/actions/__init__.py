"""Actions that flow files call by name; importing this package registers them all."""

from bot.actions import awareness, contacts, job, report, tips

__all__ = ["awareness", "contacts", "job", "report", "tips"]
