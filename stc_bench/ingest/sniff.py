"""File format detection from the content (the one place it is decided)."""

from __future__ import annotations

import io
import zipfile

from .base import IngestError

_SAVE_AS = "open it in Word or LibreOffice and save it as .docx, .odt or .txt, then import that"

# (signature at offset 0, what it is, what to do instead)
_REFUSED = (
    (b"%PDF", "a PDF", "copy the text into a .docx or .txt, or export it from the tool that "
                       "made it as .docx/.txt"),
    (b"\x89PNG", "an image (PNG)", "transcribe it or run OCR first; import the text"),
    (b"\xff\xd8\xff", "an image (JPEG)", "transcribe it or run OCR first; import the text"),
    (b"GIF8", "an image (GIF)", "transcribe it or run OCR first; import the text"),
    (b"II*\x00", "an image (TIFF)", "transcribe it or run OCR first; import the text"),
    (b"MM\x00*", "an image (TIFF)", "transcribe it or run OCR first; import the text"),
    (b"RIFF", "an audio or video file", "transcribe it first (e.g. noScribe or Whisper, "
                                        "saved as .docx/.vtt/.srt)"),
    (b"ID3", "an audio file (MP3)", "transcribe it first (e.g. noScribe or Whisper, saved as "
                                    ".docx/.vtt/.srt)"),
    (b"\x1aE\xdf\xa3", "a video file", "transcribe it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it and import the transcripts inside"),
    (b"Rar!", "a RAR archive", "unpack it and import the transcripts inside"),
    (b"\x1f\x8b", "a gzip archive", "unpack it and import the transcripts inside"),
)

#: Formats this package reads.
TEXT_FORMATS = ("txt", "md", "vtt", "srt", "rtf")


def sniff_format(data: bytes, suffix: str) -> str:
    """The format of a file: ``docx``, ``odt``, ``rtf``, ``vtt``, ``srt``, ``md`` or ``txt``.

    Decided by the content (zip signature and members, ``{\\rtf``, ``WEBVTT``, numbered
    cue blocks); the suffix only separates ``.md`` from ``.txt``. Anything else raises
    :class:`IngestError` saying what to do instead.
    """
    suffix = suffix.lower().lstrip(".")
    for magic, what, todo in _REFUSED:
        if data.startswith(magic):
            raise IngestError(f"is {what}, not a transcript; {todo}")
    if data.startswith(b"BM") and suffix == "bmp":
        raise IngestError("is an image (BMP), not a transcript; transcribe it or run OCR first")
    if data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypheix") or data[4:8] == b"ftyp":
        raise IngestError("is an image, audio or video file (ISO media), not a transcript; "
                          "transcribe it first, or import the transcript text")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in \
                data.replace(b"\x00", b""):
            raise IngestError("is password-protected; open it in Word, remove the password "
                              "(File > Info > Protect Document) and save a copy, then import that")
        raise IngestError(f"is an old Word .doc (or another Office 97-2003 file); {_SAVE_AS}")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_format(data, suffix)
    if data.startswith(b"PK"):
        raise IngestError("is a damaged zip file; open it in Word or LibreOffice and save again")
    head = _text_head(data)
    if head.startswith("{\\rtf"):
        return "rtf"
    if head.startswith("WEBVTT"):
        return "vtt"
    if _looks_like_srt(head):
        return "srt"
    return "md" if suffix in ("md", "markdown") else "txt"


def _zip_format(data: bytes, suffix: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError,
            RuntimeError) as exc:
        raise IngestError(f"is a damaged or truncated {suffix or 'zip'} file ({exc}); open it "
                          "in Word or LibreOffice and save it again") from None
    except Exception as exc:  # noqa: BLE001 - zipfile raises many kinds on a corrupt directory
        raise IngestError(f"is a damaged or truncated {suffix or 'zip'} file "
                          f"({type(exc).__name__}); open it and save it again") from None
    if "word/document.xml" in names:
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise IngestError("is an OpenDocument file that is not a text document; save the "
                          "transcript as .odt or .docx")
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names) or "index.xml" in names:
        raise IngestError("is an Apple Pages document; in Pages choose File > Export To > Word "
                          "and import the .docx")
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise IngestError(f"is a spreadsheet or presentation, not a transcript; {_SAVE_AS}")
    if suffix in ("docx", "odt"):
        raise IngestError(f"is not a valid .{suffix} (the zip has no document part); open it "
                          "in Word or LibreOffice and save it again")
    raise IngestError("is a zip archive; unpack it and import the transcripts inside")


def _text_head(data: bytes) -> str:
    head = data[:512]
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, errors="ignore").lstrip()
    return head.decode("latin-1").lstrip()


def _looks_like_srt(head: str) -> bool:
    lines = [line.strip() for line in head.replace("\r", "\n").split("\n") if line.strip()]
    return len(lines) >= 2 and lines[0].isdigit() and "-->" in lines[1]
