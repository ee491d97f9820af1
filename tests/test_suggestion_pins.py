"""The suggested spans, pinned: a faster parse or grouping must suggest exactly what the
code suggested before it (issue 11's speed work changed how, never what).

Each input is a transcript imported through the real import path — the demo interviews, the
key-count fixture, the demo's answers joined into long turns (the grain that grouping
decides), the same with full stops dropped before sentence openers and as lower-case
unpunctuated speech, and the dev set's two focus groups where ``../shared/data`` is there —
segmented under several settings. The digest of every span is compared with the one
recorded before the speed work; a failure names the input and the settings.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import draft_from_labelled

from stc_bench.ingest import import_file
from stc_bench.nlp import suggest_units
from stc_bench.nlp.suggest import suggest_for_document

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "stc_bench" / "data" / "demo"
EFFORT = ROOT / "bench" / "fixtures" / "effort"
DEV = ROOT.parent / "shared" / "data" / "units_dev"

#: (min words, max words, interviewer turns): the default, and the edges of the grouping.
SETTINGS = [(3, 90, False), (8, 30, True), (3, 200, False), (1, 5, False)]

#: Input → sha256 of its spans under every setting of :data:`SETTINGS` (see :func:`digest`),
#: recorded on main 4cde70b, before the speed work.
PINNED = {
    "demo/D1.txt":
        "3d4ae36c83ac651551edfe69c23781cf5e1901cfb5f623adadf35e4070f5dc60",
    "demo/D2.txt":
        "e593ba6d722962649f243b8a753e350ce9d161ede5332a8f66699b60f3085c06",
    "demo/D3.txt":
        "b31e49f07e9e813c8580215aa9b18707a2098eadb860a8d243497f76ede2efc2",
    "demo/JS1.txt":
        "47fec0bb6245bf6e542502a5bea8812ebe1f2ef8af3565ef378abcea0676a205",
    "demo/JS2.txt":
        "9e6f02b1de8e09fe751a9e180874024c1a09ef7daeb253dc909fd2bcaa349038",
    "effort/IP1.txt":
        "06a9aefa855780b8e03a2ab71183e647d5aecc09fba783ed00fe7d9cb4101713",
    "long/D1.txt":
        "cdfdca10ba83d3b7044e6661516ebeeccbd556a48b9ec79089c21b1bc34d88bb",
    "long/D2.txt":
        "a3b43de66dbd904cc6d70e12850788526e98b49e8b33f3c9249bbd69017756b2",
    "long/D3.txt":
        "e6f1cd95bfabf5d97606d9afd74db1378f72e0d576602208101055a3ebf0048e",
    "long/JS1.txt":
        "6d5c0450ec945d1efa2d400b7edbd5281fbf7d12050d62e2ce5b147ec4063599",
    "long/JS2.txt":
        "75ed992cfd01a54f20e6b585173513d7adaf3f5fca1fbdb4e11003c03487964d",
    "stops-dropped/D1.txt":
        "a187e84d23e9299e8e71795e4b7ece708ad90b03bb13f06dee7bb29be9f896bb",
    "stops-dropped/JS1.txt":
        "4ec9dd59e4670c3c7212fc282bc64522b2d1b4cc3316c0ef290fb9be27d80d8f",
    "stops-dropped/JS2.txt":
        "bc30a5beed26c8d2651e452f0a9697d82dea12eeff556b56d1a74ad2936fded8",
    "spoken/JS1.txt":
        "9fd37bca9bd163d327cff9131811968e57a4ac859fbcfc0f229a7d3c02f474b3",
    "spoken/JS2.txt":
        "25842937dd96d21cab2888a4485ade311d7d523d2e54980d151c0abe5dd87d59",
}
PINNED_DEV = {
    "dev/Fokusgruppe_A.docx":
        "338c4507dea4bbbf9d387e9784b462352b27cecba3fb1634e8cd5e71d69501b6",
    "dev/Fokusgruppe_B.srt":
        "af1409e17df7323e4491a0795e76a11e7f02828410384ddbd9695e08fabdb93f",
}

_PUNCT = re.compile(r"[.,!?:;«»]")
_OPENER_AFTER_STOP = re.compile(r"\. (?=(?:Det|Jeg|Vi|Men|Og|Så|De|Han|Hun|Du) )")


def informant_bodies(text: str) -> list[tuple[str, str]]:
    """``(label, body)`` of each labelled line of a demo transcript that is not ``I:``."""
    out = []
    for line in text.split("\n"):
        label, sep, body = line.partition(": ")
        if sep and label != "I" and body.strip():
            out.append((label, body.strip()))
    return out


def variants(name: str, text: str) -> dict[str, str]:
    """The demo transcript's answers as long turns, as written, with dropped full stops and
    as lower-case speech without punctuation (each answer block after one question)."""
    answers = informant_bodies(text)
    label = answers[0][0]
    blocks = [" ".join(body for _l, body in answers[k:k + 4]) for k in range(0, len(answers), 4)]
    long = "\n".join(f"I: Kan du si mer om det?\n{label}: {b}" for b in blocks)
    spoken = "\n".join(f"I: Kan du si mer om det?\n{label}: {_PUNCT.sub('', b.lower())}"
                       for b in blocks)
    return {f"long/{name}": long, f"stops-dropped/{name}": _OPENER_AFTER_STOP.sub(" ", long),
            f"spoken/{name}": spoken}


def digest(wb, doc) -> str:
    """sha256 of the document's suggested spans under every setting, and of what
    ``suggest_units`` stores with the project's defaults."""
    turns = wb.turns(doc.id)
    found = [suggest_for_document(doc, turns, {"segment_min_words": lo, "segment_max_words": hi,
                                               "segment_interviewer_turns": iv})
             for lo, hi, iv in SETTINGS]
    suggest_units(wb, doc.id)
    found.append([(s.start, s.end) for s in wb.suggestions(doc.id)])
    return hashlib.sha256(json.dumps(found).encode()).hexdigest()


def inputs() -> dict[str, str]:
    """The made-up inputs (variants of the demo interviews) by name."""
    out = {}
    for name in ("D1.txt", "D2.txt", "D3.txt", "JS1.txt", "JS2.txt"):
        out.update(variants(name, (DEMO / name).read_text(encoding="utf-8")))
    return {k: v for k, v in out.items() if k in PINNED}


def test_suggested_spans_are_as_pinned(wb):
    got = {f"demo/{p.name}": digest(wb, import_file(wb, p)) for p in sorted(DEMO.glob("*.txt"))}
    got["effort/IP1.txt"] = digest(wb, import_file(wb, EFFORT / "IP1.txt"))
    for name, text in inputs().items():
        doc = wb.import_transcript(draft_from_labelled(text), source_name=name.replace("/", "-"),
                                   source_sha256=hashlib.sha256(name.encode()).hexdigest(),
                                   informant=name.split("/")[1][:-4])
        got[name] = digest(wb, doc)
    assert got == PINNED


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/data/units_dev is not here")
def test_dev_set_spans_are_as_pinned(wb):
    got = {f"dev/{p.name}": digest(wb, import_file(wb, p))
           for p in (DEV / "Fokusgruppe_A.docx", DEV / "Fokusgruppe_B.srt")}
    assert got == PINNED_DEV
