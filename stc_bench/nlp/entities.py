"""Names in Norwegian text: people, organisations, places … with NorNE's labels.

The detector is stc-bench's own spaCy NER model, trained on NorNE (``tools/train_ner.py``)
and shipped in ``stc_bench/nlp/data/ner_nb``. spaCy's ``nb_core_news_sm`` scores lower on
NorNE (0.75 F1 by its model card; ours in ``bench/README.md``), so it is used only when the
bundled model is missing or ``STC_NER=nb_core_news_sm`` asks for it. Transcribed speech is
often lower-case: all-lower-case lines are truecased first (:mod:`.truecase`); after the
model, rules trim titles and ordinary words from person names (:mod:`.name_rules`), and a
gazetteer of common Norwegian first names and surnames (:mod:`.gazetteer`) marks names
the model left out. Everything loads on first use.

The bundled detector is a seed ensemble of three models (:data:`EXTRA_MEMBERS`); every member
(a model with the rules and gazetteer after it) proposes its spans, and one pass of the members
gives two outputs (``bench/README.md``, "Fourth round", says why and what each measures):

* :func:`entities`, the labelled API: :func:`vote` keeps a span proposed, with the same start,
  end and label, by more than half of the members — precision, the labelled figures;
* :func:`name_candidates`, what pseudonymisation proposes and the anonymity check reports:
  :func:`union` keeps every span any member proposes — recall, since the researcher reviews
  every candidate and the check is there to catch what should not leave.

    >>> entities("Kari Nordmann jobber i Bergen.")  # doctest: +SKIP
    [(0, 13, 'PER'), (23, 29, 'GPE_LOC')]
"""

from __future__ import annotations

import os
import sys
import types
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

from ..domain.errors import StcError

#: The labels :func:`entities` returns (NorNE's entity types).
LABELS = ("PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC")
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "ner_nb"
#: Further members of the bundled ensemble: folders next to :data:`BUNDLED_DIR` (the first
#: member), or absolute paths (``bench.ner --model DIR --model DIR``). Empty: one model.
#: E1: ``tools/ner_config_sched.cfg`` seed 1; D2: ``tools/ner_config_char.cfg`` seed 2.
EXTRA_MEMBERS: tuple[str, ...] = ("ner_nb_e1", "ner_nb_d2")
#: A model trained on NorNE with every sentence lower-cased (``tools/ner_config_lower.cfg``),
#: for lines typed without capitals (speech): its names on such lines, read as typed, join
#: :func:`name_candidates` (not the vote: the labelled API keeps the three members' rule).
#: None, or a missing folder: no such model.
LOWER_MEMBER: str | None = "ner_nb_lower"
BUNDLED_NAME = "stc-bench NorNE model (bundled)"
NB_CORE = "nb_core_news_sm"
Span = tuple[int, int, str]
#: One text's spans as each member proposes them, in member order (the first: the shipped model).
Proposals = tuple[list[Span], ...]


class NameDetectorMissing(StcError):
    """Neither the bundled model nor nb_core_news_sm can be loaded (a broken install)."""


def member_dirs() -> list[Path]:
    """The bundled models' folders, the first one :data:`BUNDLED_DIR`."""
    return [BUNDLED_DIR, *(BUNDLED_DIR.parent / name for name in EXTRA_MEMBERS)]


def lower_member_dir() -> Path | None:
    """The lower-case model's folder (:data:`LOWER_MEMBER`), if it is installed."""
    if not LOWER_MEMBER:
        return None
    path = BUNDLED_DIR.parent / LOWER_MEMBER
    return path if _installed(path) else None


def _installed(model: Path) -> bool:
    return (model / "config.cfg").is_file() and (model / "meta.json").is_file()


def _bundled_available() -> bool:
    return all(_installed(d) for d in member_dirs())


def _choice() -> str | None:
    """``"bundled"``, ``"nb_core"`` or None (no detector) — without importing spaCy."""
    wanted = os.environ.get("STC_NER", "")
    nb_core = util.find_spec(NB_CORE) is not None
    if wanted == NB_CORE and nb_core:
        return "nb_core"
    if _bundled_available():
        return "bundled"
    return "nb_core" if nb_core else None


def describe_detector() -> dict:
    """Which name detector :func:`entities` uses: ``{"available", "name", "detail"}`` (cheap)."""
    choice = _choice()
    if choice == "bundled":
        dirs = member_dirs()
        lower = lower_member_dir()
        size = sum(p.stat().st_size for d in [*dirs, *([lower] if lower else [])]
                   for p in d.rglob("*") if p.is_file())
        what = (f"an ensemble of {len(dirs)} spaCy NER models (labels: their vote per span; "
                "name candidates: any member's spans)" if len(dirs) > 1 else "spaCy NER")
        also = (", + one trained on it lower-cased for the candidates on lines typed without "
                "capitals" if lower else "")
        return {"available": True, "name": BUNDLED_NAME,
                "detail": f"{what} trained on NorNE (annotations CC0){also}, {size / 1e6:.1f} MB, "
                          "+ first-name/surname gazetteer"}
    if choice == "nb_core":
        try:
            version = metadata.version(NB_CORE)
        except metadata.PackageNotFoundError:
            version = "?"
        return {"available": True, "name": f"{NB_CORE} {version}",
                "detail": "spaCy's trained pipeline (ner only) + first-name/surname gazetteer"}
    return {"available": False, "name": "not available",
            "detail": f"{BUNDLED_DIR} is missing and {NB_CORE} is not installed"}


@lru_cache(maxsize=1)
def load_detector() -> tuple:
    """The spaCy pipelines that find names, one per member (imports spaCy, loads them once)."""
    import spacy

    choice = _choice()
    if choice == "bundled":
        nlps = [spacy.load(d) for d in member_dirs()]
    elif choice == "nb_core":
        nlps = [spacy.load(NB_CORE, exclude=["senter", "parser", "lemmatizer", "attribute_ruler"])]
    else:
        raise NameDetectorMissing(f"name detector: {describe_detector()['detail']}; "
                                  "reinstall stc-bench (pip install --force-reinstall)")
    return tuple(_prepared(nlp) for nlp in nlps)


def _prepared(nlp):
    """``nlp`` ready to find names: long pieces, the rules and the gazetteer."""
    from .gazetteer import add_name_ruler
    from .name_rules import add_name_rules
    from .pipeline import MAX_CHUNK

    nlp.max_length = max(nlp.max_length, MAX_CHUNK * 2)  # pieces come from pipeline.chunks
    # Each member gets the rules and gazetteer before the vote: the rules mend a model's
    # near misses (a title taken in, a first name left out), so members that nearly agree
    # on a name agree exactly, and exact agreement is what the vote counts.
    add_name_ruler(nlp)
    add_name_rules(nlp)  # between the model and the gazetteer: trimmed names can be filled in
    return nlp


@lru_cache(maxsize=1)
def load_lower():
    """The lower-case model with the rules and gazetteer (None: not installed, or another
    detector is in use)."""
    path = lower_member_dir()
    if _choice() != "bundled" or path is None:
        return None
    import spacy

    return _prepared(spacy.load(path))


def vote(proposals: list[list[Span]] | Proposals) -> list[Span]:
    """The spans (same start, end and label) more than half of the members propose, in order.

    Two kept spans never overlap, whatever the number of members: two majorities share a
    member, and no member proposes overlapping spans (a spaCy doc's entities are disjoint).
    A strict majority also leaves no ties to break.
    """
    if len(proposals) == 1:
        return list(proposals[0])
    votes = Counter(span for spans in proposals for span in set(spans))
    return sorted(span for span, n in votes.items() if 2 * n > len(proposals))


def union(proposals: list[list[Span]] | Proposals) -> list[Span]:
    """Every span any member proposes, made disjoint, in text order.

    A span (start, end) is a person's when any member that proposed exactly it says so (the
    candidates' costliest miss is a name the check, which reports persons, passes over);
    otherwise it is labelled by the majority of those members (a tie: the label of the first
    of them in member order). Where spans overlap, a person's wins over any other (one
    member's «Mm nei men det var Jørn» typed PROD must not hide «Jørn»); then the longest
    wins — a candidate is replaced whole, so of «Kari» and «Kari Nordmann» the surname goes
    too — unless other spans split it from edge to edge (one starts where it starts, another
    ends where it ends: «Stine» and «Rema» inside «Stine på Rema»), which then win: they
    cover the same names, only finer. Equally long ones: the one more members proposed, then
    the earlier member's, then the earlier in the text.
    """
    labels: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for member, spans in enumerate(proposals):
        for start, end, label in spans:
            labels.setdefault((start, end), []).append((member, label))
    ranked = []
    for (start, end), given in labels.items():
        if _split(start, end, labels):
            continue
        counts = Counter(label for _, label in given)
        best = max(counts.values())
        label = "PER" if "PER" in counts else next(
            label for _, label in given if counts[label] == best)  # given: member order
        ranked.append(((label != "PER", -(end - start), -len(given), given[0][0], start),
                       (start, end, label)))
    kept: list[Span] = []
    for _, span in sorted(ranked):
        if all(span[1] <= s or e <= span[0] for s, e, _ in kept):
            kept.append(span)
    return sorted(kept)


def _split(start: int, end: int, spans: Mapping[tuple[int, int], object]) -> bool:
    """Whether two disjoint spans inside (start, end) begin at its start and end at its end."""
    inside = [(s, e) for s, e in spans if start <= s and e <= end and (s, e) != (start, end)]
    heads = [e for s, e in inside if s == start]
    tails = [s for s, e in inside if e == end]
    return bool(heads and tails and min(heads) <= max(tails))


def _nb_core_label(label: str) -> str:
    # Both models use NorNE's types; anything else (a future model) is MISC, so callers only
    # ever see LABELS.
    return label if label in LABELS else "MISC"


def entities(text: str) -> list[tuple[int, int, str]]:
    """Names in ``text``: ``(start, end, label)`` with code-point offsets, in text order; with
    several members, what :func:`vote` keeps of theirs.

    Labels are NorNE's (:data:`LABELS`). Spans never overlap and are never empty.
    """
    return _in_text(text, vote)


def name_candidates(text: str) -> list[tuple[int, int, str]]:
    """Every name any member finds in ``text`` (:func:`union`): ``(start, end, label)`` as
    :func:`entities` gives them — disjoint, in text order — but a name one member alone finds
    is kept. For pseudonymisation and the anonymity check, where a missed name costs more
    than a candidate the researcher rejects."""
    return _in_text(text, union, lower=True)


def _in_text(text: str, combine: Callable[[Proposals], list[Span]],
             lower: bool = False) -> list[Span]:
    """``combine`` of the members' proposals, piece by piece (:func:`.pipeline.chunks`); with
    ``lower``, the lower-case model's proposals (:func:`detect_lower`) are one more member's."""
    if not text.strip():
        return []
    from .pipeline import chunks

    pieces = chunks(text)
    texts = [piece for _, piece in pieces]
    found = detect(texts)
    if lower:
        found = [(*proposals, extra)
                 for proposals, extra in zip(found, detect_lower(texts), strict=True)]
    return [(base + s, base + e, label)
            for (base, _), proposals in zip(pieces, found, strict=True)
            for s, e, label in combine(proposals)]


def detect_lower(texts: list[str], gazetteer: bool = True, rules: bool = True) -> list[list[Span]]:
    """The lower-case model's names (:data:`LOWER_MEMBER`) on the lines of each text typed
    without capitals, read as typed (no truecasing); ``[]`` for a text with no such line, and
    for every text when the model is not installed."""
    from .truecase import lower_case_lines, lowered

    nlp = load_lower()
    speech = [lower_case_lines(text) if nlp is not None else [] for text in texts]
    wanted = [i for i, lines in enumerate(speech) if any(s < e for s, e in lines)]
    out: list[list[Span]] = [[] for _ in texts]
    if not wanted:
        return out
    # read as it was trained: all in lower case, the speaker labels too
    found = _names(nlp, [(lowered(texts[i]), speech[i]) for i in wanted], gazetteer, rules)
    for i, spans in zip(wanted, found, strict=True):
        out[i] = [(a, b, label) for a, b, label in spans
                  if any(s <= a and b <= e for s, e in speech[i])]
    return out


def detect(texts: list[str], gazetteer: bool = True,
           rules: bool = True) -> list[Proposals]:
    """Each member's names in each text, one pass of the members (the benchmark compares
    ``gazetteer=False``, ``rules=False``): :func:`vote` and :func:`union` derive the two
    outputs from the same proposals.

    All-lower-case lines are truecased first (:mod:`.truecase`); offsets are unchanged.
    """
    from .truecase import lower_case_lines, truecase

    cased = [(truecase(text), lower_case_lines(text)) for text in texts]
    per_member = [_names(nlp, cased, gazetteer, rules) for nlp in load_detector()]
    return [tuple(proposals) for proposals in zip(*per_member, strict=True)]


def _names(nlp, texts: list[tuple[str, list[tuple[int, int]]]], gazetteer: bool,
           rules: bool) -> list[list[Span]]:
    """One pipeline's names in each ``(text, lines typed without capitals)``."""
    from .gazetteer import RULER_NAME
    from .name_rules import RULES_NAME, SPEECH_LINES

    off = [name for name, on in ((RULER_NAME, gazetteer), (RULES_NAME, rules)) if not on]
    made = []
    for text, speech in texts:
        doc = nlp.make_doc(text)
        doc.user_data[SPEECH_LINES] = speech  # the rules read capitals: not there
        made.append(doc)
    with nlp.select_pipes(disable=off):
        return [[(e.start_char, e.end_char, _nb_core_label(e.label_)) for e in doc.ents]
                for doc in nlp.pipe(made, batch_size=256)]


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`entities`.

    ``stc_bench.nlp.entities`` names both this module and the function: once anything imports
    the module, Python binds the package attribute to the module, so ``from stc_bench.nlp
    import entities`` must work whichever it gets.
    """

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        return entities(text)


sys.modules[__name__].__class__ = _CallableModule
