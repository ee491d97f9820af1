"""Every kind of bad input: one line `stc-bench: error: FILE: reason`, exit 2, nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from test_ingest_formats import labelled_lines, make_docx, make_odt, zip_with

from stc_bench.cli import main
from stc_bench.services import Workbench


@pytest.fixture
def project(project_path) -> Path | str:
    path = project_path
    assert main(["new", str(path), "--title", "Jobbstøtte"]) == 0
    return path


def contents(project: Path) -> tuple:
    with Workbench.open(project) as wb:
        return len(wb.log()), len(wb.documents()), wb.status()["turns"]


def _empty(p: Path) -> Path:
    p.write_bytes(b"")
    return p


def _blank(p: Path) -> Path:
    p.write_text("  \n\n\t \n")
    return p


def _binary(p: Path) -> Path:
    p.write_bytes(bytes(range(256)) * 40)
    return p


def _noise(p: Path) -> Path:
    p.write_bytes(bytes((i * 7919 + 13) % 255 + 1 for i in range(20000)))
    return p


def _truncated_docx(p: Path) -> Path:
    data = make_docx(p).read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def _corrupt_docx(p: Path) -> Path:
    p.write_bytes(zip_with({"word/document.xml": b"<w:document><w:body><w:p>",
                            "[Content_Types].xml": b"<Types/>"}))
    return p


def _password_docx(p: Path) -> Path:
    # What Word writes for a password-protected .docx: an OLE compound file whose
    # directory holds the EncryptionInfo and EncryptedPackage streams.
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    names = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode(
        "utf-16-le")
    p.write_bytes(head + names + b"\x00" * 3000)
    return p


def _zip_bomb(p: Path) -> Path:
    chunk = b"\x00" * (1 << 20)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(260):
                member.write(chunk)
    return p


def _empty_docx(p: Path) -> Path:
    docx.Document().save(p)
    return p


def _empty_odt(p: Path) -> Path:
    return make_odt(p, [])


def _old_doc(p: Path) -> Path:
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    return p


def _pdf(p: Path) -> Path:
    p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    return p


def _png(p: Path) -> Path:
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return p


def _pages(p: Path) -> Path:
    p.write_bytes(zip_with({"Index/Document.iwa": b"\x00\x01", "Metadata/Properties.plist": b""}))
    return p


CASES = [
    ("empty.txt", _empty, "is empty"),
    ("blank.txt", _blank, "is empty"),
    ("binary.txt", _binary, "binary"),
    ("noise.txt", _noise, "binary|decoded"),
    ("truncated.docx", _truncated_docx, "damaged or truncated"),
    ("corrupt.docx", _corrupt_docx, "damaged"),
    ("locked.docx", _password_docx, "password-protected"),
    ("bomb.docx", _zip_bomb, "safety cap"),
    ("empty.docx", _empty_docx, "has no text"),
    ("empty.odt", _empty_odt, "has no text"),
    ("old.doc", _old_doc, r"old Word \.doc"),
    ("scan.pdf", _pdf, "PDF"),
    ("photo.png", _png, "image"),
    ("notes.pages", _pages, "Apple Pages"),
]


@pytest.mark.parametrize("name, make, reason", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_one_line_error_and_nothing_is_written(project, tmp_path, capsys,
                                                           name, make, reason):
    before = contents(project)
    path = make(tmp_path / name)
    assert main(["import", str(project), str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"stc-bench: error: {path}: ")
    assert __import__("re").search(reason, err[0]), err[0]
    assert contents(project) == before


def test_missing_path_and_directory(project, tmp_path, capsys):
    before = contents(project)
    assert main(["import", str(project), str(tmp_path / "finnes-ikke.docx")]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "tom"
    empty.mkdir()
    (empty / "notater.pdf").write_bytes(b"%PDF-1.4")
    assert main(["import", str(project), str(empty)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"stc-bench: error: {empty}: no transcript files in this folder "
                   "(.txt .md .docx .odt .rtf .vtt .srt)"]
    assert contents(project) == before


def test_a_folder_imports_every_transcript_inside_it(project, tmp_path, capsys):
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    (folder / "JS1.txt").write_text("I: Hvordan begynte det?\nJS1: Med en telefon fra NAV.\n",
                                    encoding="utf-8")
    (folder / "JS2.txt").write_text("I: Og så?\nJS2: Så fikk jeg en jobbspesialist [latter].\n",
                                    encoding="utf-8")
    (folder / "~$JS1.docx").write_bytes(b"lock")  # Word's lock file: left out
    (folder / "les-meg.pdf").write_bytes(b"%PDF-1.4")  # not a transcript: left out
    assert main(["import", str(project), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "imported 2 of 2 files" in out
    from stc_bench.services import Workbench
    wb = Workbench.open(project)
    try:
        assert sorted(d.title for d in wb.documents()) == ["JS1.txt", "JS2.txt"]
        assert any("[latter]" in d.text for d in wb.documents())
    finally:
        wb.close()


def test_size_limit_names_the_limit_and_how_to_raise_it(project, tmp_path, capsys):
    path = tmp_path / "JS1.txt"
    path.write_text("\n".join(labelled_lines() * 4000), encoding="utf-8")  # 16,000 turns
    assert path.stat().st_size > 1024 * 1024
    assert main(["import", str(project), str(path), "--max-mb", "1"]) == 2
    err = capsys.readouterr().err
    assert "over the import limit of 1 MB" in err and "--max-mb" in err
    assert main(["import", str(project), str(path), "--max-mb", "5"]) == 0


def test_multi_file_import_keeps_good_files_and_reports_bad(project, tmp_path, capsys):
    good = [make_docx(tmp_path / "JS1.docx"), make_odt(tmp_path / "JS2.odt", labelled_lines()[:2])]
    bad = _pdf(tmp_path / "JS3.pdf")
    assert main(["import", str(project), str(good[0]), str(bad), str(good[1])]) == 2
    out, err = capsys.readouterr()
    assert "imported 2 of 3 files; 1 failed" in out
    assert err.strip().splitlines() == [err.strip()]  # the one bad file, one line
    with Workbench.open(project) as wb:
        assert [d.source_name for d in wb.documents()] == ["JS1.docx", "JS2.odt"]
