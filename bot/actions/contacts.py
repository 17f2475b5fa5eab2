"""Actions that show help contacts from ``data/contacts.toml``."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from bot.content.contacts import HelpContact, emergency_contacts
from bot.engine.actions import ActionContext, ActionResult, action
from bot.engine.model import Say, Text
from bot.i18n.marker import N_

CONTACT_LINE = N_("{name}: {phone}")
STALE_CONTACT_LINE = N_("{name}: {phone} (checked {date}, may have changed)")


def contact_line(contact: HelpContact, today: dt.date, max_age_days: int) -> Text:
    params: dict[str, str | Text] = {"name": Text(contact.name), "phone": contact.phone}
    if contact.is_stale(today, max_age_days):
        params["date"] = contact.verified_on.isoformat()
        return Text(STALE_CONTACT_LINE, MappingProxyType(params))
    return Text(CONTACT_LINE, MappingProxyType(params))


@action("emergency_contacts")
def show_emergency_contacts(context: ActionContext) -> ActionResult:
    """The emergency numbers, one a line, under the node's own text."""
    today = dt.datetime.fromtimestamp(context.now, dt.UTC).date()
    max_age = context.resources.contacts_max_age_days
    lines = tuple(
        contact_line(c, today, max_age) for c in emergency_contacts(context.resources.contacts)
    )
    listing = Text("{lines}", MappingProxyType({"lines": lines}), verbatim=True)
    return ActionResult(says=(Say((listing,)),))
