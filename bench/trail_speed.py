"""How fast is the coding trail? Events/s for many operations and `audit verify` time.

    .venv/bin/python bench/trail_speed.py                  # 10k operations, verify 100k events
    .venv/bin/python bench/trail_speed.py --ops 2000 --verify-events 20000   # quick look

Every figure is set against a baseline measured in the same run, on the same disk, with
the same SQLite settings (WAL, synchronous=FULL):
- operations: each Workbench operation (rows + one hashed audit event, own transaction)
  vs a plain INSERT into a bare table, one transaction each;
- verify: ``Workbench.verify()`` (hash chain + re-deriving every row from the trail) vs a
  bare sha256 chain over the same events' raw columns read with stdlib sqlite3.

The 100k-event project is built fast: the first ``--ops`` events through the public
Workbench methods, the rest through the same append code (``ServiceBase._append``) but
many operations per transaction, so building does not dominate the run.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers.study import import_interview  # noqa: E402

from stc_bench.domain.model import Theme  # noqa: E402
from stc_bench.services import Workbench  # noqa: E402
from stc_bench.services.base import Operation  # noqa: E402


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def workbench_operations(wb: Workbench, count: int) -> None:
    """A realistic mix: themes, renames, memos, coded meaning units."""
    doc = wb.documents()[0]
    group = wb.code_groups()[0]
    themes: list[int] = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            themes.append(wb.add_theme(f"Tema {n}").id)
        elif kind == 1:
            wb.add_memo("note", f"Notat {n} om jobbstøtte")
        elif kind == 2:
            start = (n * 7) % (len(doc.text) - 40)
            wb.create_unit(doc.id, start, start + 30, [group.id])
        else:
            wb.edit_theme(themes.pop(0), name=f"Tema {n} (omdøpt)")


def bare_inserts(path: Path, count: int) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, payload TEXT)")
    for n in range(count):
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (name, payload) VALUES (?, ?)", (f"Tema {n}", '{"a": 1}'))
        con.execute("COMMIT")
    con.close()


def append_batched(wb: Workbench, count: int, batch: int = 2000) -> None:
    """``count`` more theme.add events, ``batch`` operations per transaction."""
    done = 0
    while done < count:
        with wb.store.write() as tx:
            pos = tx.max_of(Theme, "position") or 0
            for _ in range(min(batch, count - done)):
                tx.changes = []
                op = Operation(tx, "theme.add", "theme", message="Added theme (bench)")
                pos += 1
                op.entity_id = tx.insert(Theme, name=f"Tema {pos}", position=pos).id
                wb._append(op)
                done += 1


def append_fast(wb: Workbench, count: int, batch: int = 20_000) -> None:
    """The same ``count`` theme.add events as :func:`append_batched` — rows, event fields,
    canonical JSON and hashes as ``ServiceBase._append`` writes them (``audit verify
    --full`` passes on the result) — but computed here and written with ``executemany``:
    1M events in under a minute instead of ~40 (``python -m bench --scale 10``)."""
    from dataclasses import fields

    from stc_bench.domain import audit
    from stc_bench.services.base import utc_now

    names = [f.name for f in fields(Theme)]
    done = 0
    while done < count:
        with wb.store.write() as tx:
            seq, prev = tx.head()
            first = (tx.max_of(Theme, "id") or 0) + 1
            pos = tx.max_of(Theme, "position") or 0
            themes, events = [], []
            for id_ in range(first, first + min(batch, count - done)):
                pos += 1
                seq += 1
                row = {"id": id_, "name": f"Tema {pos}", "description": "", "notes": "",
                       "position": pos, "promoted_to": ""}
                themes.append(tuple(row[n] for n in names))
                after = audit.canonical_json(row)
                changes = f'[["theme",{id_},null,{after}]]'
                at = utc_now()
                digest = audit.stored_event_hash(prev, seq, at, wb.actor, "theme.add", "theme",
                                                 id_, "null", after, changes,
                                                 "Added theme (bench)")
                events.append((seq, at, wb.actor, "theme.add", "theme", id_, None, after,
                               changes, "Added theme (bench)", prev, digest))
                prev = digest
            tx.conn.exec_driver_sql(f"INSERT INTO theme ({', '.join(names)}) VALUES "
                                    f"({', '.join('?' * len(names))})", themes)
            tx.conn.exec_driver_sql("INSERT INTO audit_event (seq, at_utc, actor, action, "
                                    "entity, entity_id, before, after, changes, message, "
                                    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?)", events)
            done += len(events)


def bare_chain(path: Path) -> int:
    con = sqlite3.connect(str(path))
    prev, n = "0" * 64, 0
    for row in con.execute("SELECT seq, at_utc, actor, action, entity, entity_id, before, after, "
                           "changes, message FROM audit_event ORDER BY seq"):
        prev = hashlib.sha256(prev.encode() + repr(row).encode()).hexdigest()
        n += 1
    con.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--verify-events", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: a temp dir)")
    args = parser.parse_args()
    where = args.dir or Path(tempfile.mkdtemp(prefix="stc-bench-"))
    where.mkdir(parents=True, exist_ok=True)
    project = where / "trail-speed.stc"
    for p in where.glob("trail-speed.stc*"):
        p.unlink()

    wb = Workbench.create(project, title="Benchmark", actor="bench")
    import_interview(wb)
    wb.add_code_group("Rask start")
    t_ops = timed(lambda: workbench_operations(wb, args.ops))
    baseline = where / "bare.sqlite"
    for p in where.glob("bare.sqlite*"):
        p.unlink()
    t_bare = timed(lambda: bare_inserts(baseline, args.ops))
    print(f"operations: {args.ops} in {t_ops:.2f} s = {args.ops / t_ops:,.0f} events/s; "
          f"bare INSERTs {args.ops / t_bare:,.0f}/s; ratio {t_ops / t_bare:.1f}x")

    have = wb.status()["audit_events"]
    t_build = timed(lambda: append_batched(wb, max(0, args.verify_events - have)))
    total = wb.status()["audit_events"]
    wb.close()
    print(f"built {total} events ({total - have} batched) in {t_build:.1f} s")

    with Workbench.open(project, actor="bench", read_only=True) as review:
        holder = {}
        t_verify = timed(lambda: holder.setdefault("r", review.verify()))
        assert holder["r"].ok, holder["r"].problem
    t_chain = timed(lambda: bare_chain(project))
    t_cli = timed(lambda: subprocess.run([sys.executable, "-m", "stc_bench", "audit", "verify",
                                          str(project)], check=True, capture_output=True, cwd=ROOT))
    print(f"verify: {total} events in {t_verify:.2f} s ({total / t_verify:,.0f} events/s); "
          f"bare sha256 chain {t_chain:.2f} s; ratio {t_verify / t_chain:.1f}x; "
          f"`stc-bench audit verify` wall time {t_cli:.2f} s")
    print(f"project size {project.stat().st_size / 1e6:.1f} MB at {project}")


if __name__ == "__main__":
    main()
