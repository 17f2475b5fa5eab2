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
    дар барои чӣ чи кор кори корӣ ман шумо чӣ хел аст
    """.split()
)


@dataclass(frozen=True)
class TopicIndex:
    words: dict[str, frozenset[str]]  # topic id -> single-word keys
    phrases: dict[str, frozenset[str]]  # topic id -> multi-word keys, matched whole

    @classmethod
    def build(cls, topics: Sequence[Topic], titles: Mapping[str, Iterable[str]]) -> TopicIndex:
        """``titles``: topic id -> its title in every language."""
        words, phrases = {}, {}
        for topic in topics:
            keywords = [skeleton(k) for ks in topic.keywords.values() for k in ks]
            title_words = [w for title in titles.get(topic.id, ()) for w in skeleton(title).split()]
            singles = [k for k in keywords if " " not in k] + title_words
            words[topic.id] = frozenset(k for k in singles if len(k) >= MIN_WORD and k not in _STOP)
            phrases[topic.id] = frozenset(k for k in keywords if " " in k)
        return cls(words, phrases)

    def search(self, text: str) -> list[str]:
        """Topic ids that match, best first."""
        whole = f" {skeleton(text)} "
        query = [w for w in whole.split() if len(w) >= MIN_WORD and w not in _STOP]
        scores: dict[str, int] = {}
        for topic_id, keys in self.words.items():
            score = sum(3 for phrase in self.phrases[topic_id] if f" {phrase} " in whole)
            for word in query:
                if word in keys:
                    score += 2
                elif any(len(k) >= MIN_STEM and word.startswith(k) for k in keys):
                    score += 1
            if score:
                scores[topic_id] = score
        return sorted(scores, key=lambda topic_id: -scores[topic_id])
