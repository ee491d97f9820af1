"""Evaluate the name detector (issue 18): ``python -m bench.ner [--data DIR] [--model DIR …] [--test FILE]``.

Exact-span precision / recall / F1 (a prediction counts only with the same start, end and
label), all types and per type, of :func:`stc_bench.nlp.entities` on

* the NorNE dev split (UD Bokmål dev, 2,410 sentences) as written: the sentence text rebuilt
  from its tokens and ``SpaceAfter=No``, tokenized by our own pipeline (so tokenizer mismatches
  count as errors);
* the same sentences lower-cased (speech transcripts often are);
* synthetic speech-like interview turns made here (:func:`synthetic_turns`: lower-case, fillers,
  no full stops, names of a fictitious study), seeded;
* the same turns as transcribers usually write them (:func:`capitalised`): each name
  capitalised as Norwegian writes names, the turn's first letter capital, a full stop at the end.

Each is measured with the model alone, with the name rules after it
(:mod:`stc_bench.nlp.name_rules`), and with the first-name gazetteer too; with several members,
both outputs of one pass: the vote (:func:`~stc_bench.nlp.entities.entities`) and the union
(:func:`~stc_bench.nlp.entities.name_candidates`). "span" is the same figure ignoring the label
(what pseudonymisation needs); "PER span R" the share of the gold person names some detected
span covers exactly, whatever its label. Figures go in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from train_ner import DEFAULT_DATA, DEV_FILE, bio_fixed, read_conll  # noqa: E402

Span = tuple[int, int, str]


def gold_sentences(path: Path) -> list[tuple[str, list[Span]]]:
    """(text, gold spans) per sentence, the text rebuilt from tokens and SpaceAfter."""
    out = []
    for sent in read_conll(path):
        text, spans, start, end, label = "", [], None, 0, None
        tags = bio_fixed([t for _, _, t in sent])
        for (form, space, _), tag in zip(sent, tags, strict=True):
            if start is not None and not tag.startswith("I-"):
                spans.append((start, end, label))
                start = None
            if tag.startswith("B-"):
                start, label = len(text), tag[2:]
            text += form
            end = len(text)
            text += " " if space else ""
        if start is not None:
            spans.append((start, end, label))
        out.append((text.rstrip(), spans))
    return out


def predict(texts: list[str], gazetteer: bool, rules: bool = True) -> dict[str, list[list[Span]]]:
    """``{"vote": …, "union": …}`` from one pass of the members (one member: ``{"model": …}``)."""
    from stc_bench.nlp.entities import detect, detect_lower, union, vote

    found = detect(texts, gazetteer=gazetteer, rules=rules)
    lower = detect_lower(texts, gazetteer=gazetteer, rules=rules)
    if not found or len(found[0]) == 1:
        return {"model": [list(p[0]) for p in found],
                **({"+lower": [union((*p, x)) for p, x in zip(found, lower, strict=True)]}
                   if any(lower) else {})}
    return {"vote": [vote(p) for p in found],
            "union": [union((*p, x)) for p, x in zip(found, lower, strict=True)]}


def score(gold: list[list[Span]], pred: list[list[Span]], label: str | None = None,
          typed: bool = True) -> dict:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        if label:
            g, p = [s for s in g if s[2] == label], [s for s in p if s[2] == label]
        if not typed:
            g, p = [s[:2] for s in g], [s[:2] for s in p]
        gs, ps = Counter(g), Counter(p)
        hit = sum((gs & ps).values())
        tp, fp, fn = tp + hit, fp + sum(ps.values()) - hit, fn + sum(gs.values()) - hit
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": prec, "r": rec, "f1": f1, "n": tp + fn}


def span_recall(gold: list[list[Span]], pred: list[list[Span]], label: str) -> float:
    """The share of gold ``label`` spans that a predicted span of any label covers exactly."""
    planted = [(s, e) for g in gold for s, e, lab in g if lab == label]
    found = sum(len({(s, e) for s, e, lab in g if lab == label} & {(s, e) for s, e, _ in p})
                for g, p in zip(gold, pred, strict=True))
    return found / len(planted) if planted else 0.0


def covered(texts: list[str], gold: list[list[Span]], pred: list[list[Span]], label: str) -> float:
    """The share of gold ``label`` names whose every letter lies in some predicted span (any
    label, any edges): what a replacement would leave of the name — nothing, for these."""
    planted = hit = 0
    for text, g, p in zip(texts, gold, pred, strict=True):
        inside = {i for s, e, _ in p for i in range(s, e)}
        for s, e, lab in g:
            if lab == label:
                planted += 1
                hit += all(i in inside for i in range(s, e) if not text[i].isspace())
    return hit / planted if planted else 0.0


# A fictitious study of home-care nurses: names and places made up for this benchmark, not
# taken from NorNE. About half the first names are in the gazetteer's list, half are not.
FIRST = ["kari", "ingrid", "sigve", "torunn", "eldbjørg", "per", "liv", "ragnar", "halvard", "åse",
         "bjørn", "gudrun", "øystein", "tiril", "mette", "kjersti", "vebjørn", "astrid", "jørn",
         "synnøve", "håkon", "dag", "ylva", "nils"]
LAST = ["hansen", "nordmann", "fjeldstad", "sæther", "brekke", "aasen", "grønli", "øvrebø", "lie"]
DOUBLE = ["kari-anne", "anne-lise", "per-olav", "ann-kristin"]
PLACES = ["bergen", "tromsø", "ålesund", "drammen", "lillehammer", "bodø", "førde", "hamar"]
ORGS = ["nav", "equinor", "telenor", "posten"]
TEMPLATES = [
    "eh jeg snakka med {P} om det der liksom",
    "så sa {P} at vi måtte ta det opp på møtet",
    "altså {P} og jeg vi jobba jo sammen i mange år",
    "nei men det var {P} som fant ut av det",
    "jeg ringte {P} etterpå og hun var helt enig",
    "vi flytta til {L} da jeg var liten",
    "hun bodde i {L} i ti år eller no sånt",
    "etter det begynte jeg på {O} og der var det mye stress",
    "jeg hadde jo en saksbehandler på {O} da",
    "det var sånn at {P} fra {L} kom innom hver dag",
]
FILLERS = ["", "", "ja ", "mm ", "altså "]


def synthetic_turns(n: int = 400, seed: int = 18,
                    lists: tuple | None = None) -> list[tuple[str, list[Span]]]:
    """Lower-case interview turns with planted names and their gold spans (``lists``: first
    names, surnames, double names, places, workplaces and templates; default the first set's)."""
    first, last, double, places, orgs, templates = lists or (
        FIRST, LAST, DOUBLE, PLACES, ORGS, TEMPLATES)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        template = rng.choice(templates)
        text, spans = rng.choice(FILLERS), []
        parts = template.replace("{", "\0{").replace("}", "}\0").split("\0")
        for part in parts:
            if part == "{P}":
                kind = rng.random()
                name = (rng.choice(double) if kind < 0.15 else
                        f"{rng.choice(first)} {rng.choice(last)}" if kind < 0.45 else rng.choice(first))
                spans.append((len(text), len(text) + len(name), "PER"))
                text += name
            elif part in ("{L}", "{O}"):
                name = rng.choice(places if part == "{L}" else orgs)
                spans.append((len(text), len(text) + len(name), "GPE_LOC" if part == "{L}" else "ORG"))
                text += name
            else:
                text += part
        out.append((text, spans))
    return out


# A second set (fifth round, 2026-12-02), written after that round's changes and measured
# once, never tuned on: other templates, other names (again about half in the gazetteer's
# lists, some first names ordinary words: tone, finn, vår, eli), other
# places and workplaces. "synthetic speech B" in the report.
FIRST_B = ["tone", "finn", "siri", "eli", "marit", "vår", "sindre", "oddvar", "gunnhild", "trine",
           "jostein", "hege", "ragnhild", "eirik", "solveig", "torstein", "frøydis", "arne",
           "bodil", "stian", "vigdis", "ketil"]
LAST_B = ["solberg", "haugland", "myhre", "vestli", "rønning", "tveit", "kleppe", "bakke",
          "strand", "nygård", "hovland"]
DOUBLE_B = ["anne-marit", "jon-erik", "mari-ann", "tor-inge"]
PLACES_B = ["stavanger", "molde", "harstad", "gjøvik", "kongsberg", "alta", "sogndal"]
ORGS_B = ["kiwi", "helse bergen", "coop", "sykehuset innlandet"]
TEMPLATES_B = [
    "og da kom {P} bort til meg og spurte hvordan det gikk",
    "vi hadde et møte med {P} i forrige uke",
    "jeg tror {P} syntes det var vanskelig",
    "det er {P} som har ansvaret for turnusen nå",
    "hun heter {P} og jobber natt",
    "{P} sa ingenting på hele møtet",
    "vi reiste opp til {L} i sommer",
    "jeg er egentlig fra {L} men bor her nå",
    "jeg jobba på {O} før jeg begynte her",
    "han var innom {O} for å spørre om jobb",
    "så ringte {P} fra {L} og lurte på om vi kunne ta en vakt",
]


def synthetic_turns_b(n: int = 400, seed: int = 19) -> list[tuple[str, list[Span]]]:
    """The second set: as :func:`synthetic_turns`, with its own templates and names."""
    return synthetic_turns(n, seed, (FIRST_B, LAST_B, DOUBLE_B, PLACES_B, ORGS_B, TEMPLATES_B))


def capitalised(data: list[tuple[str, list[Span]]]) -> list[tuple[str, list[Span]]]:
    """The turns as transcribers usually write them: every word of a name capitalised (also
    after a hyphen: Kari-Anne), the turn's first letter capital, a full stop at the end.
    Offsets do not move (capitals are one letter here)."""
    out = []
    for text, spans in data:
        chars = list(text)
        for start, end, _ in spans:
            for i in range(start, end):
                if i == start or text[i - 1] in " -":
                    chars[i] = text[i].upper()
        new = "".join(chars)
        out.append((new[:1].upper() + new[1:] + ".", spans))
    return out


def report(name: str, data: list[tuple[str, list[Span]]]) -> list[str]:
    texts, gold = [t for t, _ in data], [g for _, g in data]
    lines = []
    for gaz, rules in ((False, False), (False, True), (True, True)):
        for output, pred in predict(texts, gazetteer=gaz, rules=rules).items():
            a, per, span = score(gold, pred), score(gold, pred, "PER"), score(gold, pred, typed=False)
            lines.append(f"{name:<22} {output:<5} rules={'yes' if rules else 'no ':<3} "
                         f"gazetteer={'yes' if gaz else 'no ':<3}  "
                         f"all P {a['p']:.3f} R {a['r']:.3f} F1 {a['f1']:.4f} (n={a['n']})  "
                         f"PER P {per['p']:.3f} R {per['r']:.3f} F1 {per['f1']:.4f} (n={per['n']})  "
                         f"span P {span['p']:.3f} R {span['r']:.3f} F1 {span['f1']:.3f}  "
                         f"PER span R {span_recall(gold, pred, 'PER'):.3f} "
                         f"covered {covered(texts, gold, pred, 'PER'):.3f}")
            if gaz and name.startswith(("dev", "test")):
                for label in sorted({s[2] for g in gold for s in g}):
                    s = score(gold, pred, label)
                    lines.append(f"    {label:<8} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} "
                                 f"(n={s['n']})")
    return lines


LABEL = "Informant 2: "


def check_report(name: str, data: list[tuple[str, list[Span]]]) -> list[str]:
    """What a user meets: each turn as the import writes it (``Informant 2: …``), through the
    anonymity check's scanner (persons) and pseudonymisation's (persons, places,
    workplaces) — their filters on top of the candidates. A planted name is found when a
    reported span has exactly its start and end (any label for pseudonymisation, PER for the
    check); precision counts every reported span."""
    from stc_bench.nlp.anonymity import Scanner
    from stc_bench.nlp.pseudonymise import scanner_for

    lines = []
    for what, scanner, labels in (("check", Scanner.for_settings({}), {"PER"}),
                                  ("pseudonymise", scanner_for({}), None)):
        hits = reported = right = planted = persons = person_hits = 0
        for text, gold in data:
            shift = len(LABEL)
            spans = [(s - shift, e - shift, lab) for s, e, lab in scanner.spans(LABEL + text)]
            wanted = [(s, e, lab) for s, e, lab in gold if labels is None or lab in labels]
            found = {(s, e) for s, e, _ in spans}
            reported += len(spans)
            right += sum((s, e) in {(a, b) for a, b, _ in gold} for s, e, _ in spans)
            planted += len(wanted)
            hits += sum((s, e) in found for s, e, _ in wanted)
            persons += sum(lab == "PER" for _, _, lab in gold)
            person_hits += sum(lab == "PER" and (s, e) in found for s, e, lab in gold)
        lines.append(f"{name:<22} {what:<12} with speaker labels: recall {hits / planted:.3f} "
                     f"(n={planted})  persons {person_hits / persons:.3f}  "
                     f"precision {right / max(reported, 1):.3f} (reported {reported})")
    return lines


def speed(texts: list[str], tokens: int) -> str:
    """CPU time to load the detector and to run it (rules and gazetteer on) over ``texts``."""
    from stc_bench.nlp.entities import load_detector, load_lower

    started = time.process_time()
    load_detector()
    load_lower()
    loaded = time.process_time() - started
    started = time.process_time()
    predict(texts, gazetteer=True)
    ran = time.process_time() - started
    return (f"load {loaded:.2f} s CPU; {tokens} dev tokens in {ran:.1f} s CPU: "
            f"{tokens / ran:,.0f} tokens per CPU-second")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ner", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", type=Path, action="append", default=None,
                        help="a trained model folder to measure instead of the bundled ones; "
                             "again for each further member of an ensemble (vote and union)")
    parser.add_argument("--lower", type=Path, default=None,
                        help="a lower-case model whose names on lines without capitals join the "
                             "union (default: the bundled one; with --model: none unless given)")
    parser.add_argument("--test", type=Path, default=None,
                        help="also a held-out split (CoNLL-U with name=): measure it once, "
                             "at the end, never tune on it")
    args = parser.parse_args(argv)
    from stc_bench.nlp import entities as detector

    if args.model:
        detector.BUNDLED_DIR = args.model[0].resolve()
        detector.EXTRA_MEMBERS = tuple(str(m.resolve()) for m in args.model[1:])
        detector.LOWER_MEMBER = None
    if args.lower:
        detector.LOWER_MEMBER = str(args.lower.resolve())
    info = detector.describe_detector()
    print(f"detector: {info['name']} — {info['detail']}")
    dev = gold_sentences(args.data / DEV_FILE)
    print(speed([t for t, _ in dev], sum(len(s) for s in read_conll(args.data / DEV_FILE))))
    lower = [(t.lower(), g) for t, g in dev if len(t.lower()) == len(t)]
    speech = synthetic_turns()
    speech_b = synthetic_turns_b()
    sets = [("dev (as written)", dev), ("dev lower-cased", lower), ("synthetic speech", speech),
            ("synthetic capitalised", capitalised(speech)), ("synthetic speech B", speech_b),
            ("synthetic capitalised B", capitalised(speech_b))]
    if args.test:
        sets.append(("test (held out)", gold_sentences(args.test)))
    for name, data in sets:
        for line in report(name, data):
            print(line, flush=True)
        if name.startswith("synthetic"):
            for line in check_report(name, data):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
