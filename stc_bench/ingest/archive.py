"""Safety checks for zip-based formats (.docx, .odt) before a library opens them."""

from __future__ import annotations

import io
import zipfile

from .base import MAX_UNZIPPED_MB, IngestError

_MAX_MEMBERS = 5000


def check_archive(data: bytes, fmt: str) -> None:
    """Refuse archives that are encrypted or would unpack to more than the cap.

    The declared sizes bound what ``zipfile`` will decompress, so checking them
    first is enough to stop a zip bomb.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception as exc:  # noqa: BLE001 - a corrupt directory raises many kinds
        raise IngestError(f"is a damaged or truncated .{fmt} ({type(exc).__name__}); open it "
                          "in Word or LibreOffice and save it again") from None
    if len(infos) > _MAX_MEMBERS:
        raise IngestError(f"is a .{fmt} with {len(infos)} parts, more than {_MAX_MEMBERS}; "
                          "it is not a normal transcript")
    if any(info.flag_bits & 0x1 for info in infos):
        raise IngestError(f"is an encrypted .{fmt}; remove the password and save a copy, "
                          "then import that")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_MB * 1024 * 1024:
        raise IngestError(f"would unpack to {total / 1024 / 1024:.0f} MB, over the "
                          f"{MAX_UNZIPPED_MB} MB safety cap for .{fmt} files (a zip bomb?); "
                          "open it in Word and save a copy without embedded media")
