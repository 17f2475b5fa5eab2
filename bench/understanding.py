"""Time per message of triage, and per offer of the job check: the words alone, and
the words with the statistical net.

Both paths of a reader read the same texts in the same run (every text of its labelled
set, several rounds, after one warm-up round that fills the caches as a running server
has them) and must give one verdict per text; the run checks that each path did the
same number of texts. The targets (issues #11 and #12) are p50 at most 5 ms a message
and 5 ms an offer, with the net, on this machine.

Run: python -m bench.understanding [--rounds 5] [--file tests/data/triage.jsonl]
     [--offers tests/data/offers.jsonl]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot.hotline.triage import triage
from bot.offers.assess import assess

ROOT = Path(__file__).resolve().parent.parent


def timings(texts: list[str], run: Callable[[str], str], rounds: int) -> tuple[list[float], int]:
    for text in texts:
        run(text)  # warm-up: lexicons compiled, lemma caches filled, model loaded
    seconds, done = [], 0
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            run(text)
            seconds.append(time.perf_counter() - start)
            done += 1
    return seconds, done


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p50, p99 = statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
    return f"{name:16} {len(ms):6d} {p50:8.2f} {p99:8.2f} {max(ms):8.2f}"


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def measure(
    label: str, texts: list[str], paths: dict[str, Callable[[str], str]], rounds: int
) -> None:
    results = {name: timings(texts, run, rounds) for name, run in paths.items()}
    counts = {done for _, done in results.values()}
    assert len(counts) == 1, f"the paths did different work: {counts}"
    chars = statistics.mean(len(t) for t in texts)
    print(f"{len(texts)} {label} (mean {chars:.0f} characters) x {rounds} rounds")
    print(f"{'path':16} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, (seconds, _) in results.items():
        print(summary(name, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--file", type=Path, default=ROOT / "tests" / "data" / "triage.jsonl")
    parser.add_argument("--offers", type=Path, default=ROOT / "tests" / "data" / "offers.jsonl")
    args = parser.parse_args()
    triage_paths: dict[str, Callable[[str], str]] = {
        "rules": lambda text: triage(text, net=False).priority,
        "rules + net": lambda text: triage(text).priority,
    }
    measure("messages", _texts(args.file), triage_paths, args.rounds)
    offer_paths: dict[str, Callable[[str], str]] = {
        "words": lambda text: assess(text, net=False).risk,
        "words + net": lambda text: assess(text).risk,
    }
    measure("offers", _texts(args.offers), offer_paths, args.rounds)


if __name__ == "__main__":
    main()
