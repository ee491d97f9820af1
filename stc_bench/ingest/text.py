"""Plain text: decoding bytes in any common encoding, and the .txt/.md reader."""

from __future__ import annotations

import charset_normalizer

from .base import Block, IngestError

# Encodings students' files are in. Restricting the detector to these stops it from
# guessing Central-European code pages for short Norwegian Windows-1252 files.
_COMMON = ["utf_8", "utf_16", "utf_32", "cp1252", "latin_1", "iso8859_15", "mac_roman",
           "cp865", "cp850"]
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of ``data``; binary or undecodable data raises IngestError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise IngestError(f"starts with a {enc} byte-order mark but has bytes that are "
                                  f"not {enc}; save it again as UTF-8") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text)
        return text, "utf-8"
    best = charset_normalizer.from_bytes(data, cp_isolation=_COMMON).best()
    if best is None:
        if b"\x00" in data[:4096]:
            raise IngestError("is a binary file, not a transcript; save the transcript as "
                              ".docx, .odt or .txt")
        raise IngestError("has bytes that could not be decoded in any common encoding "
                          "(UTF-8, UTF-16, Windows-1252, ISO-8859-1); save it as UTF-8 text")
    text = str(best)
    _refuse_binary(text)
    return text, best.encoding


def _refuse_binary(text: str) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise IngestError("is a binary file, not a transcript; save the transcript as .docx, "
                          ".odt or .txt")


def text_blocks(text: str) -> list[Block]:
    """Every line of a plain-text transcript as a paragraph (blank lines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Block(line) for line in text.split("\n")]


def markdown_blocks(text: str) -> list[Block]:
    """Lines of a Markdown transcript; ``**I:**`` and ``__I:__`` labels lose their markup.

    Headings and the rest of the markup are kept as typed: the stored text is what the
    student wrote.
    """
    blocks = []
    for block in text_blocks(text):
        line = block.text
        for mark in ("**", "__"):
            if line.startswith(mark) and mark in line[2:]:
                inner, _, rest = line[2:].partition(mark)
                if 0 < len(inner) <= 40 and ":" in inner + rest[:1]:
                    blocks.append(Block(line, label=inner.rstrip(":").strip()))
                    break
        else:
            blocks.append(block)
    return blocks
