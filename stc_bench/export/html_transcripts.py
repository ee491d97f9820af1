"""Transcripts for the browser report: speaker turns cut into segments at the meaning
units' edges, so the page can mark each unit where it stands and jump to it.

A segment knows which units cover it (``units``: the page marks them) and which units
start there (``anchors``: the page puts the ``#u-<id>`` anchor there). Units may overlap
(one passage used in two subgroups) and may run across turns; each unit gets exactly one
anchor, at its first character inside a turn — a unit that lies wholly between turns (only
a speaker label) is anchored at the start of the next turn so every unit can be reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from markupsafe import Markup

from ..domain.model import Document, MeaningUnit, Turn
from ..domain.offsets import word_count


class Segment(NamedTuple):  # a tuple: there are some 150,000 in a 500k-word project
    text: str
    units: tuple[int, ...] = ()    # the units covering this text
    anchors: tuple[int, ...] = ()  # the units whose anchor is here


@dataclass(frozen=True)
class TurnView:
    id: int
    speaker: str
    interviewer: bool
    show_speaker: bool  # False when the turn's own text already starts with the label
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    informant: str
    superseded: bool
    words: int
    preamble: str  # title lines and notes above the first speaker turn
    turns: tuple[TurnView, ...]
    trailing: tuple[int, ...] = ()  # anchors of units after the last turn


@dataclass(frozen=True)
class Context:
    """A unit among its neighbouring turns, with the interviewer's question before it."""

    question: TurnView | None  # only when it is not already among ``turns``
    turns: tuple[TurnView, ...]
    unit_id: int


def segments(text: str, start: int, end: int, units: list[MeaningUnit],
             anchored: set[int]) -> tuple[Segment, ...]:
    """``text[start:end]`` cut at the edges of ``units`` (which overlap it); a unit not yet
    in ``anchored`` gets its anchor at its first segment here (and is added to it)."""
    points = {start, end}
    for u in units:
        points.add(min(max(u.start, start), end))
        points.add(min(max(u.end, start), end))
    edges = sorted(points)
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        covering = tuple(u.id for u in units if u.start < b and u.end > a)
        anchors = tuple(i for i in covering if i not in anchored)
        anchored.update(anchors)
        out.append(Segment(text[a:b], covering, anchors))
    return tuple(out)


def document_view(doc: Document, turns: list[Turn], units: list[MeaningUnit],
                  informant: str) -> DocumentView:
    """One transcript as turns of segments (``turns`` in order, ``units`` of this document)."""
    text = doc.text
    units = sorted(units, key=lambda u: (u.start, u.end))
    anchored: set[int] = set()
    views = []
    active: list[MeaningUnit] = []
    nxt = 0
    for turn in turns:
        while nxt < len(units) and units[nxt].start < turn.end:
            active.append(units[nxt])
            nxt += 1
        # units wholly before this turn that no turn covered: anchor them here
        waiting = tuple(u.id for u in active if u.end <= turn.start and u.id not in anchored)
        anchored.update(waiting)
        active = [u for u in active if u.end > turn.start]
        segs = segments(text, turn.start, turn.end, active, anchored)
        if waiting:
            segs = (Segment("", (), waiting), *segs)
        body = text[turn.start:turn.end]
        views.append(TurnView(turn.id, turn.speaker, turn.is_interviewer,
                              not body.startswith(f"{turn.speaker}:"), segs))
    trailing = tuple(u.id for u in units if u.id not in anchored)
    first = turns[0].start if turns else len(text)
    preamble = text[:text.rfind("\n", 0, first) + 1].strip()
    if not turns:  # a transcript without speaker turns is one block of text
        views.append(TurnView(0, "", False, False, segments(text, 0, len(text), units, anchored)))
        preamble, trailing = "", ()
    return DocumentView(doc.id, doc.title, informant, doc.superseded, word_count(text),
                        preamble, tuple(views), trailing)


def unit_context(view: DocumentView, unit_id: int) -> Context | None:
    """The turns a unit lies in, the turn before and after, and the interviewer's last
    question before it (when that is not the turn right before)."""
    where = [i for i, t in enumerate(view.turns) if any(unit_id in s.units for s in t.segments)]
    if not where:
        return None
    lo, hi = max(where[0] - 1, 0), min(where[-1] + 1, len(view.turns) - 1)
    asked = next((i for i in range(where[0] - 1, -1, -1) if view.turns[i].interviewer), None)
    question = view.turns[asked] if asked is not None and asked < lo else None
    return Context(question, view.turns[lo:hi + 1], unit_id)


def turn_html(turn: TurnView, focus: int | None = None, label: str = "") -> Markup:
    """One turn as a paragraph, every piece of text escaped. In the transcript (``focus``
    None) each unit is a ``<mark data-u>`` with its ``#u-<id>`` anchor; in a quote's
    context only the ``focus`` unit is marked and there are no anchors (ids stay unique).

    Written out here rather than in the template: a 500k-word project has some 30,000
    turns, which Jinja's loops render about ten times slower."""
    out = [f'<p class="turn{" iv" if turn.interviewer else ""}">']
    if label:
        out.append(f'<span class="label">{escape(label)}</span>')
    if turn.show_speaker:
        out.append(f'<span class="who">{escape(turn.speaker)}:</span> ')
    for seg in turn.segments:
        text = escape(seg.text)
        if focus is None:
            out += [f'<span class="anchor" id="u-{a}"></span>' for a in seg.anchors]
            if seg.units:
                text = f'<mark data-u="{" ".join(map(str, seg.units))}">{text}</mark>'
        elif focus in seg.units:
            text = f'<mark class="focus">{text}</mark>'
        out.append(text)
    out.append("</p>")
    return Markup("".join(out))
