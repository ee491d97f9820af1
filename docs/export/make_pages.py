"""Regenerate the page images in this folder from the demo project.

    .venv/bin/python docs/export/make_pages.py

Builds the demo (``stc_bench.demo.build_demo``) in a temporary folder, exports the
chapter, codebook and matrix as .docx, renders them with LibreOffice (``soffice``) to
PDF and the first page of each to a small PNG with poppler's ``pdftoppm`` — what a
committee sees when it opens the files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
PARTS = ("chapter", "codebook", "matrix")


def main() -> int:
    from stc_bench.demo import build_demo
    from stc_bench.export.api import ExportOptions, export_docx

    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("needs LibreOffice (soffice) and poppler-utils (pdftoppm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = folder / "demo.stc"
        wb = build_demo(project, actor="demo")
        try:
            for part in PARTS:
                export_docx(wb, project, folder / f"{part}.docx", ExportOptions(part=part))
        finally:
            wb.close()
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder),
                        *(str(folder / f"{p}.docx") for p in PARTS)],
                       check=True, capture_output=True, timeout=300)
        for part in PARTS:
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                            str(folder / f"{part}.pdf"), str(HERE / part)], check=True)
            print(HERE / f"{part}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
