"""The n-gram net: the plain-Python scorer must give scikit-learn's probabilities, the
shipped models must carry thresholds and a data card, and training must run end to end.

The sklearn comparisons are skipped only when scikit-learn is not installed (it is a
``train`` extra, installed in development); everything else runs everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.labelled import load
from bot.text.normalise import skeleton
from bot.understanding.net import FORMAT, NgramNet

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "bot" / "understanding" / "models"
DATA = Path(__file__).parent / "data"

# What each shipped model must decide, and which levels it may raise to.
SHIPPED = {
    "triage": ({"P1", "P2", "P3", "P4", "none"}, ("P1", "P2", "P3")),
    "offers": ({"risky", "caution", "clear"}, ("caution",)),
}

# Texts no labelled set contains: empty, punctuation only, emoji, other scripts,
# digits, one very long message, mixed scripts and look-alike letters.
ODD_TEXTS = [
    "",
    "   ",
    "?!...",
    "🙏🙏🙏",
    "مرا کمک کنید",
    "12345 678",
    "Помогите!!! ПОМОГИТЕ!!! pomogite",
    "Ёрдам диҳед " * 60,
    "CВO контракт 200 000 руб",
    "kor dar Moskva, pasportro giriftand, ёрдам",
    "x",
]


def _texts() -> list[str]:
    """Every labelled text (both splits: nothing is tuned here) and the odd ones."""
    labelled = [str(r["text"]) for name in SHIPPED for r in load(DATA / f"{name}.jsonl", "all")]
    return labelled + ODD_TEXTS


def _assert_same(net: NgramNet, expected: Any, texts: list[str]) -> None:
    assert len(texts) >= 24
    for text, row in zip(texts, expected, strict=True):
        got = net.probabilities(text)
        assert list(got) == list(net.classes)
        for name, value in zip(net.classes, row, strict=True):
            assert abs(got[name] - float(value)) <= 1e-9, (text, name, got[name], value)


def _sklearn_pipeline(model: dict[str, Any]) -> Any:
    """A scikit-learn pipeline rebuilt from the JSON alone: an independent check of the
    file, which keeps working after the data grows and the card's hash goes stale."""
    np = pytest.importorskip("numpy")
    text = pytest.importorskip("sklearn.feature_extraction.text")
    linear = pytest.importorskip("sklearn.linear_model")
    pipelines = pytest.importorskip("sklearn.pipeline")

    parts, columns = [], []
    for number, block in enumerate(model["blocks"]):
        rows = block["features"]
        options: dict[str, Any] = {}
        if block["analyzer"] == "word":
            options["token_pattern"] = block["token_pattern"]
        vectorizer = text.TfidfVectorizer(
            analyzer=block["analyzer"],
            ngram_range=tuple(block["ngram_range"]),
            preprocessor=skeleton,
            sublinear_tf=True,
            norm="l2",
            vocabulary={row[0]: index for index, row in enumerate(rows)},
            **options,
        )
        vectorizer.fit(["x"])  # a fixed vocabulary: fitting only sets up the idf holder
        vectorizer.idf_ = np.array([row[1] for row in rows])
        parts.append((f"block{number}", vectorizer))
        columns += [row[2:] for row in rows]
    classifier = linear.LogisticRegression()
    classifier.classes_ = np.array(model["classes"])
    classifier.coef_ = np.array(columns).T
    classifier.intercept_ = np.array(model["intercept"])
    classifier.n_features_in_ = len(columns)
    return pipelines.Pipeline([("features", pipelines.FeatureUnion(parts)), ("model", classifier)])


def _train_module() -> Any:
    """bot.understanding.train, which needs the ``train`` extra (scikit-learn)."""
    pytest.importorskip("sklearn")
    return importlib.import_module("bot.understanding.train")


# --- the shipped models ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_loads_with_its_thresholds(name: str) -> None:
    classes, levels = SHIPPED[name]
    net = NgramNet.load(MODELS / f"{name}.json")
    assert set(net.classes) == classes
    assert tuple(net.thresholds) == levels  # most urgent first: the order to test them in
    for level, threshold in net.thresholds.items():
        assert 0.0 <= threshold <= 1.0
        assert level in net.groups[level]
    probabilities = net.probabilities("Помогите, нас заперли на складе")
    assert math.isclose(sum(probabilities.values()), 1.0)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_has_a_data_card(name: str) -> None:
    classes, levels = SHIPPED[name]
    card = NgramNet.load(MODELS / f"{name}.json").card
    assert card["task"] == name
    dt.datetime.fromisoformat(card["trained"])
    data = card["data"]
    # The file will grow after training: check the hash's form, not its value.
    assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"])
    assert data["file"] == f"tests/data/{name}.jsonl"
    assert data["split"] == "dev"
    assert set(data["per_class"]) == classes
    assert sum(data["per_class"].values()) == data["items"]
    assert re.fullmatch(r"\d+\.\d+.*", card["versions"]["sklearn"])
    assert card["features"]["char"] > 0 and card["features"]["word"] > 0
    cv = card["cv"]
    assert cv["folds"] == 5 and cv["repeats"] >= 1
    for name_ in classes:
        for figure in ("recall", "precision"):
            interval = cv["per_class"][name_][figure]
            assert interval["low"] <= interval["high"]
    assert [t["level"] for t in cv["thresholds"]] == list(levels)
    for threshold in cv["thresholds"]:
        assert threshold["false_raise_rate"]["value"] <= threshold["false_raise_bound"]
        assert {"value", "low", "high", "n"} <= set(threshold["recall"])
    assert {"lang", "lang/variant"} <= set(cv["by"])


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_was_trained_with_todays_skeleton(name: str) -> None:
    """Every feature is an n-gram of ``skeleton(text)``: if the normaliser changed since
    training, the weights point at n-grams the bot no longer produces."""
    probes = NgramNet.load(MODELS / f"{name}.json").card["skeleton_probes"]
    assert len(probes) >= 5
    changed = [text for text, folded in probes if skeleton(text) != folded]
    assert not changed, f"skeleton changed; retrain: python -m bot.understanding.train {name}"


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_scorer_equals_sklearn_on_the_shipped_model(name: str) -> None:
    path = MODELS / f"{name}.json"
    model = json.loads(path.read_text(encoding="utf-8"))
    pipeline = _sklearn_pipeline(model)
    texts = _texts()
    _assert_same(NgramNet.load(path), pipeline.predict_proba(texts), texts)


# --- loading ---------------------------------------------------------------------------


def test_load_is_cached_per_path_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_bytes((MODELS / "offers.json").read_bytes())
    first = NgramNet.load(path)
    assert NgramNet.load(tmp_path / "." / "model.json") is first
    model = json.loads(path.read_text(encoding="utf-8"))
    model["thresholds"][0]["threshold"] = 0.25
    path.write_text(json.dumps(model), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different stamp even on coarse file-system clocks
    again = NgramNet.load(path)
    assert again is not first
    assert again.thresholds["caution"] == 0.25


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        NgramNet.load(path)
    model = json.loads((MODELS / "offers.json").read_text(encoding="utf-8"))
    model["blocks"][0]["sublinear_tf"] = False
    path.write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(ValueError, match="sublinear"):
        NgramNet.load(path)


def test_raised_takes_the_most_urgent_level_reached() -> None:
    net = NgramNet.load(MODELS / "triage.json")
    assert net.raised(dict.fromkeys(net.classes, 0.0)) is None
    assert net.raised({**dict.fromkeys(net.classes, 0.0), "P1": 1.0}) == "P1"
    assert net.raised({**dict.fromkeys(net.classes, 0.0), "none": 1.0}) is None


# --- training --------------------------------------------------------------------------

# Each class has its own words; all share filler words, and one extra word is spread
# over the classes so the model has something to be unsure about.
_WORDS = {
    "P1": "заперли бьют убьют kushand qulf",
    "P2": "паспорт забрали shinosnoma pasport",
    "P3": "зарплату не платят muzd namedihand",
    "P4": "вопрос закон savol qonun",
    "none": "привет салом salom rahmat",
}
_FILLER = "мы там дар kor работа ман ҳаст"


def _synthetic(path: Path, per_class: int = 8) -> None:
    """Dev items per class, plus held-out items whose label the trainer would refuse:
    the run fails if it ever reads the held-out split."""
    rng = random.Random(7)
    lines = []
    for label, words in _WORDS.items():
        for number in range(per_class):
            text = " ".join(rng.sample(words.split(), 2) + rng.sample(_FILLER.split(), 3))
            lang, variant = ("ru", "cyr") if number % 2 else ("tg", "latin")
            author = "team" if number < 3 else "outside"
            record = {"id": f"{label}-{number}", "lang": lang, "variant": variant, "author": author}
            lines.append({**record, "split": "dev", "priority": label, "text": text})
    lines.append({"id": "h1", "split": "heldout", "priority": "P9", "text": "heldoutonly"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")


def test_training_command_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    data, out = tmp_path / "triage.jsonl", tmp_path / "net.json"
    _synthetic(data)
    command = [sys.executable, "-m", "bot.understanding.train", "triage"]
    command += ["--data", str(data), "--out", str(out), "--repeats", "2"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "raise thresholds" in result.stdout
    assert "by lang/variant" in result.stdout and "by author" in result.stdout
    net = NgramNet.load(out)
    card = net.card
    assert card["data"]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert card["data"]["items"] == 40
    assert card["data"]["per_class"] == dict.fromkeys(_WORDS, 8)
    assert card["cv"]["repeats"] == 2
    assert tuple(net.thresholds) == ("P1", "P2", "P3")
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["format"] == FORMAT
    assert not any("heldout" in row[0] for block in model["blocks"] for row in block["features"])
    assert net.probabilities("нас заперли и бьют")["P1"] > 0.5


def test_scorer_equals_the_trained_pipeline(tmp_path: Path) -> None:
    """The exporter against the very pipeline it exported, multinomial and binary."""
    train = _train_module()

    data, out = tmp_path / "triage.jsonl", tmp_path / "net.json"
    _synthetic(data)
    model, pipeline = train.train("triage", data, out, repeats=1)
    texts = [str(r["text"]) for r in load(data, "dev")] + _texts()
    _assert_same(NgramNet.load(out), pipeline.predict_proba(texts), texts)
    assert model["card"]["rounding"]["max_probability_change_on_dev"] < 1e-3

    # Two classes: scikit-learn keeps one row of weights and uses the logistic function.
    records = load(data, "dev")
    two = [r for r in records if r["priority"] in {"P1", "none"}]
    binary = train.build(train.Settings()).fit(
        [str(r["text"]) for r in two], [str(r["priority"]) for r in two]
    )
    train.round_weights(binary, 4)
    task = train.Task(label_field="priority", urgency=("P1", "none"), raises=())
    exported = train.export(binary, task, [])
    (tmp_path / "binary.json").write_text(json.dumps(exported), encoding="utf-8")
    _assert_same(NgramNet.load(tmp_path / "binary.json"), binary.predict_proba(texts), texts)


def test_threshold_is_the_smallest_within_the_bound() -> None:
    choose_threshold = _train_module().choose_threshold

    negatives = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    positives = [0.55, 0.85, 0.97]
    # One false raise in ten allowed: above 0.9, below the next score seen (0.95).
    threshold = choose_threshold(positives, negatives, 0.10)
    assert 0.9 < threshold <= 0.95
    assert sum(score >= threshold for score in negatives) == 1
    assert choose_threshold(positives, negatives, 1.0) == 0.0
    assert choose_threshold([], [0.5], 0.0) > 0.5
