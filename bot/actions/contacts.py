"""Actions that show help contacts from ``data/contacts.toml``."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from bot.content.contacts import HelpContact, directory, emergency_contacts
from bot.engine.actions import ActionContext, ActionResult, action, option_source
from bot.engine.model import Node, Option, Say, Session, Text
from bot.engine.resources import Resources
from bot.i18n.marker import N_

CONTACT_LINE = N_("{name}: {phone}")
STALE_CONTACT_LINE = N_("{name}: {phone} (checked {date}, may have changed)")


def contact_line(contact: HelpContact, today: dt.date, max_age_days: int) -> Text:
    name = Text(contact.name)
    if contact.city:
        # A city is a proper name, shown as written in the data file.
        name = Text(
            "{name}, {city}", MappingProxyType({"name": name, "city": contact.city}), verbatim=True
        )
    params: dict[str, str | Text] = {"name": name, "phone": contact.phone}

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


# Destination countries offered in the help directory (DOMAIN.md §4.1), in this order.
COUNTRIES = {
    "TJ": N_("Tajikistan"),
    "RU": N_("Russia"),
    "KZ": N_("Kazakhstan"),
    "TR": N_("Türkiye"),
    "AE": N_("UAE"),
    "KR": N_("South Korea"),
}
NO_CONTACTS = N_(
    "Safar has no checked numbers for {country} yet. Ask the Tajik embassy or consulate,"
    " or call the local emergency number."
)


@option_source("countries", var="country")
def destination_countries(resources: Resources, node: Node, session: Session) -> tuple[Option, ...]:
    return tuple(Option(code, Text(name)) for code, name in COUNTRIES.items())


@action("country_contacts")
def show_country_contacts(context: ActionContext) -> ActionResult:
    """The chosen country's numbers, each with its date if it is old."""
    code = context.session.vars.get("country", "")
    today = dt.datetime.fromtimestamp(context.now, dt.UTC).date()
    max_age = context.resources.contacts_max_age_days
    found = directory(context.resources.contacts, code)
    if not found:
        country = Text(COUNTRIES.get(code, code), verbatim=code not in COUNTRIES)
        text = Text(NO_CONTACTS, MappingProxyType({"country": country}))
        return ActionResult(says=(Say((text,)),))
    lines = tuple(contact_line(c, today, max_age) for c in found)
    listing = Text("{lines}", MappingProxyType({"lines": lines}), verbatim=True)
    return ActionResult(says=(Say((listing,)),))
