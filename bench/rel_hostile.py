"""Hostile inputs for ``python -m bench.reliability``: files no reader may choke on.

Each case is a file (or a special file) plus what must happen when it is imported:
``refuse`` (exit 2, one line on stderr, project unchanged), ``import`` (exit 0, exactly
one complete new document) or ``either`` (a mutated file may still be a transcript).
Whatever the kind: never exit 1, never over the time or memory limit.
"""

from __future__ import annotations

import io
import os
import random
import socket
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
TURNS = [("I", "Kan du fortelle om den første samtalen med jobbspesialisten?"),
         ("JS7", "Hun kom hjem til meg. Jeg var «helt sikker» på at det ikke ville gå, men hun "
                 "spurte hva jeg drømte om. Æ, ø og å."),
         ("I", "Hva svarte du da?"),
         ("JS7", "At jeg ville jobbe med dyr. To uker senere hadde jeg praksis på en gård.")]
CONTROL_NAMES = ["JS\n1", "JS\x1b[31m2", "JS\r3", "JS\t4", "\u202eJS5", "JS\x07 6", "JS\x7f7"]


@dataclass(frozen=True)
class Case:
    id: str
    kind: str      # family of the case, for the report
    path: Path
    expect: str    # refuse | import | either
    needle: str = ""  # text that must be in the document when it imports


def lines(turns=TURNS, tag: str = "") -> list[str]:
    return [f"{label}: {text}{tag}" for label, text in turns]


def docx_bytes(body_xml: bytes, extra: dict[str, bytes] | None = None,
               compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
            f.write(body_xml)
            f.write(b"</w:body></w:document>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx_stream(name: Path, chunks: Iterator[bytes]) -> None:
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f"<w:document {W}><w:body>".encode())
            for chunk in chunks:
                f.write(chunk)
            f.write(b"</w:body></w:document>")


def odt_stream(name: Path, chunks: Iterator[bytes]) -> None:
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        with zf.open("content.xml", "w", force_zip64=True) as f:
            f.write(f"<office:document-content {ODF}><office:body><office:text>".encode())
            for chunk in chunks:
                f.write(chunk)
            f.write(b"</office:text></office:body></office:document-content>")


def para(text: str) -> bytes:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'.encode()


def nested_docx(answer: str) -> bytes:
    inner = (f"<w:tbl><w:tr><w:tc>{para(answer).decode()}</w:tc></w:tr></w:tbl>").encode()
    rows = b""
    for label, text in TURNS[:3]:
        rows += b"<w:tr><w:tc>" + para(label) + b"</w:tc><w:tc>" + para(text) + b"</w:tc></w:tr>"
    rows += b"<w:tr><w:tc>" + para("JS7") + b"</w:tc><w:tc>" + inner + b"<w:p/></w:tc></w:tr>"
    return docx_bytes(b"<w:tbl>" + rows + b"</w:tbl>")


def seeds() -> dict[str, bytes]:
    body = b"".join(para(line) for line in lines())
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", f"<office:document-content {ODF}><office:body><office:text>"
                    + "".join(f"<text:p>{x}</text:p>" for x in lines())
                    + "</office:text></office:body></office:document-content>")
    rtf = "{\\rtf1\\ansi\\ansicpg1252 " + "\\par\n".join(
        x.encode("ascii", "backslashreplace").decode().replace("\\x", "\\'") for x in lines()) + "}"
    vtt = "WEBVTT\n\n" + "".join(f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n<v {a}>{b}</v>\n\n"
                                 for i, (a, b) in enumerate(TURNS))
    srt = "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{a}: {b}\n\n"
                  for i, (a, b) in enumerate(TURNS))
    return {"docx": docx_bytes(body), "odt": odt.getvalue(), "rtf": rtf.encode("ascii"),
            "vtt": vtt.encode(), "srt": srt.encode(), "txt": "\n".join(lines()).encode("cp1252"),
            "md": "\n".join(f"**{a}:** {b}" for a, b in TURNS).encode()}


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 5)):
        op, i = rng.choice(["flip", "cut", "insert", "delete", "zero"]), rng.randrange(len(data) or 1)
        if op == "flip" and data:
            data = data[:i] + bytes([data[i] ^ rng.randrange(1, 256)]) + data[i + 1:]
        elif op == "cut":
            data = data[:i]
        elif op == "insert":
            data = data[:i] + rng.randbytes(rng.randint(1, 16)) + data[i:]
        elif op == "zero":
            data = data[:i] + b"\x00" * rng.randint(1, 64) + data[i + 64:]
        else:
            data = data[:i] + data[i + rng.randint(1, 32):]
    return data


def special_cases(folder: Path) -> list[Case]:
    out = []
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.txt")
        out.append(Case("fifo", "special file", folder / "fifo.txt", "refuse"))
    for name, target in (("zero.txt", "/dev/zero"), ("urandom.docx", "/dev/urandom"),
                         ("null.odt", "/dev/null"), ("tty.txt", "/dev/tty")):
        if os.path.exists(target):
            (folder / name).symlink_to(target)
            out.append(Case(name, "special file", folder / name, "refuse"))
    (folder / "mappe.txt").mkdir()
    out.append(Case("folder", "special file", folder / "mappe.txt", "refuse"))
    sock = folder / "s.txt"
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(sock))
        s.close()
        out.append(Case("socket", "special file", sock, "refuse"))
    except OSError:
        pass
    (folder / "dangling.txt").symlink_to(folder / "finnes-ikke")
    out.append(Case("dangling link", "special file", folder / "dangling.txt", "refuse"))
    return out


def bomb_cases(folder: Path, heavy: bool) -> list[Case]:
    out = []

    def add(name, kind, expect="refuse"):
        out.append(Case(name, kind, folder / name, expect))

    many = para("I: Ja?") + para("JS1: Nei.")
    scale = 6 if heavy else 1  # quick: just over each limit; full: the sizes of issue 20
    docx_stream(folder / "paras.docx", (many * 10_000 for _ in range(6 * scale)))  # 4/40 MB
    add("paras.docx", "zip/XML bomb")
    docx_stream(folder / "runs.docx", [b"<w:p>"] + [b"<w:r/>" * 100_000] * 6 * scale
                + [b"</w:p>"])
    add("runs.docx", "zip/XML bomb")
    docx_stream(folder / "bigtext.docx", [b"<w:p><w:r><w:t>"] + [b"Ja ja ja. " * 100_000]
                * 11 * (4 if heavy else 1) + [b"</w:t></w:r></w:p>"])
    add("bigtext.docx", "zip/XML bomb")
    docx_stream(folder / "deep.docx", [b"<w:tbl><w:tr><w:tc>" * 2000 + para("x")
                                       + b"</w:tc></w:tr></w:tbl>" * 2000])
    add("deep.docx", "zip/XML bomb")
    (folder / "entities.docx").write_bytes(_entity_bomb())
    add("entities.docx", "zip/XML bomb")
    (folder / "declared.docx").write_bytes(_declared_bomb())
    add("declared.docx", "zip/XML bomb")
    odt_stream(folder / "paras.odt", ((b"<text:p>I: Ja?</text:p><text:p>JS1: Nei.</text:p>")
                                      * 10_000 for _ in range(6 * scale)))
    add("paras.odt", "zip/XML bomb")
    odt_stream(folder / "spaces.odt", [b'<text:p>' + b'<text:s text:c="1000000000"/>' * 50_000
                                       + b"</text:p>"])
    add("spaces.odt", "zip/XML bomb")
    short = "\n".join(f"{'I' if i % 2 == 0 else 'JS1'}: Ja." for i in range(110_000 * scale))
    (folder / "short_turns.txt").write_text(short, encoding="utf-8")
    add("short_turns.txt", "giant input")
    (folder / "giant_line.txt").write_text("JS1: " + "ord " * 2_600_000 * scale,
                                           encoding="utf-8")
    add("giant_line.txt", "giant input")
    if heavy:
        docx_stream(folder / "paras240.docx", (many * 10_000 for _ in range(360)))
        add("paras240.docx", "zip/XML bomb")
        (folder / "big.txt").write_bytes(os.urandom(1024) * 50 * 1024)  # 50 MB of noise
        add("big.txt", "giant input")
        long_ok = "\n".join(lines() * 2000)
        (folder / "long_interview.txt").write_text(long_ok, encoding="utf-8")
        add("long_interview.txt", "giant input", "import")
    return out


def _entity_bomb() -> bytes:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {W}><w:body><w:p><w:r>'
           "<w:t>&j;</w:t></w:r></w:p></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def _declared_bomb() -> bytes:
    """A member that unpacks to 1 GB of zeros (1 MB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(1024):
                f.write(b"\x00" * (1024 * 1024))
    return buf.getvalue()


def encoding_cases(folder: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    text = "\n".join(lines())

    def marked(i: int, enc: str) -> bytes:  # unique, so never refused as a duplicate
        return f"Intervju nr. {i}\n{text}".encode(enc)

    makers = [
        ("utf16-nobom-le", lambda i: marked(i, "utf-16-le"), "import"),
        ("utf16-nobom-be", lambda i: marked(i, "utf-16-be"), "import"),
        ("utf32", lambda i: marked(i, "utf-32"), "import"),
        ("bom-wrong", lambda i: b"\xff\xfe" + text.encode("utf-8") + b"\x00", "either"),
        ("random", lambda i: rng.randbytes(rng.randint(1, 4096)), "either"),
        ("mixed", lambda i: text.encode("utf-8") + rng.randbytes(64) + text.encode("latin-1"),
         "either"),
        ("nul-heavy", lambda i: b"\x00".join(text.encode()[j:j + 3] for j in range(0, 300, 3)),
         "either"),
    ]
    for i in range(n):
        name, make, expect = makers[i % len(makers)]
        path = folder / f"enc{i}-{name}.txt"
        path.write_bytes(make(i))
        out.append(Case(f"enc{i}", "encoding", path, expect,
                        "jobbspesialisten" if expect == "import" else ""))
    return out


def mutated_cases(folder: Path, rng: random.Random, n: int) -> list[Case]:
    base = seeds()
    kinds = sorted(base)
    out = []
    for i in range(n):
        fmt = kinds[i % len(kinds)]
        path = folder / f"mut{i}.{fmt}"
        path.write_bytes(mutate(base[fmt], rng))
        out.append(Case(f"mut{i}", f"garbled {fmt}", path, "either"))
    return out


def nested_cases(folder: Path, n: int) -> list[Case]:
    out = []
    for i in range(n):
        answer = f"Jeg fikk jobb nummer {i} til slutt, og det var jobbspesialisten sin fortjeneste."
        path = folder / f"nested{i}.docx"
        path.write_bytes(nested_docx(answer))
        out.append(Case(f"nested{i}", "nested tables", path, "import", answer))
    return out


def name_cases(folder: Path, n: int) -> list[Case]:
    out = []
    for i in range(n):
        name = CONTROL_NAMES[i % len(CONTROL_NAMES)] + f"-{i}.txt"
        path = folder / name
        good = i % 2 == 0
        path.write_bytes(("\n".join(lines(tag=f" ({i})")) if good else "").encode())
        out.append(Case(f"name{i}", "control characters in names", path,
                        "import" if good else "refuse"))
    return out


def all_cases(folder: Path, rng: random.Random, *, quick: bool) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    n = 140 if quick else 1000
    return (special_cases(folder) + bomb_cases(folder, heavy=not quick)
            + nested_cases(folder, 5 if quick else 40) + name_cases(folder, 7 if quick else 42)
            + encoding_cases(folder, rng, 21 if quick else 140)
            + mutated_cases(folder, rng, n - 90 if quick else n - 200))
