"""Exported files are ordinary files: the user's umask applies, not mkstemp's 0600."""

import os
import stat

import pytest

from stc_bench.export.files import write_export


@pytest.mark.skipif(os.name == "nt", reason="Windows files have no permission bits, only read-only")
def test_an_export_gets_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        target = write_export(tmp_path / "kapittel.md", lambda p: p.write_text("# Resultater\n"),
                              force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text() == "# Resultater\n"
