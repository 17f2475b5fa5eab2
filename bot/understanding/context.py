"""What frames a match: over or still going on, a condition or a real report, a plea.

Read once per message from the cue words of ``cues.toml``:

* over ("back home", "баргаштам", "уже дома") or past time ("last year", "соли
  гузашта") make a match past, unless it is still so ("still", "ҳанӯз", "до сих
  пор") or its own verb is in the present: "I am home now but they keep my passport"
  is current, "they had taken my passport last year, now I am home" is past;
* a condition ("if", "агар", "если") in a question, or a question about rights ("can
  an employer", "имеет ли право"), makes what follows in its clause hypothetical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.understanding.lexicon import load
from bot.understanding.match import Match, Reading

CUES = Path(__file__).with_name("cues.toml")
_CONDITIONS = frozenset(
    {
        "если",
        "если вдруг",
        "в случае",
        "вдруг",
        "агар",
        "агар ки",
        "if",
        "in case",
        "what if",
        "а что если",
        "что делать если",
    }
)


_ANY_POLARITY = frozenset({"information", "question", "hypothetical"})


@dataclass(frozen=True)
class Frame:
    over: bool  # the person left, got away or is home now
    earlier: bool  # it was before ("last year")
    ongoing: bool  # it is still so
    now_positions: tuple[int, ...]  # where "now" is said (not inside "now I am home")
    plea: bool
    information: bool
    question: bool
    hypothetical_spans: tuple[range, ...]

    def hypothetical(self, match: Match) -> bool:
        return any(match.span.start in span for span in self.hypothetical_spans)

    def is_current(self, match: Match, *, danger: bool = False) -> bool:
        """Whether a match is happening now, by the cues around it and its own tense.

        Once the person has left or is home, only immediate danger that goes on (a
        threat now, "still") is current: documents to recover and wages owed are past
        exploitation. Before that, "last year" makes a match past unless it is still so.
        """
        if self.over and self.earlier:
            return self.ongoing and danger
        if self.over:
            # Danger told in the present is not over, whoever is home ("I am in
            # Dushanbe; he is bleeding and the boss calls no ambulance").
            return danger and (self.ongoing or match.present_verb or match.clause_present)
        if self.earlier:
            return self.ongoing or match.present_verb or self.now_at(match)
        return True

    def now_at(self, match: Match) -> bool:
        """A "now" before the match: "last year … now they keep my nephew" is current."""
        return any(now <= match.span.start for now in self.now_positions)


def _words(match: Match) -> str:
    return match.source.split(": ", 1)[-1]


def _clause_rest(reading: Reading, match: Match) -> range:
    tokens = reading.tokens
    clause, end = tokens[match.span.start].clause, match.span.stop
    while end < len(tokens) and tokens[end].clause == clause:
        end += 1
    return range(match.span.start, end)


def _in_past(match: Match) -> bool:
    """A verb of leaving in the past ("escaped", "гурехтам"), not "whoever runs away".

    English words carry no verb reading, so an English cue counts only in the past.
    """
    return match.past or not (match.verb or match.evidence.isascii())


def read(reading: Reading) -> Frame:
    # A denied cue says nothing ("не вернулся"), but a topic or a question stays one
    # even under a negation ("without registration, how long can I stay?").
    cues = [m for m in reading.find(load(CUES)) if not m.negated or m.concept in _ANY_POLARITY]
    question = reading.question or any(m.concept == "question" for m in cues)
    conditions = [cue for cue in cues if cue.concept == "hypothetical"]
    spans = tuple(
        _clause_rest(reading, cue)
        for cue in conditions
        if question or _words(cue) not in _CONDITIONS
    )
    # What a condition says ("if I leave", "агар гурезӣ") is not what happened, in a
    # question or in a threat.
    said = [_clause_rest(reading, cue) for cue in conditions]
    real = [m for m in cues if not any(m.span.start in span for span in said)]
    # A verb of leaving counts in the past only: "whoever runs away" is a threat.
    over = any(m.concept == "home_now" or (m.concept == "over" and _in_past(m)) for m in real)
    kinds = {m.concept for m in real}
    home = [m.span for m in real if m.concept in ("home_now", "over")]
    nows = tuple(
        m.span.start
        for m in real
        if m.concept == "now" and not any(abs(m.span.start - h.start) <= 3 for h in home)
    )
    return Frame(
        over=over,
        earlier="past_time" in kinds,
        ongoing="ongoing" in kinds,
        now_positions=nows,
        plea="plea" in kinds,
        information="information" in kinds,
        question=question,
        hypothetical_spans=spans,
    )
