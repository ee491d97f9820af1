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
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            _refuse_binary(text)
            return text, utf16
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


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``data`` looks like UTF-16 saved without a byte-order mark.

    Norwegian text is mostly Latin-1 letters, so in UTF-16 nearly every other byte is
    zero (the odd ones in little-endian); no 8-bit text has zeros like that.
    """
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.6 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.6 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


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
