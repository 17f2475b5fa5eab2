"""Finding a lexicon's concepts in a message, with what each match means in context.

A concept may list ``not_after`` words: its terms do not count right after them
(Tajik "занг задан" is "to call", not "to beat"). Each match knows the words that
showed it, whether a negation covers it, whether it
stands inside a condition or a question about rights ("what if they take my
passport?"), and whether its verb is in the past. Words of a term may have up to
``GAP`` other words between them ("забрали у меня паспорт").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from bot.text.normalise import normalise, skeleton_word
from bot.understanding.lexicon import Lexicon, NearRule, Term, WordSpec
from bot.understanding.negation import Scope, is_negated, scopes
from bot.understanding.tokens import Token, tokenize

GAP = 2


@dataclass(frozen=True)
class Match:
    concept: str
    span: range
    evidence: str
    negated: bool
    past: bool  # a word of it is in the past tense
    present_verb: bool  # a verb of it is in the present tense
    source: str  # the lexicon term or rule that matched
    verb: bool = False  # a word of it has a Russian or Tajik verb reading
    # Its clause has a present-tense verb and it has no past one: "посбонҳо бо милтиқ
    # меистанд" (guards stand with rifles), "khun meoyad" (blood is coming).
    clause_present: bool = False


def word_matches(token: Token, spec: WordSpec) -> bool:
    if spec.prefix is not None:
        return token.key.startswith(spec.prefix)
    common = token.keys & spec.keys
    if not common:
        return False
    if any(key.startswith("tg:") for key in common):
        # Tajik stems are short: "зан" is both "beat" (a verb) and "woman" (a noun).
        if spec.tajik_verb and not token.forms.tajik_verb:
            return False
        if token.forms.tajik_negated != spec.tajik_negated:
            return False
    return True


Span = tuple[range, frozenset[int]]  # the words covered, and those the term's words matched


def _term_spans(tokens: list[Token], term: Term, starts: list[int]) -> list[Span]:
    spans = []
    for start in starts:
        at, own = start, [start]
        for spec in term.words[1:]:
            ahead = range(at + 1, min(at + 2 + GAP, len(tokens)))
            at = next((j for j in ahead if word_matches(tokens[j], spec)), -1)
            if at < 0:
                break
            own.append(at)
        else:
            spans.append((range(start, at + 1), frozenset(own)))
    return spans


class Reading:
    """One message, tokenised once, against which lexicons are matched."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.question = "?" in text
        self.scopes: tuple[Scope, ...] = scopes(self.tokens)

    def evidence(self, span: range) -> str:
        return " ".join(t.surface for t in self.tokens[span.start : span.stop])

    def term_spans(self, lexicon: Lexicon) -> dict[Term, list[Span]]:
        """Where each term of the lexicon occurs (terms that do not occur are absent)."""
        starts: dict[Term, list[int]] = defaultdict(list)
        index = lexicon.index
        for i, token in enumerate(self.tokens):
            candidates = {t for key in token.keys for t in index.by_key.get(key, ())}
            candidates.update(t for prefix, t in index.by_prefix if token.key.startswith(prefix))
            for term in candidates:
                if word_matches(token, term.words[0]):
                    starts[term].append(i)
        found = {term: _term_spans(self.tokens, term, at) for term, at in starts.items()}
        return {term: spans for term, spans in found.items() if spans}

    def _match(self, concept: str, found: Span, source: str) -> Match:
        span, own = found
        forms = [self.tokens[i].forms for i in own]
        past = any(f.past for f in forms)
        present = any(f.verb and not f.past for f in forms)
        verb = any(f.verb for f in forms)
        negated = is_negated(self.scopes, span, own)
        clause = self.tokens[span.start].clause
        in_clause = (t.forms for t in self.tokens if t.clause == clause)
        clause_present = not past and any(f.verb and not f.past for f in in_clause)
        return Match(
            concept,
            span,
            self.evidence(span),
            negated,
            past,
            present,
            source,
            verb,
            clause_present,
        )

    def find(self, lexicon: Lexicon) -> list[Match]:
        """Every match of every concept, in order of position."""
        spans = self.term_spans(lexicon)
        index = lexicon.index
        found: list[Match] = []
        rules: dict[int, NearRule] = {}
        for term in sorted(spans, key=index.order.__getitem__):
            if term in index.direct:
                blocked = _blocked(lexicon, term.concept)
                found += [
                    self._match(term.concept, s, term.source)
                    for s in spans[term]
                    if not (s[0].start and self.tokens[s[0].start - 1].key in blocked)
                ]
            for rule in index.near_of.get(term, ()):
                rules.setdefault(id(rule), rule)
        for rule in sorted(rules.values(), key=lambda r: index.rule_order[id(r)]):
            blocked = _blocked(lexicon, rule.concept)
            firsts = [
                s
                for t in rule.first
                for s in spans.get(t, ())
                if not (s[0].start and self.tokens[s[0].start - 1].key in blocked)
            ]
            seconds = [s for t in rule.second for s in spans.get(t, ())] if firsts else []
            for a, own_a in firsts:
                for b, own_b in seconds:
                    apart = abs(a.start - b.start)
                    if apart <= rule.window and not own_a & own_b:
                        span = range(min(a.start, b.start), max(a.stop, b.stop))
                        both = (span, own_a | own_b)
                        found.append(self._match(rule.concept, both, rule.source))
        return sorted(found, key=lambda m: (m.span.start, m.concept))


def _blocked(lexicon: Lexicon, concept: str) -> frozenset[str]:
    return _skeletons(tuple(lexicon.concepts[concept].attributes.get("not_after", ())))


@lru_cache(maxsize=1024)
def _skeletons(words: tuple[str, ...]) -> frozenset[str]:
    """A concept's ``not_after`` words: a term right after one of them does not count."""
    return frozenset(skeleton_word(normalise(w)) for w in words)


def by_concept(matches: list[Match]) -> dict[str, list[Match]]:
    grouped: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        grouped[match.concept].append(match)
    return dict(grouped)
