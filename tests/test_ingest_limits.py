"""Nothing hangs and nothing fills memory: special files, bombs and giant inputs are
refused in one line; UTF-16 without a byte-order mark is read."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_ingest_formats import TURNS, assert_interview, labelled_lines

from stc_bench.ingest import IngestError, archive, base, read_file, reader

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stc_bench", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def project(project_path) -> Path | str:
    path = project_path
    assert run_cli("new", str(path), "--title", "Jobbstøtte").returncode == 0
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_and_devices_are_refused_at_once(project, tmp_path):
    os.mkfifo(tmp_path / "JS1.txt")
    (tmp_path / "null.txt").symlink_to("/dev/zero")
    (tmp_path / "random.docx").symlink_to("/dev/urandom")
    for name, kind in (("JS1.txt", "a named pipe (FIFO)"), ("null.txt", "a device"),
                       ("random.docx", "a device")):
        done = run_cli("import", str(project), str(tmp_path / name), timeout=30)
        assert done.returncode == 2
        assert done.stderr == (f"stc-bench: error: {tmp_path / name}: is {kind}, not a regular "
                               "file; import a saved transcript file\n")


def docx_bytes(body: bytes) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {W}><w:body>".encode() + body
                    + b"</w:body></w:document>")
    return buf.getvalue()


def refused(tmp_path, data: bytes, name: str = "JS1.docx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_too_many_paragraphs_stop_the_stream_early(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_PARAGRAPHS", 50)
    para = b"<w:p><w:r><w:t>I: Ja.</w:t></w:r></w:p>"
    assert "over 50 paragraphs" in refused(tmp_path, docx_bytes(para * 60))


def test_too_much_text_too_many_turns_and_elements(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_TEXT_CHARS", 2_000_000)
    assert "over 2 million characters" in refused(
        tmp_path, ("JS1: " + "ord " * 600_000).encode(), "JS1.txt")
    monkeypatch.setattr(reader, "MAX_TURNS", 10)
    assert "12 speaker turns, more than the 10" in refused(
        tmp_path, "\n".join(labelled_lines() * 3).encode(), "JS2.txt")
    monkeypatch.setattr(archive, "MAX_ELEMENTS", 1000)
    assert "over 1,000 XML parts" in refused(tmp_path, docx_bytes(
        b"<w:p>" + b"<w:r/>" * 2000 + b"</w:p>"), "JS3.docx")


def test_xml_part_over_the_limit_and_a_dtd_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_XML_MB", 0.01)
    assert "MB of XML in word/document.xml, over the 0.01 MB limit" in refused(
        tmp_path, docx_bytes(b"<w:p><w:r><w:t>I: Ja.</w:t></w:r></w:p>" * 400))
    monkeypatch.setattr(archive, "MAX_XML_MB", 64)
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;">]>' f"<w:document {W}><w:body><w:p><w:r><w:t>&b;"
                    "</w:t></w:r></w:p></w:body></w:document>")
    assert "has a DTD" in refused(tmp_path, buf.getvalue(), "JS4.docx")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "JS3.txt"
    path.write_bytes("\r\n".join(labelled_lines()).encode(encoding))
    result = read_file(path)
    assert_interview(result)
    assert result.draft.text.count("\n") == len(TURNS) - 1


def test_a_giant_text_run_or_deep_nesting_is_named_not_called_damage(tmp_path):
    giant = docx_bytes(b"<w:p><w:r><w:t>" + b"Ja ja ja. " * 1_100_000 + b"</w:t></w:r></w:p>")
    assert "a text run over 10 MB or nesting over 256 levels" in refused(tmp_path, giant)
    deep = docx_bytes(b"<w:tbl><w:tr><w:tc>" * 100 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 100)
    assert "nesting over 256 levels" in refused(tmp_path, deep, "JS2.docx")


def test_labels_without_words_are_refused_not_stored_without_turns(tmp_path):
    """Found by bench.reliability: a garbled file that kept only labels became a document
    with no turns — nothing to code, and not what the file was."""
    assert "has speaker labels but no words after them" in refused(
        tmp_path, b"I:\nJS1:\nI:\n", "JS1.txt")
