"""The hotline's side of a conversation: what the report flow's requests do to cases.

The conversation layer calls this before it saves the session, so a report is stored
(durably, with its card queued) before the person is told it was received, and a
redelivered message finds the case its first delivery opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from bot.cases import changes
from bot.cases.base import CaseStore
from bot.cases.clock import known_zone
from bot.cases.contact_rules import in_hours
from bot.cases.hours import WorkingHours
from bot.cases.masking import masked
from bot.cases.model import REOPENED_BY_WRITING, Case, CaseStatus, Entry, NewCase
from bot.cases.outbox import Outgoing
from bot.config.settings import CasesSettings, DeskSettings
from bot.engine.model import EMPTY, CaseRequest, Contact, Say, Text
from bot.engine.resources import CASE_VAR, Resources
from bot.i18n.marker import N_
from bot.i18n.render import translate
from bot.text.normalise import skeleton

RECEIVED = N_("Your report is saved and has reached the caseworkers.")
RECEIVED_SMS = N_("Saved and sent to the caseworkers.")
ADDED = N_("You already have an open report: this was added to it.")
USUALLY = N_("A caseworker usually answers within {time}.")
CLOSED_NOW = N_(
    "Caseworkers are not at work now; their hours are {hours} ({zone}). They will read it"
    " when they are back. In danger? Write HELP."
)
CLOSED_NOW_SMS = N_("Caseworkers work {hours} ({zone}). In danger? Send HELP.")
QUEUE = N_("Reports waiting before yours: {count}.")
NO_ANSWER = N_("You asked for no answer, so nobody will write to you here.")
SENT = N_("Sent to your caseworker.")
SMS_EXPIRED = N_(
    "{case}: the SMS to the person waited too long at Twilio and was not delivered. Write"
    " again if it is still safe."
)
WAITING_STILL = N_("Added to your report. It is waiting for a caseworker.")
CASE_CLOSED = N_("Your case is closed. To tell us something new, choose a caseworker in the menu.")
FROM_CASEWORKER = N_("Caseworker: {text}")
MINUTES = N_("{n} min")
HOURS = N_("{n} h")

# What the caseworkers read in the thread (in the desk's language).
PERSON_WRITES = N_("{case}: the person writes: {text}")
NEW_REPORT = N_("{case}: the same person sent a new report ({priority}): {summary}")
CONTACT_ENDED = {
    "stop": N_("{case}: the person sent STOP. Contact has ended: do not write."),
    "code": N_("{case}: the person sent their code word. Contact has ended: do not write."),
    "forget": N_(
        "{case}: the person erased their chat. The case stays, anonymised: they cannot be reached."
    ),
    "unreachable": N_("{case}: the person cannot be reached (blocked or number not working)."),
}
DELETED = N_("Case {case} was deleted at the person's request.")
PURGED = N_("Case {case} was erased after its retention period.")
CONTACT_REOPENED = N_("They wrote again after STOP: they may be answered again.")
RELEASED_HELD = N_("{case}: {count} held message(s) reached the person when they wrote.")


@dataclass(frozen=True)
class CaseAnswer:
    """What to tell the person, and session variables to set ("" clears one)."""

    says: tuple[Say, ...] = ()
    vars: Mapping[str, str] = field(default_factory=lambda: EMPTY)


def duration(seconds: float) -> Text:
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return Text(MINUTES, MappingProxyType({"n": str(minutes)}))
    return Text(HOURS, MappingProxyType({"n": str(round(minutes / 60))}))


class CaseService:
    def __init__(
        self,
        store: CaseStore,
        resources: Resources,
        cases: CasesSettings,
        desk: DeskSettings,
    ) -> None:
        self.store = store
        self.resources = resources
        self.settings = cases
        self.desk = desk
        self.hours = WorkingHours.from_settings(desk)

    def desk_text(self, msgid: str, /, **params: str) -> str:
        return translate(
            self.resources.catalogs, self.desk.language, Text(msgid, MappingProxyType(params))
        )

    async def apply(
        self, request: CaseRequest, contact: Contact, language: str, message_id: str, now: float
    ) -> CaseAnswer:
        if request.kind == "open":
            return await self._open(request.data, contact, language, message_id, now)
        case = await self.store.open_case_of(contact.key)
        if request.kind == "message":
            return await self._message(case, request.data.get("text", ""), now)
        if case is None:
            return CaseAnswer(vars=MappingProxyType({CASE_VAR: ""}))
        if request.kind == "end_contact":
            await self.end_contact(case, request.data.get("reason", "stop"))
        elif request.kind == "forget_keep":
            await self.anonymise(case)
        elif request.kind == "forget_delete":
            await self.delete(case)
        return CaseAnswer()

    # --- a new report ------------------------------------------------------------------

    def _case(
        self, case_id: str, data: Mapping[str, str], contact: Contact, language: str, now: float
    ) -> Case:
        consent = data.get("consent", "anonymous")
        code = skeleton(data.get("code", ""))
        return Case(
            id=case_id,
            priority=data.get("priority", "P4"),
            status=CaseStatus.WAITING,
            language=language,
            channel=contact.channel,
            created_at=now,
            indicators=tuple(i for i in data.get("indicators", "").split(",") if i),
            evidence=tuple(
                (name, words)
                for name, _, words in (
                    p.partition("=") for p in data.get("evidence", "").split("|")
                )
                if name
            ),
            who=data.get("who", ""),
            when=data.get("when", ""),
            phone=data.get("phone", ""),
            text=data.get("text", ""),
            country=data.get("country", ""),
            city=data.get("city", ""),
            source=data.get("source", "report"),
            offer_flags=tuple(f for f in data.get("offer", "").split(",") if f),
            uncertain=data.get("uncertain") == "yes",
            consent=consent,
            window=data.get("window", "reply"),
            zone=known_zone(data.get("zone", "")),
            # Only a person who agreed to be written to leaves a way to reach them.
            contact=contact.key if consent == "contact" else None,
            contact_ref=self.store.contact_ref(contact.key),
            code_hash=self.store.code_hash(code) if code and consent == "contact" else "",
            last_inbound_at=now,
        )

    async def _open(
        self,
        data: Mapping[str, str],
        contact: Contact,
        language: str,
        message_id: str,
        now: float,
    ) -> CaseAnswer:
        # A redelivered message finds what its first delivery did, before anything else.
        done = await self.store.opened_by(message_id)
        if done is not None:
            return await self._receipt(done, RECEIVED, now)
        existing = await self.store.open_case_of(contact.key)
        if existing is not None:
            return await self._merge(existing, data, message_id, now)
        new = NewCase(data.get("priority", "P4"), language, contact.key, dict(data), message_id)
        case, _ = await self.store.open(
            new, lambda case_id: self._case(case_id, data, contact, language, now)
        )
        return await self._receipt(case, RECEIVED, now)

    async def _merge(
        self, case: Case, data: Mapping[str, str], message_id: str, now: float
    ) -> CaseAnswer:
        priority = data.get("priority", "P4")
        summary = masked(data.get("text", "")) or data.get("indicators", "")
        note = self.desk_text(NEW_REPORT, case=case.id, priority=priority, summary=summary)
        case, _ = await self.store.change(
            case.id,
            changes.merged(Entry(now, "person", summary), priority),
            then=(Outgoing("desk", case.id, note), Outgoing("card", case.id)),
        )
        await self.store.remember_opened(message_id, case.id)
        return await self._receipt(case, ADDED, now)

    async def _receipt(self, case: Case, first: str, now: float) -> CaseAnswer:
        sms = RECEIVED_SMS if first == RECEIVED else None
        texts = [Text(first, sms=sms), *await self._where_it_stands(case, now)]
        return CaseAnswer((Say(tuple(texts)),), MappingProxyType({CASE_VAR: case.id}))

    async def _where_it_stands(self, case: Case, now: float) -> list[Text]:
        """An honest picture: the usual wait, or that nobody is at work, and the queue."""
        texts: list[Text] = []
        if case.consent != "contact":
            texts.append(Text(NO_ANSWER))
        if not self.hours.is_open(now):
            params = {"hours": self.desk.hours, "zone": self.hours.utc_offset(now)}
            texts.append(Text(CLOSED_NOW, MappingProxyType(params), sms=CLOSED_NOW_SMS))
        elif case.consent == "contact":
            usual = await self.store.usual_claim_seconds(case.priority)
            target = self.settings.claim_minutes(case.priority) * 60.0
            wait = duration(usual if usual is not None else target)
            texts.append(Text(USUALLY, MappingProxyType({"time": wait})))
        ahead = (await self.store.position(case.id) or 1) - 1
        if ahead > 0:
            texts.append(Text(QUEUE, MappingProxyType({"count": str(ahead)})))
        return texts

    # --- later messages ------------------------------------------------------------------

    async def _message(self, case: Case | None, text: str, now: float) -> CaseAnswer:
        if case is None:
            return CaseAnswer((Say((Text(CASE_CLOSED),)),), MappingProxyType({CASE_VAR: ""}))
        note = self.desk_text(PERSON_WRITES, case=case.id, text=masked(text))
        if case.contact_ended in REOPENED_BY_WRITING and case.contact is not None:
            note += "\n" + self.desk_text(CONTACT_REOPENED)
        case, _ = await self.store.change(
            case.id,
            changes.written_by_person(Entry(now, "person", text)),
            then=(Outgoing("desk", case.id, note),),
        )
        answer = WAITING_STILL if case.status is CaseStatus.WAITING else SENT
        return CaseAnswer((Say((Text(answer),)),))

    async def on_inbound(self, case_id: str, now: float) -> tuple[Say, ...]:
        """The person is writing: their reply window opens and held messages reach them."""
        case = await self.store.get(case_id)
        if case is None or case.status is CaseStatus.CLOSED or not case.may_contact:
            return ()
        held = case.held
        if held and not in_hours(case, now, self.desk.timezone):
            # Writing does not open chosen hours: the messages wait for them (timers).
            await self.store.change(case.id, lambda c: replace(c, last_inbound_at=now))
            return ()
        await self.store.change(case.id, lambda c: replace(c, last_inbound_at=now, held=()))
        if not held:
            return ()
        await self.store.enqueue(
            Outgoing(
                "desk", case.id, self.desk_text(RELEASED_HELD, case=case.id, count=str(len(held)))
            )
        )
        return tuple(
            Say((Text(FROM_CASEWORKER, MappingProxyType({"text": text})),)) for text in held
        )

    async def sms_expired(self, sid: str) -> None:
        """Twilio gave up on an SMS that waited too long in its queue (30036): the
        caseworker is told it never reached the person."""
        case_id = await self.store.case_of_sms(sid)
        if case_id is not None:
            notice = self.desk_text(SMS_EXPIRED, case=case_id)
            await self.store.enqueue(Outgoing("desk", case_id, notice))

    async def is_code_word(self, case_id: str, text: str) -> bool:
        word = skeleton(text)
        if not word:
            return False
        case = await self.store.get(case_id)
        return (
            case is not None
            and bool(case.code_hash)
            and (self.store.code_hash(word) == case.code_hash)
        )

    # --- ending contact ------------------------------------------------------------------

    async def end_contact(self, case: Case, reason: str) -> None:
        notice = self.desk_text(CONTACT_ENDED.get(reason, CONTACT_ENDED["stop"]), case=case.id)
        await self.store.change(
            case.id, changes.contact_ended(reason), then=(Outgoing("desk", case.id, notice),)
        )
        await self.store.enqueue(Outgoing("card", case.id))

    async def anonymise(self, case: Case) -> None:
        notice = self.desk_text(CONTACT_ENDED["forget"], case=case.id)
        await self.store.change(
            case.id, changes.anonymised, then=(Outgoing("desk", case.id, notice),)
        )
        await self.store.enqueue(Outgoing("card", case.id))

    async def delete(self, case: Case, notice: str = DELETED) -> None:
        """Erase the case; its card in the group says so and keeps none of its content."""
        gone = await self.store.delete(case.id)
        if gone is not None and gone.card_message_id is not None:
            text = self.desk_text(notice, case=case.id)
            await self.store.enqueue(Outgoing("card", case.id, text, to=str(gone.card_message_id)))
