"""Trains the n-gram safety net on dev and exports it as JSON, so scoring needs no sklearn.

``python -m bot.understanding.train triage|offers [--data FILE] [--out FILE] [--repeats 5]``

* Reads only the records with ``split == "dev"``; the held-out split is never opened
  as data (only the file's bytes are hashed for the data card).
* Repeated stratified 5-fold cross-validation on dev gives out-of-fold probabilities;
  the thresholds are chosen on those alone, then the model is refitted on all of dev.
* Writes vocabularies, idf, weights, intercepts, classes, thresholds and a data card
  (file hash, counts, date, versions, CV figures with Wilson 95% intervals) and prints
  a report. Needs the ``train`` extra (scikit-learn); the bot itself does not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import platform
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from bot import labelled
from bot.text.normalise import skeleton
from bot.understanding.net import FORMAT, NgramNet
from bot.understanding.stats import wilson

ROOT = Path(__file__).resolve().parents[2]
MODELS = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True)
class Raise:
    """Raise to ``level`` when P(level or more urgent) reaches a threshold chosen so
    that at most ``false_raise_bound`` of less urgent dev items are raised."""

    level: str
    false_raise_bound: float


@dataclass(frozen=True)
class Task:
    label_field: str
    urgency: tuple[str, ...]  # the classes, most urgent first
    raises: tuple[Raise, ...]  # most urgent first: a caller tests them in this order
    collapse: Mapping[str, str] = field(default_factory=dict)  # raw label -> class
    fallback: str | None = None  # class of raw labels not in the table; None: refuse

    def target(self, raw: str) -> str:
        if raw in self.collapse:
            return self.collapse[raw]
        if raw in self.urgency:
            return raw
        if self.fallback is None:
            raise SystemExit(f"label {raw!r} is not one of {', '.join(self.urgency)}")
        return self.fallback


# The one table of what each net learns. Offers: the four verdicts of bot/offers/score.py
# collapse to three, because the net only has to say "look closer", not "how bad".
TASKS: Mapping[str, Task] = {
    "triage": Task(
        label_field="priority",
        urgency=("P1", "P2", "P3", "P4", "none"),
        raises=(Raise("P1", 0.10), Raise("P2", 0.15), Raise("P3", 0.20)),
    ),
    "offers": Task(
        label_field="risk",
        urgency=("risky", "caution", "clear"),
        raises=(Raise("caution", 0.20),),
        collapse={
            "danger": "risky",
            "high": "risky",
            "caution": "caution",
            "low": "clear",
            "unknown": "clear",
        },
        fallback="clear",
    ),
}


# Texts that exercise the skeleton's rules (scripts, keyboards, old fonts, look-alikes,
# abbreviations, doubled letters, digits). Their skeletons go into the data card; a test
# compares them with today's ``skeleton`` so a change to the normaliser, which silently
# shifts every feature, fails until the models are retrained.
PROBES = (
    "Ёрдам диҳед, моро қулф карданд",
    "Ёрдам дихед, моро кулф карданд",
    "yordam dihed, moro qulf kardand",
    "Ҷавоб надоданд, ҳуҷҷатҳоямро гирифтанд",
    "Љуљљат ва Ќарз",
    "Помогите, паспорт забрали, не выпускают",
    "CВO контракт 200 000 руб, СВ0, С.В.О.",
    "Xush kelibsiz, g'alla, o'zbek, shahri Dushanbe",
    "Маош 1500 доллар, 1100 сомонӣ, ҳаққи хизмат",
    "They won't call an ambulance, no water in the container",
)


@dataclass(frozen=True)
class Settings:
    """Features and model; the caps keep the exported file small and fast to load."""

    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    # Every skeleton token, one letter included: Tajik "u" (he/she) and Russian "v"/"s"
    # carry meaning in bigrams ("u menya", "v podvale").
    word_pattern: str = r"(?u)\b\w+\b"
    min_df: int = 2
    char_max_features: int = 4000
    word_max_features: int = 1000
    C: float = 10.0
    max_iter: int = 2000
    folds: int = 5
    seed: int = 0
    # Four decimals: the largest change this makes to a probability is reported in
    # the card (about 1e-4); more digits only make the file bigger.
    decimals: int = 4


def build(settings: Settings) -> Any:
    """FeatureUnion of two TfidfVectorizers on the skeleton, then balanced multinomial LR."""
    common: dict[str, Any] = {
        "preprocessor": skeleton,
        "sublinear_tf": True,
        "norm": "l2",
        "min_df": settings.min_df,
        "dtype": np.float64,
    }
    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=settings.char_ngrams,
                    max_features=settings.char_max_features,
                    **common,
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=settings.word_ngrams,
                    token_pattern=settings.word_pattern,
                    max_features=settings.word_max_features,
                    **common,
                ),
            ),
        ]
    )
    model = LogisticRegression(
        C=settings.C, class_weight="balanced", max_iter=settings.max_iter, solver="lbfgs"
    )
    return Pipeline([("features", features), ("model", model)])


def _rounded(values: Iterable[float], decimals: int) -> list[float]:
    # Python's round gives the double nearest the short decimal, so the JSON text is
    # short and parses back to exactly the value the sklearn model now holds; + 0.0
    # turns -0.0 into 0.0.
    return [round(float(value), decimals) + 0.0 for value in values]


def round_weights(pipeline: Any, decimals: int) -> None:
    """Round idf, coefficients and intercepts inside the fitted pipeline itself, so the
    exported file and the sklearn model it came from stay exactly the same model."""
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        vectorizer.idf_ = np.array(_rounded(vectorizer.idf_, decimals))
    model = pipeline.named_steps["model"]
    model.coef_ = np.array([_rounded(row, decimals) for row in model.coef_])
    model.intercept_ = np.array(_rounded(model.intercept_, decimals))


def export(pipeline: Any, task: Task, thresholds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The JSON model (without its card) of a fitted, rounded pipeline."""
    model = pipeline.named_steps["model"]
    coef = model.coef_
    blocks = []
    offset = 0
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        terms = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
        rows = [
            [term, float(vectorizer.idf_[index]), *(float(w) for w in coef[:, offset + index])]
            for term, index in terms
        ]
        offset += len(terms)
        block: dict[str, Any] = {
            "analyzer": vectorizer.analyzer,
            "ngram_range": list(vectorizer.ngram_range),
            "sublinear_tf": vectorizer.sublinear_tf,
            "norm": vectorizer.norm,
            "features": rows,
        }
        if vectorizer.analyzer == "word":
            block["token_pattern"] = vectorizer.token_pattern
        blocks.append(block)
    return {
        "format": FORMAT,
        "classes": [str(name) for name in model.classes_],
        "urgency": list(task.urgency),
        "preprocessor": "skeleton",
        "blocks": blocks,
        "intercept": [float(value) for value in model.intercept_],
        "thresholds": list(thresholds),
    }


# --- cross-validation and thresholds ---------------------------------------------------


def out_of_fold(
    texts: Sequence[str], labels: Sequence[str], settings: Settings, repeats: int
) -> tuple[list[str], np.ndarray]:
    """Classes and out-of-fold probabilities, shape (repeats, items, classes)."""
    classes = sorted(set(labels))
    splitter = RepeatedStratifiedKFold(
        n_splits=settings.folds, n_repeats=repeats, random_state=settings.seed
    )
    probabilities = np.full((repeats, len(texts), len(classes)), np.nan)
    text_array = np.array(texts, dtype=object)
    label_array = np.array(labels, dtype=object)
    for number, (train, test) in enumerate(splitter.split(text_array, label_array)):
        pipeline = build(settings).fit(text_array[train], label_array[train])
        if list(pipeline.classes_) != classes:
            raise SystemExit("a training fold lacked a class; add dev items to small classes")
        probabilities[number // settings.folds, test] = pipeline.predict_proba(text_array[test])
    return classes, probabilities


def choose_threshold(positives: Sequence[float], negatives: Sequence[float], bound: float) -> float:
    """The smallest threshold whose false raise rate on ``negatives`` is at most ``bound``.

    With k = floor(bound * negatives) allowed false raises, the threshold must lie
    above the (k+1)-th highest negative score. It is put midway to the next score seen
    (of either kind): the same rates on these data as the infimum, without resting on
    one item's exact score.
    """
    allowed = math.floor(bound * len(negatives) + 1e-9)
    if allowed >= len(negatives):
        return 0.0
    highest_kept_below = sorted(negatives, reverse=True)[allowed]
    above = [score for score in (*positives, *negatives) if score > highest_kept_below]
    if not above:
        return math.nextafter(highest_kept_below, math.inf)
    return (highest_kept_below + min(above)) / 2


def _interval(successes: float, n: float) -> dict[str, float | None]:
    """A proportion with its Wilson 95% interval; no value when there were no items."""
    low, high = wilson(float(successes), float(n))
    value = round(float(successes) / float(n), 4) if n else None
    count: float = int(n) if float(n).is_integer() else round(float(n), 2)
    return {"value": value, "low": round(low, 4), "high": round(high, 4), "n": count}


@dataclass
class Evaluation:
    per_class: dict[str, dict[str, dict[str, float | None]]]
    accuracy: dict[str, float | None]
    thresholds: list[dict[str, Any]]
    strata: dict[str, dict[str, dict[str, Any]]]


def evaluate(
    task: Task,
    classes: Sequence[str],
    probabilities: np.ndarray,
    labels: Sequence[str],
    strata: Mapping[str, Sequence[str]],
) -> Evaluation:
    """CV figures and thresholds from out-of-fold probabilities.

    Rates pool every repeat; Wilson intervals use the mean count per repeat over the
    number of distinct items, since repeats re-use the same items and add no evidence.
    """
    repeats, items, _ = probabilities.shape
    label_array = np.array(labels)
    predicted = np.array(classes)[probabilities.argmax(axis=2)]  # (repeats, items)
    correct = predicted == label_array
    per_class: dict[str, dict[str, dict[str, float | None]]] = {}
    for name in task.urgency:
        truly = label_array == name
        said = predicted == name
        per_class[name] = {
            "recall": _interval((correct & truly).sum() / repeats, float(truly.sum())),
            "precision": _interval((correct & said).sum() / repeats, said.sum() / repeats),
        }
    accuracy = _interval(correct.sum() / repeats, float(items))
    rank = {name: position for position, name in enumerate(task.urgency)}
    item_rank = np.array([rank[label] for label in labels])
    thresholds = []
    raised_by_level: dict[str, np.ndarray] = {}
    for rule in task.raises:
        group = task.urgency[: rank[rule.level] + 1]
        columns = [classes.index(name) for name in group]
        scores = probabilities[:, :, columns].sum(axis=2)  # (repeats, items)
        positive = item_rank <= rank[rule.level]
        threshold = choose_threshold(
            scores[:, positive].ravel().tolist(),
            scores[:, ~positive].ravel().tolist(),
            rule.false_raise_bound,
        )
        raised = scores >= threshold
        raised_by_level[rule.level] = raised
        thresholds.append(
            {
                "level": rule.level,
                "classes": list(group),
                "threshold": threshold,
                "false_raise_bound": rule.false_raise_bound,
                "false_raise_rate": _interval(
                    raised[:, ~positive].sum() / repeats, float((~positive).sum())
                ),
                "recall": _interval(raised[:, positive].sum() / repeats, float(positive.sum())),
            }
        )
    by: dict[str, dict[str, dict[str, Any]]] = {}
    for stratum_name, values in strata.items():
        value_array = np.array(values)
        by[stratum_name] = {}
        for value in sorted(set(values)):
            inside = value_array == value
            entry: dict[str, Any] = {
                "n": int(inside.sum()),
                "accuracy": _interval(correct[:, inside].sum() / repeats, float(inside.sum())),
            }
            for rule in task.raises:
                positive = item_rank <= rank[rule.level]
                raised = raised_by_level[rule.level]
                entry[rule.level] = {
                    "recall": _interval(
                        raised[:, inside & positive].sum() / repeats,
                        float((inside & positive).sum()),
                    ),
                    "false_raise_rate": _interval(
                        raised[:, inside & ~positive].sum() / repeats,
                        float((inside & ~positive).sum()),
                    ),
                }
            by[stratum_name][value] = entry
    return Evaluation(per_class, accuracy, thresholds, by)


# --- writing ---------------------------------------------------------------------------


def _dumps(value: Any, indent: int = 0) -> str:
    """JSON with one feature row per line: readable, diffable, still compact."""
    pad = " " * indent
    nested = any(isinstance(v, list | dict) for v in (value if isinstance(value, list) else []))
    if isinstance(value, dict) and any(isinstance(v, list | dict) for v in value.values()):
        items = [
            f"{pad} {json.dumps(key, ensure_ascii=False)}: {_dumps(item, indent + 1).lstrip()}"
            for key, item in value.items()
        ]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if nested:
        return (
            pad + "[\n" + ",\n".join(_dumps(item, indent + 1) for item in value) + "\n" + pad + "]"
        )
    separators = (", ", ": ") if isinstance(value, dict) else (",", ":")
    return pad + json.dumps(value, ensure_ascii=False, separators=separators, allow_nan=False)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _strata(records: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Groups to report separately, from whichever of lang, variant, author the set has.

    Variant is reported within its language ("tg/latin"): Latin Tajik and English are
    different problems. By author shows how far the net carries beyond its writers.
    """

    def has(name: str) -> bool:
        return any(name in record for record in records)

    def value(record: Mapping[str, Any], name: str) -> str:
        return str(record.get(name, "-"))

    strata: dict[str, list[str]] = {}
    if has("lang"):
        strata["lang"] = [value(r, "lang") for r in records]
    if has("lang") and has("variant"):
        strata["lang/variant"] = [f"{value(r, 'lang')}/{value(r, 'variant')}" for r in records]
    elif has("variant"):
        strata["variant"] = [value(r, "variant") for r in records]
    if has("author"):
        strata["author"] = [value(r, "author") for r in records]
    return strata


def train(
    task_name: str, data: Path, out: Path, repeats: int, settings: Settings | None = None
) -> tuple[dict[str, Any], Any]:
    """Cross-validate, choose thresholds, refit on dev, write ``out``; the model and pipeline."""
    settings = settings or Settings()
    task = TASKS[task_name]
    digest = _sha256(data)  # before reading, so the card names exactly the bytes read
    records = labelled.load(data, "dev")
    texts = [str(record["text"]) for record in records]
    unlabelled = [str(r.get("id", n)) for n, r in enumerate(records) if task.label_field not in r]
    if unlabelled:
        raise SystemExit(f"dev records without {task.label_field!r}: {', '.join(unlabelled)}")
    raw_labels = [str(record[task.label_field]) for record in records]
    labels = [task.target(raw) for raw in raw_labels]
    counts = Counter(labels)
    short = [name for name in task.urgency if counts[name] < settings.folds]
    if short:
        raise SystemExit(
            f"{settings.folds}-fold CV needs at least {settings.folds} dev items per class; "
            + ", ".join(f"{name} has {counts[name]}" for name in short)
        )
    strata = _strata(records)

    classes, probabilities = out_of_fold(texts, labels, settings, repeats)
    evaluation = evaluate(task, classes, probabilities, labels, strata)

    pipeline = build(settings).fit(texts, labels)
    before = pipeline.predict_proba(texts)
    round_weights(pipeline, settings.decimals)
    change = float(np.abs(pipeline.predict_proba(texts) - before).max())

    model = export(pipeline, task, evaluation.thresholds)
    vectorizers = dict(pipeline.named_steps["features"].transformer_list)
    model["card"] = {
        "task": task_name,
        "trained": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data": {
            "file": _shown(data),
            "sha256": digest,
            "split": "dev",
            "items": len(records),
            "label_field": task.label_field,
            "per_class": {name: counts[name] for name in task.urgency},
            "raw_labels": dict(sorted(Counter(raw_labels).items())),
            "collapse": dict(task.collapse),
            "fallback": task.fallback,
        },
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "settings": {key: value for key, value in asdict(settings).items()},
        "features": {name: len(v.vocabulary_) for name, v in vectorizers.items()},
        "rounding": {"decimals": settings.decimals, "max_probability_change_on_dev": change},
        "skeleton_probes": [[probe, skeleton(probe)] for probe in PROBES],
        "cv": {
            "method": "repeated stratified k-fold on dev, stratified by label",
            "folds": settings.folds,
            "repeats": repeats,
            "seed": settings.seed,
            "interval": "Wilson 95%; n = distinct items, successes = mean per repeat",
            "accuracy": evaluation.accuracy,
            "per_class": evaluation.per_class,
            "thresholds": evaluation.thresholds,
            "by": evaluation.strata,
        },
    }
    # The runtime keeps only what it needs of each threshold; the rates live in the card.
    model["thresholds"] = [
        {key: t[key] for key in ("level", "classes", "threshold", "false_raise_bound")}
        for t in evaluation.thresholds
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_dumps(model) + "\n", encoding="utf-8")
    NgramNet.load(out)  # refuse to finish with a file the runtime cannot read
    return model, pipeline


def _figure(interval: Mapping[str, Any]) -> str:
    if interval["value"] is None:
        return "-"
    return f"{interval['value']:.2f} [{interval['low']:.2f}, {interval['high']:.2f}]"


def report(model: Mapping[str, Any], out: Path) -> str:
    card = model["card"]
    cv = card["cv"]
    data = card["data"]
    lines = [
        f"{card['task']}: {data['items']} dev items of {data['file']} "
        f"(sha256 {data['sha256'][:12]}…), {cv['repeats']} × {cv['folds']}-fold CV",
        "dev items per class: " + ", ".join(f"{k} {v}" for k, v in data["per_class"].items()),
        f"features: {card['features']['char']} char n-grams, {card['features']['word']} "
        f"word n-grams; C={card['settings']['C']}; rounding moves a probability by at most "
        f"{card['rounding']['max_probability_change_on_dev']:.1e}",
        "",
        "out-of-fold, most probable class (Wilson 95%)",
        f"{'class':8} {'recall':>19}  {'precision':>19}",
    ]
    for name, figures in cv["per_class"].items():
        lines.append(
            f"{name:8} {_figure(figures['recall']):>19}  {_figure(figures['precision']):>19}"
        )
    lines += [f"accuracy {_figure(cv['accuracy'])}", "", "raise thresholds (out-of-fold)"]
    for t in cv["thresholds"]:
        lines.append(
            f"  P({'+'.join(t['classes'])}) >= {t['threshold']:.4f}: raises "
            f"{_figure(t['recall'])} of {t['level']}-or-above items; false raises "
            f"{_figure(t['false_raise_rate'])} (bound {t['false_raise_bound']:.2f})"
        )
    for stratum, groups in cv["by"].items():
        levels = [t["level"] for t in cv["thresholds"]]
        header = f"  {stratum:14} {'n':>4} {'accuracy':>8}" + "".join(
            f" {level + ' recall':>11} {level + ' false':>10}" for level in levels
        )
        lines += ["", f"by {stratum} (recall / false raises of n items)", header]
        for value, entry in groups.items():
            row = f"  {value:14} {entry['n']:4d} {entry['accuracy']['value']:8.2f}"
            for level in levels:
                recall, false = entry[level]["recall"], entry[level]["false_raise_rate"]
                row += f" {_cell(recall):>11} {_cell(false):>10}"
            lines.append(row)
    lines += ["", f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)"]
    return "\n".join(lines)


def _cell(interval: Mapping[str, Any]) -> str:
    n = interval["n"]
    return f"{interval['value']:.2f}/{n:g}" if n else "-"


def main(argv: Sequence[str] | None = None, write: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("--data", type=Path, help="labelled JSONL (default tests/data/TASK.jsonl)")
    parser.add_argument("--out", type=Path, help="model file (default models/TASK.json)")
    parser.add_argument("--repeats", type=int, default=5, help="CV repeats (default 5)")
    args = parser.parse_args(argv)
    data = args.data or ROOT / "tests" / "data" / f"{args.task}.jsonl"
    out = args.out or MODELS / f"{args.task}.json"
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    model, _ = train(args.task, data, out, args.repeats)
    write(report(model, out))


if __name__ == "__main__":
    main(sys.argv[1:])
