"""The trail's anchor: a head ``SEQ:HASH`` kept outside the file catches what the
chain alone cannot — a consistent rewrite and a rolled-back tail."""

from __future__ import annotations

import json
import sys

import pytest
from helpers.study import build_small_study, sqlite_exec, sqlite_rows

from bench.rel_checks import rewrite_consistently
from stc_bench.cli import main
from stc_bench.domain.model import ReviewMark
from stc_bench.services import Workbench


@pytest.fixture
def project(project_path):
    with Workbench.create(project_path, title="Jobbstøtte", actor="kari") as wb:
        build_small_study(wb)
    return project_path


def head(project, capsys) -> str:
    assert main(["status", str(project)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Coding trail"))
    return line.rsplit("head ", 1)[1]


def test_status_prints_the_head_and_verify_expect_accepts_it(project, capsys):
    anchor = head(project, capsys)
    seq, digest = anchor.split(":")
    assert len(digest) == 64 and int(seq) > 5
    assert main(["audit", "verify", str(project), "--expect", anchor]) == 0
    assert f"anchor {seq}:{digest[:16]}… found" in capsys.readouterr().out
    assert main(["audit", "verify", str(project), "--expect", f"{seq}:{digest[:12]}"]) == 0


def test_a_consistent_rewrite_verifies_but_fails_the_anchor(project, capsys):
    anchor = head(project, capsys)
    rewrite_consistently(project, 3)
    assert main(["audit", "verify", str(project)]) == 0  # the chain alone cannot tell
    capsys.readouterr()
    assert main(["audit", "verify", str(project), "--expect", anchor]) == 3
    out = capsys.readouterr().out
    assert out.startswith(f"FAILED at seq {anchor.split(':')[0]}: ") and "rewritten" in out


def test_a_rolled_back_tail_fails_the_anchor(project, capsys):
    anchor = head(project, capsys)
    with Workbench.open(project, actor="kari") as wb:
        wb.add_theme("Et tema som rulles tilbake")
    later = head(project, capsys)
    last = int(later.split(":")[0])
    theme_id = sqlite_rows(project, "SELECT max(id) FROM theme")[0][0]
    sqlite_exec(project, ("DELETE FROM theme WHERE id = ?", (theme_id,)),
                ("DELETE FROM audit_event WHERE seq = ?", (last,)))
    assert main(["audit", "verify", str(project), "--expect", anchor]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", str(project), "--expect", later]) == 3
    assert f"event {last} is no longer in the trail, which ends at event {last - 1}" in \
        capsys.readouterr().out


def test_review_mark_stores_and_prints_the_anchor_and_verify_checks_it(project, capsys):
    anchor = head(project, capsys)
    assert main(["--as", "veileder", "audit", "review", str(project), "--mark"]) == 0
    out = capsys.readouterr().out
    assert f"anchor {anchor} (keep it outside the project file" in out
    with Workbench.open(project) as wb:
        mark = wb.list(ReviewMark)[-1]
    assert f"{mark.seq}:{mark.head_hash}" == anchor
    rewrite_consistently(project, 2)  # before the mark: the stored anchor no longer fits
    assert main(["audit", "verify", str(project)]) == 3
    assert "which veileder reviewed" in capsys.readouterr().out


def test_verify_warns_when_the_trail_is_shorter_than_a_review_mark(project, capsys):
    assert main(["--as", "veileder", "audit", "review", str(project), "--mark"]) == 0
    mark_seq = sqlite_rows(project, "SELECT max(seq) FROM review_mark")[0][0]
    sqlite_exec(project, ("DELETE FROM audit_event WHERE seq >= ?", (mark_seq,)))
    capsys.readouterr()
    assert main(["audit", "verify", str(project)]) == 3
    err = capsys.readouterr().err
    assert f"veileder marked the trail reviewed up to event {mark_seq}" in err
    assert f"now ends at event {mark_seq - 1}" in err


def test_malformed_anchor_is_a_usage_error(project, capsys):
    assert main_exit(["audit", "verify", str(project), "--expect", "siste"]) == 2
    assert "'siste' is not SEQ:HASH" in capsys.readouterr().err


def main_exit(argv) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


class _ClosedPipe:
    """A stdout whose reader has gone (``| head -1``)."""

    def __init__(self, fileno: int):
        self._fileno = fileno

    def write(self, _text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self):
        return self._fileno


def test_review_mark_cut_off_by_a_closed_pipe_records_nothing_and_says_so(
        project, capsys, monkeypatch, tmp_path):
    sink = open(tmp_path / "sink", "w")  # noqa: SIM115 - closed below
    try:
        monkeypatch.setattr(sys, "stdout", _ClosedPipe(sink.fileno()))
        code = main(["--as", "veileder", "audit", "review", str(project), "--mark"])
    finally:
        monkeypatch.undo()
        sink.close()
    assert code == 2
    assert "nothing was marked as reviewed" in capsys.readouterr().err
    with Workbench.open(project) as wb:
        assert wb.list(ReviewMark) == []
    assert main(["--as", "veileder", "audit", "review", str(project), "--mark", "--json"]) == 0
    out, err = capsys.readouterr()
    assert isinstance(json.loads(out), list) and "marked: veileder has reviewed" in err
    with Workbench.open(project) as wb:
        assert [m.person for m in wb.list(ReviewMark)] == ["veileder"]
