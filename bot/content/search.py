"""Finding topics from what a person types: "патент", "patent", "виза Туркия",
"kor dar Rusiya". Words of the query and of each topic's keywords and title (in every
language) meet through the normaliser's skeleton, so Tajik typed any way and Russian
in Latin all match; a word also matches with an ending added ("патенти", "паспорта").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.content.topics import Topic
from bot.text.normalise import skeleton

MIN_WORD = 3  # shorter words (prepositions, "и", "va") say nothing about a topic
MIN_STEM = 4  # a keyword this long also matches words that start with it
# Frequent words of the three languages that would otherwise match titles.
_STOP = frozenset(
    skeleton(w)
    for w in """
    the and for how what can with work job jobs abroad about
    как что для где мне работа работу это или
    дар барои чӣ чи кор ман шумо чӣ хел аст
    """.split()
)


@dataclass(frozen=True)
class TopicIndex:
    terms: dict[str, frozenset[str]]  # topic id -> matching keys

    @classmethod
    def build(cls, topics: Sequence[Topic], titles: Mapping[str, Iterable[str]]) -> TopicIndex:
        """``titles``: topic id -> its title in every language."""
        terms = {}
        for topic in topics:
            words = {k for words in topic.keywords.values() for k in words}
            words |= set(titles.get(topic.id, ()))
            keys = {part for word in words for part in skeleton(word).split()}
            keys |= {skeleton(word) for word in words}
            terms[topic.id] = frozenset(k for k in keys if len(k) >= MIN_WORD and k not in _STOP)
        return cls(terms)

    def search(self, text: str) -> list[str]:
        """Topic ids that match, best first."""
        query = [w for w in skeleton(text).split() if len(w) >= MIN_WORD and w not in _STOP]
        whole = skeleton(text)
        scores: dict[str, int] = {}
        for topic_id, keys in self.terms.items():
            score = 3 * (whole in keys)
            for word in query:
                if word in keys:
                    score += 2
                elif any(len(k) >= MIN_STEM and word.startswith(k) for k in keys):
                    score += 1
            if score:
                scores[topic_id] = score
        return sorted(scores, key=lambda topic_id: -scores[topic_id])
