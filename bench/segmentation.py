"""Evaluate and time stc-bench's Norwegian pipeline (issue 5). Figures go in bench/README.md.

    .venv/bin/python bench/segmentation.py [--data ../shared/data] [--words 500000] [--only eval|speed]

Sentence boundaries: precision/recall/F1 on UD Norwegian Bokmål dev (written) and UD
NynorskLIA dev (transcribed speech), LIA also with the final ``.`` and ``#`` pause marks
removed, Bokmål also with the full stop left out before every sentence that opens with a
capitalised function word (issue 11's missing full stops). Sentences of a paragraph are joined with one space, paragraphs with a line break
(LIA has no paragraphs: one space throughout). A boundary is the end offset of a
sentence; the end of the text is not counted.

Lemmas: accuracy over non-punctuation tokens of Bokmål dev, tokens taken from the treebank
(lower-cased comparison), for each lemmatizer option.

Throughput: a synthetic interview of N words made from the Bokmål dev sentences, imported
into a temporary project; bare ``nlp.pipe`` over its informant turns (a Doc per turn, and
joined) vs. the wall clock of ``suggest_units`` for the document (read, parse, group,
store), interleaved in the same run, p50/p95 of ``--samples``; and the lemma indexing on
top. ``python -m bench.segment_speed`` times the real command the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STC_PIPELINE", "default")


def read_conllu(path: Path) -> list[dict]:
    """Sentences with their text, tokens (form, lemma, upos) and paragraph starts."""
    sents, cur, newpar = [], None, True
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") or line.startswith("# newdoc"):
            newpar = True
        elif line.startswith("# text = "):
            cur = {"text": line[9:].strip(), "tokens": [], "newpar": newpar}
            newpar = False
        elif line and line[0].isdigit() and cur is not None:
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            cur["tokens"].append((cols[1], cols[2], cols[3]))
        elif not line and cur is not None:
            sents.append(cur)
            cur = None
    if cur is not None:
        sents.append(cur)
    return sents


def join(sentences: list[str], newpars: list[bool]) -> tuple[str, set[int]]:
    """The running text and the gold boundary offsets (sentence ends, text end excluded)."""
    parts, gold, pos = [], set(), 0
    for k, (s, par) in enumerate(zip(sentences, newpars, strict=True)):
        if k:
            sep = "\n" if par else " "
            parts.append(sep)
            pos += 1
        parts.append(s)
        pos += len(s)
        gold.add(pos)
    text = "".join(parts)
    gold.discard(len(text))
    return text, gold


def unpunctuated(sentence: str) -> str:
    words = [w for w in sentence.split() if w != "#"]
    while words and words[-1] in {".", "?", "!"}:
        words.pop()
    return " ".join(words)


def dropped_stops(sentences: list[str]) -> list[str]:
    """The sentences with the final full stop left out wherever the next sentence opens
    with a capitalised function word — the transcriber's slip of issue 11."""
    from stc_bench.nlp.sentences import SENTENCE_OPENERS

    out = []
    for k, sent in enumerate(sentences):
        nxt = sentences[k + 1].split(" ", 1)[0] if k + 1 < len(sentences) else ""
        if sent.endswith(".") and not sent.endswith("..") and nxt in SENTENCE_OPENERS:
            sent = sent[:-1].rstrip()
        out.append(sent)
    return out


def prf(pred: set[int], gold: set[int]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_ends(splitter, text: str) -> set[int]:
    ends = {end for _s, end in splitter(text)}
    ends.discard(len(text.rstrip()))
    return ends


def sentencizer_splitter():
    import spacy

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return lambda text: [(s.start_char, s.end_char) for s in nlp(text).sents]


def evaluate_sentences(data: Path) -> list[tuple[str, str, tuple]]:
    from stc_bench.nlp import split_sentences

    nb = read_conllu(data / "ud_nb" / "no_bokmaal-ud-dev.conllu")
    lia = read_conllu(data / "ud_lia" / "no_nynorsklia-ud-dev.conllu")
    sets = {
        "Bokmål dev": join([s["text"] for s in nb], [s["newpar"] for s in nb]),
        "Bokmål dev, stops dropped": join(dropped_stops([s["text"] for s in nb]),
                                          [s["newpar"] for s in nb]),
        "LIA dev": join([s["text"] for s in lia], [False] * len(lia)),
        "LIA dev, unpunctuated": join([unpunctuated(s["text"]) for s in lia], [False] * len(lia)),
    }
    rows = []
    for name, splitter in (("sentencizer", sentencizer_splitter()),
                           ("stc-bench default", split_sentences)):
        for set_name, (text, gold) in sets.items():
            rows.append((name, set_name, prf(predicted_ends(splitter, text), gold)))
    return rows


def evaluate_lemmas(data: Path) -> list[tuple[str, float, float]]:
    from stc_bench.nlp import lemmatizer

    nb = read_conllu(data / "ud_nb" / "no_bokmaal-ud-dev.conllu")
    tokens = [t for s in nb for t in s["tokens"] if t[2] not in {"PUNCT", "SYM"}]
    content = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
    options = {
        "Ordbank (nb_lemma_exc) only": lemmatizer.ordbank_only,
        "simplemma only": lemmatizer.simplemma_only,
        "NDT → Ordbank (simplemma breaks ties) → genitive → compound → simplemma (shipped)": lemmatizer.lemma_of,
    }
    rows = []
    for name, fn in options.items():
        ok = ok_content = n_content = 0
        for form, gold, upos in tokens:
            good = fn(form).lower() == gold.lower()
            ok += good
            if upos in content:
                n_content += 1
                ok_content += good
        rows.append((name, ok / len(tokens), ok_content / n_content))
    return rows


def synthetic_transcript(data: Path, words: int, start: int = 0) -> str:
    """An interview of about ``words`` words made of Bokmål dev sentences: a one-sentence
    interviewer question, then an informant turn of 2–13 sentences (short and long turns,
    so the grouping has real work to do). ``start``: the dev sentence it begins with."""
    nb = read_conllu(data / "ud_nb" / "no_bokmaal-ud-dev.conllu")
    lines, count, k, turn_no = [], 0, start, 0
    while count < words:
        size = 2 + (turn_no * 7) % 12
        question = nb[k % len(nb)]["text"]
        answer = " ".join(s["text"] for s in nb[k % len(nb) + 1: k % len(nb) + 1 + size])
        lines += [f"I: {question}", f"JS1: {answer}"]
        count += len(question.split()) + len(answer.split())
        k += size + 1
        turn_no += 1
    return "\n".join(lines)


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def quantile(values: list[float], q: int) -> float:
    import statistics

    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def measure_speed(data: Path, words: int, samples: int = 20) -> dict:
    """In one process, pipeline loaded and warm: ``suggest_units`` for the document (read
    document and turns, parse, group, store) against bare ``nlp.pipe`` over the same
    informant turn bodies — one Doc per turn as ``suggest_units`` parses them, and for
    reference the turns joined by line breaks in pieces of ``MAX_CHUNK`` — interleaved
    sample by sample, p50 and p95 (wall) and p50 of CPU time."""
    import tempfile

    import spacy

    from stc_bench.ingest.batch import import_one
    from stc_bench.nlp import lemmas, suggest_units
    from stc_bench.nlp.pipeline import chunks, load_pipeline
    from stc_bench.nlp.suggest import turn_body, without_preamble
    from stc_bench.services import Workbench

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "JS1.txt"
        source.write_text(synthetic_transcript(data, words), encoding="utf-8")
        wb = Workbench.create(Path(tmp) / "speed.stc", title="speed")
        try:
            doc = import_one(wb, source, max_mb=500).document
            turns = [t for t in without_preamble(wb.turns(doc.id)) if not t.is_interviewer]
            bodies = [turn_body(doc.text, t) for t in turns]
            pieces = [doc.text[a:b] for a, b in bodies if a < b]
            joined = [p for _o, p in chunks("\n".join(pieces))]
            nlp = load_pipeline()
            tokenizer_only = spacy.blank("nb")
            n_words = sum(len(p.split()) for p in pieces)
            bare_tok = best_of(lambda: list(tokenizer_only.pipe(pieces)))
            suggest_units(wb, doc.id)  # warm-up of every path
            runs: dict[str, list[float]] = {k: [] for k in ("bare", "joined", "segment")}
            cpu: dict[str, list[float]] = {k: [] for k in runs}

            def sample(key, fn):
                t, c = time.perf_counter(), time.process_time()
                fn()
                runs[key].append(time.perf_counter() - t)
                cpu[key].append(time.process_time() - c)

            for _ in range(samples):  # interleaved, so load on the machine hits all alike
                sample("bare", lambda: list(nlp.pipe(pieces)))
                sample("joined", lambda: list(nlp.pipe(joined)))
                sample("segment", lambda: suggest_units(wb, doc.id))
            stored = len(wb.suggestions(doc.id))
            lem = best_of(lambda: [lemmas(p) for p in pieces], repeat=1)
        finally:
            wb.close()
    out = {"words": n_words, "all_words": len(doc.text.split()), "turns": len(turns),
           "tokenizer_s": bare_tok, "suggestions": stored, "lemmas_s": lem, "samples": samples}
    for key, values in runs.items():
        out[f"{key}_p50"], out[f"{key}_p95"] = quantile(values, 50), quantile(values, 95)
        out[f"{key}_cpu"] = quantile(cpu[key], 50)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--only", choices=("eval", "speed"))
    parser.add_argument("--samples", type=int, default=20, help="timing samples of each")
    args = parser.parse_args()
    if args.only != "speed":
        print("## Sentence boundaries (precision / recall / F1)")
        for name, set_name, (p, r, f) in evaluate_sentences(args.data):
            print(f"{name:<20} {set_name:<26} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        print("\n## Lemmas on Bokmål dev (accuracy, non-punctuation tokens / content words)")
        for name, acc, acc_c in evaluate_lemmas(args.data):
            print(f"{name:<84} {acc:.3f} / {acc_c:.3f}")
    if args.only != "eval":
        s = measure_speed(args.data, args.words, args.samples)
        w = s["words"]
        print(f"\n## Throughput on a {s['all_words']}-word interview: {w} words in {s['turns']} "
              f"informant turns (seconds, p50 / p95 of {s['samples']} interleaved samples)")
        print(f"spaCy blank nb tokenizer only            {s['tokenizer_s']:.2f} s (best of 3)")
        for key, name in (("bare", "bare nlp.pipe, a Doc per turn (baseline)"),
                          ("joined", "bare nlp.pipe, turns joined"),
                          ("segment", "suggest_units incl. storing")):
            print(f"{name:<40} {s[key + '_p50']:.3f} / {s[key + '_p95']:.3f} s  "
                  f"{w / s[key + '_p50']:,.0f} words/s")
        print(f"ratio to a Doc per turn {s['segment_p50'] / s['bare_p50']:.3f}, to joined "
              f"{s['segment_p50'] / s['joined_p50']:.3f}  ({s['suggestions']} suggestions)")
        print(f"CPU p50: {s['bare_cpu']:.3f} / {s['joined_cpu']:.3f} / {s['segment_cpu']:.3f} s, "
              f"ratio {s['segment_cpu'] / s['bare_cpu']:.3f} / {s['segment_cpu'] / s['joined_cpu']:.3f}")
        print(f"lemma indexing (lemmas per turn)         {s['lemmas_s']:.2f} s  {w / s['lemmas_s']:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
