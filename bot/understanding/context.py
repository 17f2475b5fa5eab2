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


@dataclass(frozen=True)
class Frame:
    over: bool  # the person left, got away or is home now
    earlier: bool  # it was before ("last year")
    ongoing: bool  # it is still so
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
            return danger and (self.ongoing or match.present_verb)
        if self.earlier:
            return self.ongoing or match.present_verb
        return True


def _words(match: Match) -> str:
    return match.source.split(": ", 1)[-1]


def _clause_rest(reading: Reading, match: Match) -> range:
    tokens = reading.tokens
    clause, end = tokens[match.span.start].clause, match.span.stop
    while end < len(tokens) and tokens[end].clause == clause:
        end += 1
    return range(match.span.start, end)


def read(reading: Reading) -> Frame:
    cues = [m for m in reading.find(load(CUES)) if not m.negated]
    question = reading.question or any(m.concept == "question" for m in cues)
    spans = tuple(
        _clause_rest(reading, cue)
        for cue in cues
        if cue.concept == "hypothetical" and (question or _words(cue) not in _CONDITIONS)
    )
    # What a condition says ("if I leave") is not what happened.
    real = [m for m in cues if not any(m.span.start in span for span in spans)]
    # A verb of leaving counts in the past only: "whoever runs away" is a threat.
    over = any(
        m.concept == "home_now" or (m.concept == "over" and (m.past or not m.verb)) for m in real
    )
    kinds = {m.concept for m in real}
    return Frame(
        over=over,
        earlier="past_time" in kinds,
        ongoing="ongoing" in kinds,
        plea="plea" in kinds,
        information="information" in kinds,
        question=question,
        hypothetical_spans=spans,
    )
