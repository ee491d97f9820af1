"""Properties of import: offsets slice back to the turns; mutated files never crash a reader.

Fuzzing runs a few hundred mutated files by default; ``STC_SLOW=1`` runs over 1,500.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_formats import labelled_lines, make_docx, make_odt, make_rtf, make_srt, make_vtt

from stc_bench.domain.errors import StcError
from stc_bench.domain.model import Document
from stc_bench.domain.offsets import normalise_text, text_sha256
from stc_bench.ingest import IngestError, import_file, read_file
from stc_bench.ingest.speakers import find_label

SLOW = bool(os.environ.get("STC_SLOW"))
PER_FORMAT = 260 if SLOW else 50
LOCAL = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                       HealthCheck.too_slow])

labels = st.sampled_from(["I: ", "JS1: ", "Informant 3: ", "[00:01:23] Kari: ", "(00:02:00) ",
                          "Intervjuer: ", "[SPEAKER_01]: ", "", "", "Altså: "])
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                min_size=0, max_size=40)
lines = st.lists(st.tuples(labels, words), min_size=1, max_size=12)
newlines = st.sampled_from(["\n", "\r\n", "\r"])


@LOCAL
@given(lines=lines, newline=newlines)
def test_every_turn_slices_back_to_its_text(wb, tmp_path, lines, newline):
    raw = newline.join(label + text for label, text in lines)
    path = tmp_path / "JS1.txt"
    path.write_bytes(raw.encode("utf-8"))
    try:
        result = read_file(path)
    except IngestError as exc:
        assert any(why in str(exc) for why in ("is empty", "binary", "no words after them"))
        return
    draft = result.draft
    assert draft.text == normalise_text(raw)
    last = 0
    for turn in draft.turns:
        piece = draft.text[turn.start:turn.end]
        assert last <= turn.start < turn.end and piece == piece.strip()
        last = turn.end
    pos = 0
    for line in draft.text.split("\n"):
        found = find_label(line)
        label_only = found is not None and found.skip >= len(line)
        if line.strip() and not label_only:
            assert any(t.start < pos + len(line) and pos < t.end for t in draft.turns), line
        pos += len(line) + 1
    if wb.list(Document, text_sha256=text_sha256(draft.text)):
        return
    doc = import_file(wb, path) if not wb.list(Document, source_sha256=result.source_sha256) \
        else None
    if doc is not None:
        assert doc.text == draft.text
        assert [doc.text[t.start:t.end] for t in wb.turns(doc.id)] == [
            draft.text[t.start:t.end] for t in draft.turns]


def _seeds(folder: Path) -> dict[str, bytes]:
    return {
        "docx": make_docx(folder / "s.docx").read_bytes(),
        "docx-table": make_docx(folder / "t.docx", table=True).read_bytes(),
        "odt": make_odt(folder / "s.odt", labelled_lines()).read_bytes(),
        "rtf": make_rtf(folder / "s.rtf", labelled_lines()).read_bytes(),
        "vtt": make_vtt(folder / "s.vtt").read_bytes(),
        "srt": make_srt(folder / "s.srt").read_bytes(),
        "txt": "\r\n".join(labelled_lines()).encode("cp1252", "replace"),
    }


mutations = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "delete"]),
                               st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                     min_size=1, max_size=6)


def mutate(data: bytes, ops) -> bytes:
    for op, where, blob in ops:
        i = int(where * len(data))
        if op == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ blob[0]]) + data[i + 1:]
        elif op == "cut":
            data = data[:i]
        elif op == "insert":
            data = data[:i] + blob + data[i:]
        else:
            data = data[:i] + data[i + len(blob):]
    return data


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return _seeds(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("kind", ["docx", "docx-table", "odt", "rtf", "vtt", "srt", "txt"])
def test_mutated_files_give_a_draft_or_a_clear_error_and_no_partial_write(
        wb, tmp_path, seeds, kind):
    suffix = kind.split("-")[0]

    @settings(LOCAL, max_examples=PER_FORMAT, derandomize=not SLOW)
    @given(ops=mutations)
    def one(ops):
        path = tmp_path / f"JS1.{suffix}"
        path.write_bytes(mutate(seeds[kind], ops))
        events = len(wb.log())
        try:
            doc = import_file(wb, path)
        except IngestError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
            assert len(wb.log()) == events
            return
        except StcError as exc:  # duplicates are refused by the service layer, cleanly
            assert "already in the project" in str(exc), repr(exc)
            assert len(wb.log()) == events
            return
        assert len(wb.log()) == events + 1
        turns = wb.turns(doc.id)
        assert all(doc.text[t.start:t.end].strip() for t in turns)

    one()


xml_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co"),
                                           include_characters="\n\t"),
                    min_size=0, max_size=40)
xml_labels = st.one_of(labels, st.sampled_from(["\n", "\nI: ", " \n\tJS1: "]))  # soft breaks
xml_lines = st.lists(st.tuples(xml_labels, xml_words), min_size=1, max_size=10)


def _write(kind: str, path: Path, paragraphs: list[str]) -> Path:
    if kind == "docx":
        import docx

        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph().add_run(text)  # "\n" becomes a soft line break
        document.save(path)
    elif kind == "odt":
        make_odt(path, paragraphs)
    elif kind == "rtf":
        make_rtf(path, paragraphs)
    else:
        path.write_text("\n".join(paragraphs), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["docx", "odt", "rtf", "md"])
def test_every_reader_gives_a_normalised_draft_or_a_clear_error(tmp_path, kind):
    """Not only .txt: any paragraphs (soft line breaks, tabs, labels, any letters) through
    each reader give normalised text with turns that slice back, or a clear refusal."""

    @settings(LOCAL, max_examples=PER_FORMAT // 2, derandomize=not SLOW)
    @given(lines=xml_lines)
    def one(lines):
        path = _write(kind, tmp_path / f"JS1.{kind}", [label + text for label, text in lines])
        try:
            draft = read_file(path).draft
        except IngestError as exc:
            assert any(why in str(exc) for why in ("has no text", "is empty",
                                                   "no words after them")), str(exc)
            return
        assert draft.text == normalise_text(draft.text)
        last = 0
        for turn in draft.turns:
            piece = draft.text[turn.start:turn.end]
            assert last <= turn.start < turn.end and piece == piece.strip() and piece
            last = turn.end

    one()
