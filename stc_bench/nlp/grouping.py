"""Sentences of one turn grouped into suggestions of meaning-unit size.

Sentences are the atoms. Between two neighbouring sentences of a turn the text offers
cues for or against a new meaning unit (:func:`gap_scores`):

- a discourse marker that opens a new point (``Men …``, ``Altså …``, ``For eksempel …``,
  ``I tillegg …``, ``En annen ting …``) speaks for a boundary before the sentence;
- a summing-up sentence (``Så det er …``, ``Så jeg synes …``) closes a point: a boundary
  after it;
- low overlap of content words (a crude stem: the first letters of each longer word that
  is not a function word) between the sentences before and after the gap speaks for one
  (lexical cohesion, as in TextTiling);
- a sentence that hangs on the one before (``Og …``, ``For …``, ``Som …``, ``At …``,
  ``Da …``), one after a question (the answer belongs to it) and one after a colon speak
  against one.

:func:`group` then picks, by dynamic programming, the boundaries that balance those cues
against the size of the pieces: each piece costs its squared distance from the target size
(gold STC units are 30–177 words, mean 73), more when it is longer than ``max_words``,
and each boundary costs :data:`SPLIT` less its cue score. So a short turn stays one
suggestion, a long one is split where the text turns to a new point, and a split never
leaves a crumb. The whole computation is per turn and reads only the sentence strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]

#: Openers of a new point (first words of a sentence, lower case) and their weight.
NEW_POINT = {
    "men": 0.35, "men så": 0.45, "altså": 0.35, "for eksempel": 0.6, "et eksempel": 0.6,
    "i tillegg": 0.6, "en annen ting": 0.8, "en annen": 0.4, "noe annet": 0.6, "dessuten": 0.5,
    "ellers": 0.4, "samtidig": 0.4, "når det gjelder": 0.7, "hva gjelder": 0.6, "derimot": 0.4,
    "til slutt": 0.5, "etterhvert": 0.5, "etter hvert": 0.5, "i starten": 0.4, "først": 0.3,
    "og så": 0.3, "så vet jeg": 0.6, "jeg vet": 0.3, "jeg vil si": 0.4, "jeg tenker": 0.25,
    "jeg tror": 0.2, "det som": 0.25, "dere": 0.3, "nå": 0.25, "i dag": 0.35,
    "på den andre siden": 0.6, "for det første": 0.6, "for det andre": 0.7, "et annet": 0.5,
}
#: Openers that tie a sentence to the one before it (penalty on the boundary before it).
CONTINUES = {
    "og": 0.35, "og også": 0.4, "for": 0.4, "fordi": 0.5, "som": 0.6, "at": 0.5, "da": 0.3,
    "så da": 0.3, "mens": 0.5, "eller": 0.5, "hvor": 0.5, "dermed": 0.4, "derfor": 0.4,
    "det var": 0.1, "det er": 0.05, "dette": 0.2, "den": 0.1, "hun": 0.15, "han": 0.15,
    "de": 0.1, "der": 0.25, "ikke": 0.4, "men det": 0.1, "så det": 0.1, "så sitter": 0.2,
    "kanskje": 0.2, "litt": 0.3, "få": 0.3, "ja": 0.2,
}
#: Sentences that sum up a point; a boundary after them is likely.
SUMS_UP = ("så det er", "så det synes", "så det tror", "så det blir", "så jeg synes",
           "så jeg tenker", "så det har", "så det var", "så sånn", "det tror jeg", "så det ble")
SUMS_UP_WEIGHT = 0.35
AFTER_QUESTION = 0.5
AFTER_COLON = 1.5
COHESION_WEIGHT = 0.5
#: What a boundary costs before its cues: a split needs the text's support or a long piece.
SPLIT = 0.55
#: The target size as a share of ``max_words`` (default 90 → 72 words, the gold mean).
TARGET_SHARE = 0.8
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
WORD = re.compile(r"[^\W\d_]{4,}")
STEM = 6


def opener(sentence: str, table: dict[str, float]) -> float:
    """The weight of the longest entry of ``table`` the sentence opens with (0 if none)."""
    words = sentence.lstrip("–—-«»\"'(…. ").lower().replace(",", " ").split()[:4]
    best = 0.0
    for n in (4, 3, 2, 1):
        key = " ".join(words[:n])
        if key in table:
            return table[key]
    return best


def content(sentence: str) -> set[str]:
    """Crude stems of the content words of a sentence (no lemmatizer: this must be cheap)."""
    return {w[:STEM] for w in WORD.findall(sentence.lower()) if w not in FUNCTION_WORDS}


def gap_scores(sentences: Sequence[str]) -> list[float]:
    """For each gap between neighbouring sentences, how strongly the text marks a new unit."""
    stems = [content(s) for s in sentences]
    scores = []
    for k in range(len(sentences) - 1):
        before, after = sentences[k].rstrip(), sentences[k + 1]
        score = opener(after, NEW_POINT) - opener(after, CONTINUES)
        if any(before.lower().lstrip("–—-« ").startswith(p) for p in SUMS_UP):
            score += SUMS_UP_WEIGHT
        if before.endswith(("?", "?»", "?”")):
            score -= AFTER_QUESTION
        if before.endswith(":"):
            score -= AFTER_COLON
        left = stems[k] | (stems[k - 1] if k else set())
        right = stems[k + 1] | (stems[k + 2] if k + 2 < len(stems) else set())
        if left and right:
            overlap = len(left & right) / min(len(left), len(right))
            score += COHESION_WEIGHT * (1 - min(1.0, 2 * overlap)) - COHESION_WEIGHT / 2
        scores.append(score)
    return scores


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
    if n <= 1 or sum(counts) <= 2 * MIN_SHARE * max_words:
        return [(0, n)] if n else []
    gaps = gap_scores(sentences)
    prefix = [0]
    for c in counts:
        prefix.append(prefix[-1] + c)
    reach = 4 * max_words  # longer pieces are never best; this keeps the search linear
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            words = prefix[j] - prefix[i]
            if words > reach and i < j - 1:
                break
            cost = best[i] + piece_cost(words, max_words)
            if i > 0:
                cost += SPLIT - gaps[i - 1]
            if cost < best[j]:
                best[j], back[j] = cost, i
    out, j = [], n
    while j > 0:
        out.append((back[j], j))
        j = back[j]
    return out[::-1]
