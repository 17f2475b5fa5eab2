"""The safety listener: every free-text message is heard for danger before anything else.

A person who describes danger in their own words, at the menu, in a topic list or in
the job check, must not get a search result. Before a node's fallback or choices
read typed text, the listener triages it (bot/hotline/triage.py):

* immediate danger (P1), or a plea for help of any length: the emergency numbers at
  once, then one closed question ("Are you in danger right now?"), then an offer to
  pass the words to a caseworker;
* ongoing or past exploitation (P2, P3): the offer to pass the words on, first;
* only the statistical net heard immediate danger: the numbers all the same (showing
  them costs a false alarm a line; withholding them may cost a life), and the case,
  if the person agrees, says "triage uncertain";
* only the net heard exploitation: in doubt, the offer, as for P2;
* information or anything else: nothing; the node answers as usual.

The words go into a report only if the person says yes (flows/emergency.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.hotline.triage import triage

HEARD_TEXT = "heard_text"  # the words, carried into a report only on consent
HEARD_PRIORITY = "heard_priority"
HEARD_UNCERTAIN = "heard_uncertain"  # only the statistical net raised it
DANGER_TARGET = "@emergency.urgent"
OFFER_TARGET = "@emergency.offer_help"

# In a flow that reads other people's texts (a job offer talks of passports, fees and
# "escort" work), only the person's own immediate danger is heard.
_OWN_DANGER = frozenset(
    {"violence", "threat_to_life", "weapon", "injury", "deprivation", "locked_in", "rescue"}
)


@dataclass(frozen=True)
class Alarm:
    target: str  # where the conversation goes
    vars: dict[str, str]


def hear(text: str, mode: str) -> Alarm | None:
    """What the listener does with a free-text message, in a flow of this listen mode."""
    if mode == "off" or not text.strip():
        return None
    heard = triage(text)
    own_danger = heard.priority == "P1" and bool(_OWN_DANGER & set(heard.indicators))
    if mode == "danger" and not own_danger:
        return None
    if heard.priority not in ("P1", "P2", "P3"):
        return None
    # A bare plea ("помогите") carries nothing for a caseworker to read.
    words = text if heard.indicators or heard.uncertain else ""
    carried = {
        HEARD_TEXT: words,
        HEARD_PRIORITY: heard.priority,
        HEARD_UNCERTAIN: "yes" if heard.uncertain else "",
    }
    # Immediate danger, in the words or only in the net's reading: the numbers first.
    # The case, if the person agrees, keeps the net's priority and says it is uncertain.
    if heard.priority == "P1" or heard.plea:
        return Alarm(DANGER_TARGET, carried)
    return Alarm(OFFER_TARGET, carried)
