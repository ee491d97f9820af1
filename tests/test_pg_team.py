"""Twenty coders writing to one PostgreSQL project at the same moment, each with their own
connection: one chain — every seq once, no gap, no fork — nothing lost, and ``audit
verify`` passes on it."""

from __future__ import annotations

import threading

import pytest
from helpers.study import import_interview

from stc_bench.cli import main
from stc_bench.domain.model import MeaningUnit, Memo, Theme
from stc_bench.services import Workbench

CODERS = 20
OPERATIONS = 15  # each: themes, memos and coded units in turn


def coder(url: str, name: str, start: threading.Barrier, errors: list) -> None:
    try:
        with Workbench.open(url, actor=name) as wb:
            doc = wb.documents()[0]
            group = wb.code_groups()[0]
            start.wait(timeout=60)  # everyone connected: go together
            for i in range(OPERATIONS):
                if i % 3 == 0:
                    wb.add_theme(f"{name} tema {i}")
                elif i % 3 == 1:
                    wb.add_memo("note", f"{name} notat {i}")
                else:
                    begin = (i * 7 + len(name)) % (len(doc.text) - 40)
                    wb.create_unit(doc.id, begin, begin + 30, [group.id])
    except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        errors.append((name, exc))


@pytest.mark.slow
def test_twenty_coders_at_once_make_one_chain(pg_url, capsys):
    with Workbench.create(pg_url, title="Fokusgrupper", actor="leder") as wb:
        import_interview(wb)
        wb.add_code_group("Rask start")
        before = wb.last_seq()
    names = [f"koder{n:02d}" for n in range(CODERS)]
    start, errors = threading.Barrier(CODERS), []
    threads = [threading.Thread(target=coder, args=(pg_url, n, start, errors)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)

    with Workbench.open(pg_url, actor="kontroll") as wb:
        report = wb.verify()
        assert report.ok, report.problem
        events = wb.log()
        total = before + CODERS * OPERATIONS
        assert [e.seq for e in events] == list(range(1, total + 1))  # no gap, no fork
        assert len({e.prev_hash for e in events}) == total             # each links one event
        mine = events[before:]
        assert {n: sum(e.actor == n for e in mine) for n in names} == dict.fromkeys(names, OPERATIONS)
        switches = sum(a.actor != b.actor for a, b in zip(mine, mine[1:], strict=False))
        assert switches >= CODERS  # they really wrote at the same time
        themes = {t.name for t in wb.list(Theme)}
        memos = {m.text for m in wb.list(Memo)}
        for n in names:
            assert {f"{n} tema {i}" for i in range(0, OPERATIONS, 3)} <= themes
            assert {f"{n} notat {i}" for i in range(1, OPERATIONS, 3)} <= memos
        assert len(wb.list(MeaningUnit)) == CODERS * (OPERATIONS // 3)
    assert main(["audit", "verify", pg_url]) == 0
    assert "OK" in capsys.readouterr().out.upper()


@pytest.mark.slow
def test_the_team_load_test_counts_every_coders_writes(pg_url):
    """``python -m bench.team`` in small: separate coder processes, the trail checked
    against what each saw commit (its latency target is the benchmark's to report)."""
    from bench import team

    result = team.run(pg_url, coders=2, seconds=1.0, pause=(0.01, 0.05))
    assert result["chain_ok"] and result["errors"] == 0, result
    assert result["operations"] > 0 and result["lost_writes"] == 0 and result["unexpected_events"] == 0
    assert set(result["per_operation"]) == {"mark", "code", "assign", "condense", "comment"}
