"""Sentences of one turn grouped into suggestions of meaning-unit size.

Sentences are the atoms. Between two neighbouring sentences of a turn the text offers
cues for or against a new meaning unit (:func:`gap_scores`):

- a discourse marker that opens a new point (``For eksempel …``, ``I tillegg …``,
  ``En annen ting …``, ``Når det gjelder …``) speaks for a boundary before the sentence.
  Only rare markers count: common openers (``Men``, ``Altså``, ``Jeg tror``, ``Det er``)
  run through a point as often as they open one, and weighting them made the boundaries
  worse on the demo's answers joined into long turns;
- a summing-up sentence (``Så det er …``, ``Så jeg synes …``) closes a point: a boundary
  after it;
- low overlap of content words (a crude stem: the first letters of each longer word that
  is not a function word) between the sentences before and after the gap speaks for one
  (lexical cohesion, as in TextTiling);
- a sentence that hangs on the one before (``Og …``, ``For …``, ``Som …``, ``At …``,
  ``Fordi …``), one after a question (the answer belongs to it) and one after a colon
  speak against one.

:func:`group` then picks, by dynamic programming, the boundaries that balance those cues
against the size of the pieces: each piece costs its squared distance from the target size
(0.8 × ``max_words``; gold STC units are 30–177 words, mean 73), more when it is longer
than ``max_words``, and each boundary costs :data:`SPLIT` less its cue score. A turn up
to ``max_words`` stays one suggestion, a longer one is split where the text turns to a
new point, and a split never leaves a crumb. The whole computation is per turn and reads
only the sentence strings (no lemmatizer: it has to stay close to the parser's speed).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

Span = tuple[int, int]

#: Openers of a new point (first words of a sentence, lower case) and their weight.
NEW_POINT = {
    "for eksempel": 0.6, "et eksempel": 0.6, "i tillegg": 0.6, "en annen ting": 0.8,
    "noe annet": 0.6, "dessuten": 0.5, "når det gjelder": 0.7, "hva gjelder": 0.6,
    "derimot": 0.4, "til slutt": 0.5, "etterhvert": 0.5, "etter hvert": 0.5, "så vet jeg": 0.6,
    "på den andre siden": 0.6, "for det første": 0.6, "for det andre": 0.7, "et annet": 0.5,
    "en annen": 0.4, "ellers": 0.3, "samtidig": 0.3,
}
#: Openers that tie a sentence to the one before it (penalty on the boundary before it).
CONTINUES = {
    "og": 0.3, "og også": 0.3, "for": 0.3, "fordi": 0.4, "som": 0.5, "at": 0.4, "mens": 0.4,
    "eller": 0.4, "hvor": 0.4, "dermed": 0.3, "derfor": 0.3, "ikke": 0.3,
}
#: Sentences that sum up a point; a boundary after them is likely.
SUMS_UP = frozenset({"så det er", "så det synes", "så det tror", "så det blir", "så jeg synes",
                     "så jeg tenker", "så det har", "så det var", "så sånn", "det tror jeg",
                     "så det ble"})
SUMS_UP_WEIGHT = 0.35
AFTER_QUESTION = 0.5
AFTER_COLON = 1.5
COHESION_WEIGHT = 0.5
#: What a boundary costs before its cues: a split needs the text's support or a long piece.
SPLIT = 0.55
#: The target size as a share of ``max_words`` (default 90 → 72 words, the gold mean).
TARGET_SHARE = 0.8
#: Turns up to this share of ``max_words`` are one suggestion without reading their cues:
#: on the dev set and the demo's answers joined into long turns, 2/3 and 1 gave the same
#: suggestions, and reading cues only in longer turns saves time.
SHORT_SHARE = 1.0
#: Pieces shorter than this share of ``max_words`` are penalised hard (90 → 15 words:
#: never a one-line crumb).
MIN_SHARE = 1 / 6

FUNCTION_WORDS = frozenset("""
    alle altså andre annen annet at av bare begge bli blir blitt både da dag de deg dem den
    denne der dere deres det dette disse du eller en er et etter for fordi fra få gang ganske
    gjerne gjøre gjør godt ha hadde han har hele helt her hun hva hvis hvor hvordan i igjen
    ikke inn jeg jo kan kanskje kom komme kommer litt liksom man med meg men mer mest mye
    måte må ned noe noen nok når nå og også om opp over på rett sammen seg selv si sier sin
    sine sitt skal skulle slik slags som synes så sånn til tror tenker ting under ut vel vet
    veldig vi ville vil vår være vært å også egentlig akkurat absolutt ofte faktisk uansett
    hverandre deretter etterpå etterhvert noen noe ingen ingenting masse mange mye nesten
    altså sånne sånt sikkert ganske derfor dermed likevel fortsatt stadig skjer
""".split())
STEM = 6


_PUNCT = "–—-«»\"'()[]…., !?:;”“’"
#: First words of the keys of more than one word.
_MULTI = frozenset(k.split()[0] for k in (*NEW_POINT, *CONTINUES, *SUMS_UP) if " " in k)


class _Stems(dict):
    """Each lower-cased word as ``str.split`` gives it → its content stem, or ``None`` for a
    function word or a short one; worked out once per distinct word (``__missing__``), so
    that a sentence's stems are one ``map`` over its words in C."""

    def __missing__(self, word: str) -> str | None:
        bare = word.strip(_PUNCT)
        stem = bare[:STEM] if len(bare) > 3 and bare not in FUNCTION_WORDS else None
        if len(self) < _STEMS_KEPT:
            self[word] = stem
        return stem


#: Distinct words kept in the stem cache (a few MB; a thesis has tens of thousands).
_STEMS_KEPT = 200_000
_STEM_OF = _Stems().__getitem__


def _opener_cues(words: Sequence[str]) -> tuple[float, float, bool]:
    """What a sentence's first lower-cased words offer: (new-point weight, ties-back weight,
    sums up). Its other cue, content stems, is the first letters of longer words that are not
    function words (:class:`_Stems`): no lemmatizer, because this runs on every sentence of a
    long turn and must be cheap."""
    first = words[0].strip(_PUNCT) if words else ""
    if first not in _MULTI:  # only then are keys of more than one word worth building
        return NEW_POINT.get(first, 0.0), CONTINUES.get(first, 0.0), False
    lead = [w.strip(_PUNCT) for w in words[:4]]
    keys = [" ".join(lead[:n]) for n in (4, 3, 2, 1)]
    return (next((NEW_POINT[k] for k in keys if k in NEW_POINT), 0.0),
            next((CONTINUES[k] for k in keys if k in CONTINUES), 0.0),
            any(k in SUMS_UP for k in keys))


class _FirstWords(dict):
    """A sentence's first lower-cased word as ``str.split`` gives it → its opener cues, when
    they depend on that word alone (it starts no key of more than one word); worked out once
    per distinct word, so most sentences' cues are one dict lookup in C."""

    def __missing__(self, word: str) -> tuple[float, float, bool] | None:
        cues = None if word.strip(_PUNCT) in _MULTI else _opener_cues([word])
        if len(self) < _STEMS_KEPT:
            self[word] = cues
        return cues


_FIRST_WORD = _FirstWords()
_NO_CUES = (0.0, 0.0, False)


def gap_scores(sentences: Sequence[str], counts: Sequence[int] | None = None) -> list[float]:
    """For each gap between neighbouring sentences, how strongly the text marks a new unit.

    ``counts`` (each sentence's ``str.split`` words, as :func:`group` has them) lets the
    turn be lower-cased, split and stemmed once instead of sentence by sentence (this runs
    on every sentence of every long turn, beside a parse it must keep pace with: so the
    per-sentence work is lookups in caches of distinct words and set operations in C, and
    each pair of neighbours' stems is joined once, not once for each gap that reads it)."""
    words = " ".join(sentences).lower().split()
    if counts is None or sum(counts) != len(words):
        counts = [len(s.split()) for s in sentences]
    all_stems = list(map(_STEM_OF, words))
    first_word = _FIRST_WORD
    openers, stems, i = [], [], 0
    for n in counts:
        cues = first_word[words[i]] if n else _NO_CUES
        openers.append(cues if cues is not None else _opener_cues(words[i:i + min(n, 4)]))
        own = set(all_stems[i:i + n])
        own.discard(None)
        stems.append(own)
        i += n
    last = len(sentences) - 1
    # pairs[k]: the stems of sentences k - 1 and k, the window on either side of a gap
    pairs = [stems[0], *map(set.union, stems, stems[1:])]
    scores = []
    for k in range(last):
        before = sentences[k].rstrip()
        new, tie, _sums = openers[k + 1]
        score = new - tie
        if openers[k][2]:
            score += SUMS_UP_WEIGHT
        if before.endswith(("?", "?»", "?”")):
            score -= AFTER_QUESTION
        elif before.endswith(":"):
            score -= AFTER_COLON
        left = pairs[k]
        right = pairs[k + 2] if k + 1 < last else stems[k + 1]
        if left and right:
            overlap = len(left & right) / min(len(left), len(right))
            score += COHESION_WEIGHT * (1 - min(1.0, 2 * overlap)) - COHESION_WEIGHT / 2
        scores.append(score)
    return scores


def is_short(words: int, max_words: int) -> bool:
    """A turn this short is one suggestion whatever its cues."""
    return words <= SHORT_SHARE * max_words


def piece_cost(words: int, max_words: int) -> float:
    """What a suggestion of ``words`` words costs: its distance from the target size."""
    target = TARGET_SHARE * max_words
    cost = ((words - target) / target) ** 2
    if words > max_words:
        cost += 2 * ((words - max_words) / max_words) ** 2
    if words < MIN_SHARE * max_words:
        cost += 1.0
    return cost


def group(sentences: Sequence[str], counts: Sequence[int], max_words: int) -> list[Span]:
    """Index ranges ``[i, j)`` of sentences that form one suggestion each, in order."""
    n = len(sentences)
    if n <= 1 or is_short(sum(counts), max_words):
        return [(0, n)] if n else []
    split_cost = [0.0] + [SPLIT - g for g in gap_scores(sentences, counts)]  # of a piece from i
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    reach = 3 * max_words // 2  # longer pieces are never best; this keeps the search linear
    costs = _costs(max_words, reach)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        end = prefix[j]
        for i in range(j - 1, -1, -1):
            words = end - prefix[i]
            if words > reach:
                if i < j - 1:
                    break
                words = reach
            cost = best[i] + costs[words] + split_cost[i]
            if cost < best[j]:
                best[j], back[j] = cost, i
    out, j = [], n
    while j > 0:
        out.append((back[j], j))
        j = back[j]
    return out[::-1]


@lru_cache(maxsize=8)
def _costs(max_words: int, reach: int) -> list[float]:
    """:func:`piece_cost` for every size up to ``reach``, looked up by the search."""
    return [piece_cost(w, max_words) for w in range(reach + 1)]
