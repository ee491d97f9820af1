"""Recall and precision of the identifier detection (``stc_bench.nlp.identifiers``) on
synthetic interview transcripts with planted identifiers (issue 18).

    .venv/bin/python -m bench.identifiers [--transcripts 200] [--seed 18] [--json]

Each transcript is a fictitious interview (jobbstøtte) of 20–40 turns in spoken Bokmål.
Planted in it, each at a known span: fødselsnummer and D-nummer (valid check digits, with
and without the space), account numbers, phone numbers in the usual spacings with and
without +47, e-mail addresses, dates in five forms, and the project word list's names,
places and workplaces in the forms speech gives them (any case, genitive, definite).
Around them are distractors that must *not* be found: years, ages, times, sums,
percentages, 8–10-digit numbers starting with 0 or 1, 11-digit numbers glued to letters,
words that contain a listed name (*Karianne*, *annen*), lower-case common words.

A planted span counts as found when a detected span has exactly its start, end and label
(WORD for word-list entries); precision is exact detected spans that were planted over
all detected spans.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass

from stc_bench.nlp.identifiers import MONTHS, WordList, find_identifiers

WORD_LIST = {"Kari Nordmann": "navn", "Kari": "navn", "Ann": "navn", "Per Olav": "navn",
             "Sigrid": "navn", "Jørgen": "navn", "Anne-Lise": "navn", "Hans": "navn",
             "Tromsø": "sted", "Bodø": "sted", "Ålesund": "sted", "Rema 1000": "arbeidsplass",
             "Kiwi": "arbeidsplass", "Helse Nord": "arbeidsplass", "Coop": "arbeidsplass"}
FILLER = ["Ja, altså, det var jo litt sånn at jeg ikke visste hva jeg gikk til.",
          "Jeg hadde vært sykmeldt lenge, og det var tungt å tenke på jobb igjen.",
          "Hun spurte hva jeg var god til, og det hadde ingen spurt om før.",
          "Det tok en annen vending etter hvert, men i starten var det vanskelig.",
          "Vi hadde møter hver uke, og jeg fikk være med å bestemme.",
          "Jeg tror ikke jeg hadde klart det alene, ærlig talt.",
          "Sjefen visste om diagnosen, så jeg slapp å late som.",
          "Det var en lettelse å ikke ha hemmeligheter på jobben.",
          "Noen dager var bedre enn andre, sånn er det bare.",
          "Jeg jobbet i 2019, og så kom pandemien i 2020.",
          "Jeg var 34 år da jeg begynte, og jobbet 12 timer i uka i starten.",
          "Møtet var klokka 14.30, og det varte i 45 minutter.",
          "Lønna var 23 500 kroner i måneden, og 60 prosent stilling.",
          "Det var kanskje 2 - 3 ganger i måneden, ikke mer.",
          "Saksnummeret var 0123456789 eller noe sånt, jeg husker ikke.",
          "Koden på døra var 1234, det husker jeg.",
          "Karianne på kontoret var også grei, og hun kjente annen hver ansatt.",
          "Fila het rapport_2023v2 og lå i mappa 99887766554ab.",
          "Det er jo hans sak, og han får bestemme det selv.",
          "Kiwiene i hagen var ikke modne, sa hun, men det var en spøk."]


@dataclass(frozen=True)
class Planted:
    start: int
    end: int
    label: str
    kind: str  # the category measured: fnr, account, phone, email, date, word_name, word_place …


def _fnr(rng: random.Random, d_number: bool = False) -> str:
    while True:
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(0, 99)
        base = f"{day + (40 if d_number else 0):02d}{month:02d}{year:02d}{rng.randint(0, 999):03d}"
        digits = [int(c) for c in base]
        k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits + [k1],
                                            strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return f"{base}{k1}{k2}"


def _phone(rng: random.Random) -> str:
    d = str(rng.choice([2, 3, 4, 5, 6, 7, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    form = rng.choice([d, f"{d[:3]} {d[3:5]} {d[5:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
                       f"{d[:4]} {d[4:]}"])
    return rng.choice(["", "", "+47 ", "+47", "0047 "]) + form


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1990, 2025)
    return rng.choice([f"{day:02d}.{month:02d}.{year}", f"{day}.{month}.{year % 100:02d}",
                       f"{year}-{month:02d}-{day:02d}", f"{day}. {MONTHS[month - 1]} {year}",
                       f"{day}. {MONTHS[month - 1]}"])


def _word(rng: random.Random) -> tuple[str, str]:
    word, category = rng.choice(list(WORD_LIST.items()))
    forms = [word, word.lower(), word + "s"] if category == "navn" else [
        word, word.lower(), word + "s", word + "en" if category == "arbeidsplass" else word]
    if category == "navn" and not word.endswith("s"):
        forms.append(word + "'s")
    kind = {"navn": "word_name", "sted": "word_place", "arbeidsplass": "word_workplace"}[category]
    return rng.choice(forms), kind


def _planted(rng: random.Random) -> tuple[str, str, str, str]:
    """(before, identifier, after, label + kind) for one planted sentence."""
    kind = rng.choice(["fnr", "dnr", "account", "phone", "email", "date", "word", "word", "word"])
    if kind in ("fnr", "dnr"):
        value = _fnr(rng, kind == "dnr")
        if rng.random() < 0.3:
            value = value[:6] + " " + value[6:]
        return "Jeg måtte gi dem fødselsnummeret mitt, ", value, ", og det var rart.", "FNR", kind
    if kind == "account":
        d = "".join(str(rng.randint(0, 9)) for _ in range(11))
        return "Lønna gikk til konto ", f"{d[:4]}.{d[4:6]}.{d[6:]}", " hver måned.", "NUMBER", kind
    if kind == "phone":
        return "Hun sa jeg bare kunne ringe ", _phone(rng), " når som helst.", "PHONE", kind
    if kind == "email":
        user = rng.choice(["kari.nordmann", "ola_h", "js.team+ips", "post"])
        host = rng.choice(["eksempel.no", "kommune.no", "helse-nord.no", "uio.no"])
        return "Jeg sendte en e-post til ", f"{user}@{host}", " samme dag.", "EMAIL", kind
    if kind == "date":
        return "Det var ", _date(rng), " jeg begynte, tror jeg.", "DATE", kind
    value, word_kind = _word(rng)
    return rng.choice(["Jeg snakket med ", "Det var ", "Vi dro til "]), value, rng.choice(
        [" om det.", ", og det hjalp.", " etterpå."]), "WORD", word_kind


def transcript(rng: random.Random) -> tuple[str, list[Planted]]:
    lines, planted, pos = [], [], 0
    for turn in range(rng.randint(20, 40)):
        speaker = "I" if turn % 2 == 0 else "Informant"
        sentences, spans = [], []
        line = f"{speaker}: "
        for _ in range(rng.randint(1, 4)):
            if speaker == "Informant" and rng.random() < 0.35:
                before, value, after, label, kind = _planted(rng)
                start = pos + len(line) + len(before)
                spans.append(Planted(start, start + len(value), label, kind))
                sentence = before + value + after
            else:
                sentence = rng.choice(FILLER)
            line += sentence + " "
            sentences.append(sentence)
        line = line.rstrip()
        lines.append(line)
        planted += spans
        pos += len(line) + 1
    return "\n".join(lines), planted


def measure(transcripts: int = 200, seed: int = 18) -> dict:
    rng = random.Random(seed)
    words = WordList.from_setting(WORD_LIST)
    planted_by_kind, found_by_kind = Counter(), Counter()
    detected = correct = 0
    misses: list[str] = []
    false: Counter[str] = Counter()
    for _ in range(transcripts):
        text, planted = transcript(rng)
        spans = set(find_identifiers(text, words))
        detected += len(spans)
        gold = {(p.start, p.end, p.label) for p in planted}
        correct += len(spans & gold)
        for p in planted:
            planted_by_kind[p.kind] += 1
            if (p.start, p.end, p.label) in spans:
                found_by_kind[p.kind] += 1
            elif len(misses) < 10:
                misses.append(f"{p.kind}: {text[p.start:p.end]!r}")
        for s, e, label in spans - gold:
            false[f"{label} {text[s:e]!r}"] += 1
    recall = {k: found_by_kind[k] / n for k, n in sorted(planted_by_kind.items())}
    numbers = [k for k in planted_by_kind if not k.startswith("word")]
    words_ = [k for k in planted_by_kind if k.startswith("word")]

    def pooled(kinds):
        return sum(found_by_kind[k] for k in kinds) / max(1, sum(planted_by_kind[k] for k in kinds))

    return {"transcripts": transcripts, "seed": seed, "planted": sum(planted_by_kind.values()),
            "detected": detected, "precision": correct / max(1, detected), "recall": recall,
            "recall_numbers_and_dates": pooled(numbers), "recall_word_list": pooled(words_),
            "misses": misses, "false_positives": false.most_common(10)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.transcripts, args.seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{result['transcripts']} transcripts, {result['planted']} planted identifiers, "
          f"{result['detected']} detected; precision {result['precision']:.3f}")
    for kind, value in result["recall"].items():
        print(f"  recall {kind:<16} {value:.3f}")
    print(f"  recall numbers and dates {result['recall_numbers_and_dates']:.3f} (target ≥ 0.95)")
    print(f"  recall word list         {result['recall_word_list']:.3f} (target ≥ 0.95)")
    for miss in result["misses"]:
        print(f"  missed {miss}")
    for what, n in result["false_positives"]:
        print(f"  false positive ×{n}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
