"""Revision cases for ``python -m bench.reliability``: after a corrected transcript every
unit covers the passage it covered (status ok), or is flagged or detached and says so.

An interview is built from numbered sentences, so the test knows where each sentence
went (or that it was edited or deleted) and can tell a silent move from a right one.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from stc_bench.domain.errors import MethodError
from stc_bench.domain.model import MeaningUnit
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
from stc_bench.services import Workbench

REPEAT = "Det tar lang tid!"
SENTENCES = [
    "Jeg var sykmeldt i nesten to år.", "Jobbspesialisten ringte meg hver uke.", REPEAT,
    "Sjefen visste om diagnosen fra første dag.", "Vi la en plan sammen.", REPEAT,
    "Kollegene mine var hyggelige, men travle.", "Jeg fikk kortere dager i starten.",
    "Det var en lettelse å slippe å late som.", REPEAT, "Nå jobber jeg seksti prosent.",
    "Jeg vil jobbe mer etter hvert.", "Det tar lang tid, sa hun.", "Ja, altså, det gikk bra.",
]
QUESTIONS = ["Hvordan begynte det?", "Hva skjedde så?", "Og arbeidsgiveren?",
             "Hvordan er det nå?", "Hva tenker du om veien videre?"]
EDITS = ("typo", "insert", "delete", "move", "label", "repeat", "wrong file")


def build(rng: random.Random) -> list[tuple[str, list[tuple[int | None, str]]]]:
    """Turns of (label, [(sentence id, text)]): interviewer turns have id None."""
    order = list(range(len(SENTENCES)))
    rng.shuffle(order)
    turns, sid = [], 0
    for q in QUESTIONS:
        turns.append(("I", [(None, q)]))
        take = order[sid:sid + rng.randint(2, 3)]
        sid += len(take)
        # A repeat twice in one turn makes "which copy was edited" unknowable from the
        # text alone; repeats across turns (the real risk) stay.
        while sum(SENTENCES[i] == REPEAT for i in take) > 1 and sid < len(order):
            take[[SENTENCES[i] for i in take].index(REPEAT)] = order[sid]
            sid += 1
        turns.append(("JS5", [(i, SENTENCES[i]) for i in take] or [(None, "Ja, det stemmer.")]))
    return turns


def render(turns) -> tuple[str, dict[int, tuple[int, int]]]:
    lines, spans, pos = [], {}, 0
    for label, sentences in turns:
        line = f"{label}: "
        for sid, text in sentences:
            if line[-1] != " ":
                line += " "
            if sid is not None:
                spans[sid] = (pos + len(line), pos + len(line) + len(text))
            line += text
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), spans


def draft(text: str) -> TranscriptDraft:
    turns, pos = [], 0
    for line in text.split("\n"):
        label, _, _ = line.partition(": ")
        turns.append(TurnDraft(label, pos + len(label) + 2, pos + len(line), label == "I"))
        pos += len(line) + 1
    return TranscriptDraft(text, tuple(turns), "txt")


def edit(turns, kind: str, rng: random.Random) -> tuple[list, set[int]]:
    """The corrected interview and the ids of sentences whose text changed or went."""
    turns = [(label, list(s)) for label, s in turns]
    informant = [t for t in turns if t[0] != "I"]
    changed: set[int] = set()
    if kind == "typo":
        label, sentences = rng.choice(informant)
        k = rng.randrange(len(sentences))
        sid, text = sentences[k]
        sentences[k] = (sid, text.replace("e", "é", 1) if "e" in text else text + " Ja.")
        changed.add(sid)
    elif kind == "insert":
        label, sentences = rng.choice(informant)
        sentences.insert(rng.randrange(len(sentences) + 1), (None, "Det husker jeg godt."))
    elif kind == "delete":
        label, sentences = rng.choice([t for t in informant if len(t[1]) > 1] or informant)
        sid, _ = sentences.pop(rng.randrange(len(sentences)))
        changed.add(sid)
        if not sentences:
            sentences.append((None, "Ja."))
    elif kind == "move":
        i = rng.randrange(0, len(turns) - 2, 2)
        pair = turns[i:i + 2]
        del turns[i:i + 2]
        j = rng.randrange(0, len(turns) + 1, 2)
        turns[j:j] = pair
    elif kind == "label":
        turns = [("Informant 5" if label == "JS5" else "Intervjuer", s) for label, s in turns]
    elif kind == "repeat":
        repeats = [(s, k) for _, s in informant for k, (_, t) in enumerate(s) if t == REPEAT]
        if not repeats:
            return turns, changed  # unchanged: the case is skipped
        sentences, k = rng.choice(repeats)
        sentences[k] = (sentences[k][0], "Det tar veldig lang tid!")
        changed.add(sentences[k][0])
    return turns, changed


def revisions(work: Path, rng: random.Random, scenarios: int):
    from bench.rel_checks import Result

    result = Result("revisions never move a unit silently")
    needless = 0
    for n in range(scenarios):
        kind = EDITS[n % len(EDITS)]
        turns = build(rng)
        old_text, old_spans = render(turns)
        path = work / f"rev{n}.stc"
        with Workbench.create(path, title="Revisjon", actor="kari") as wb:
            doc = wb.import_transcript(draft(old_text), source_name="JS5.txt",
                                       source_sha256=hashlib.sha256(old_text.encode()).hexdigest(),
                                       informant="JS5")
            units = {sid: wb.create_unit(doc.id, *span) for sid, span in old_spans.items()}
            if kind == "wrong file":
                other = "I: Fortell om skolen.\nJS9: Jeg likte matte best.\nI: Og lærerne?\n" \
                        "JS9: De var strenge, men rettferdige."
                result.add(_wrong_file(wb, doc, other, units))
                continue
            new_turns, changed = edit(turns, kind, rng)
            new_text, new_spans = render(new_turns)
            if new_text == old_text:
                continue
            report = wb.revise_document(doc.id, draft(new_text), source_name="JS5-rettet.txt",
                                        source_sha256=hashlib.sha256(new_text.encode()).hexdigest())
            new_text = report.document.text
            for sid, unit in units.items():
                placed = wb.list(MeaningUnit, id=unit.id)
                if not placed:
                    result.add([f"{kind}: unit on sentence {sid} is gone"], lost=1)
                    continue
                result.add(_judge(kind, sid, placed[0], new_text, new_spans, changed,
                                  report.document.id))
                if sid not in changed and sid in new_spans and placed[0].status != "ok":
                    needless += 1  # safe, but the student re-reads a passage that did not change
    result.note(f"{scenarios} revised interviews: " + ", ".join(EDITS))
    result.note(f"{needless} units flagged or detached although their sentence did not change")
    return result


def _judge(kind, sid, unit, new_text, new_spans, changed, new_doc) -> list[str]:
    where = f"{kind}: unit on sentence {sid} ({SENTENCES[sid]!r})"
    if unit.status in ("flagged", "detached"):
        if unit.status == "flagged":
            piece = new_text[unit.start:unit.end]
            if piece != piece.strip() or not piece:
                return [f"{where}: flagged span {piece!r} has whitespace at an end"]
        return []
    if sid in changed or sid not in new_spans:
        return [f"{where}: its sentence changed or went, but it sits at "
                f"{new_text[unit.start:unit.end]!r} as ok (a silent move)"]
    if unit.document_id != new_doc or (unit.start, unit.end) != new_spans[sid]:
        return [f"{where}: ok at {unit.start}..{unit.end}, but the sentence is at "
                f"{new_spans[sid]} (a silent move)"]
    return []


def _wrong_file(wb, doc, other: str, units) -> list[str]:
    digest = hashlib.sha256(other.encode()).hexdigest()
    try:
        wb.revise_document(doc.id, draft(other), source_name="feil.txt", source_sha256=digest)
    except MethodError:
        pass
    else:
        return ["wrong file: a different interview was accepted as a revision"]
    report = wb.revise_document(doc.id, draft(other), source_name="feil.txt",
                                source_sha256=digest, force=True)
    statuses = {u.status for u in wb.list(MeaningUnit)}
    if report.detached != len(units) or statuses != {"detached"}:
        return [f"wrong file with --force: {report.detached} of {len(units)} detached"]
    return []
