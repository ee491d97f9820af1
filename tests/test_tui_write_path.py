"""How the TUI calls the services: writes off the UI thread, reads by name.

A supervisor or a second coder may hold the project's write lock for seconds; a write on
the UI thread would freeze the screen that long (the busy timeout). Every write goes
through ``app.write`` (tui/workers.py): a thread, in the order typed, a waiting indicator.
Reads are named service methods (services/lookups.py), never ``wb.list``/``wb.get`` with
a screen's own filters.
"""

from __future__ import annotations

import ast
import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.tui import screen_text, settle, type_in, until

from stc_bench.domain.model import Theme
from stc_bench.tui.app import make_app
from stc_bench.tui.dialogs import HelpScreen

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "stc_bench" / "services"
TUI = ROOT / "stc_bench" / "tui"

#: The one helper a write may go through (``app.write``, tui/workers.py).
HELPERS = {"write"}
#: Writing functions a screen may call elsewhere: a search refreshes the search index
#: (derived data, outside the trail) as it reads, in the search's background worker.
DERIVED = {"nlp.keyword_search.hit_pages"}


def write_methods() -> set[str]:
    """Workbench methods that write: those that open an operation (``self._op``) or a
    write transaction, and those that call one of them."""
    bodies: dict[str, ast.AST] = {}
    for path in SERVICES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("__"):
                bodies[node.name] = node

    def called(body: ast.AST) -> set[str]:
        return {n.func.attr for n in ast.walk(body) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)}
    writes = {name for name, body in bodies.items()
              if {"_op", "write"} & called(body) and not name.startswith("_")}
    private = {name for name, body in bodies.items() if {"_op", "write"} & called(body)}
    while True:  # public methods that call a writing one
        more = {name for name, body in bodies.items()
                if called(body) & (writes | private) and name not in writes | private}
        if not more:
            return writes
        private |= {m for m in more if m.startswith("_")}
        writes |= {m for m in more if not m.startswith("_")}


def writing_functions(writes: set[str]) -> set[str]:
    """Functions of the layers beside the TUI (``ingest.batch.import_one``,
    ``nlp.pseudonymise.run`` …) that write through the Workbench they are given:
    they call ``wb.<write>(…)``, or another function of their module that does."""
    found = set()
    for package in ("ingest", "nlp", "export"):
        for path in (ROOT / "stc_bench" / package).glob("*.py"):
            functions = {node.name: node for node in ast.parse(path.read_text(encoding="utf-8")).body
                         if isinstance(node, ast.FunctionDef)}
            writing = {name for name, body in functions.items()
                       if any(isinstance(n, ast.Attribute) and n.attr in writes
                              and getattr(n.value, "id", None) == "wb" for n in ast.walk(body))}
            while more := {name for name, body in functions.items() if name not in writing
                           and any(getattr(n, "id", None) in writing for n in ast.walk(body))}:
                writing |= more
            found |= {f"{package}.{path.stem}.{name}" for name in writing}
    return found - DERIVED


def imported_names(tree: ast.AST) -> dict[str, str]:
    """Local name → what it names below ``stc_bench`` (``ps`` → ``nlp.pseudonymise``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def ui_thread_writes(source: str, writes: set[str],
                     functions: set[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, method) of each ``….wb.<write>`` in ``source`` — and each call of a writing
    function of another layer (``functions``) — outside the write helper: not inside the
    first argument of ``write(…)`` and not in a function handed to it by name."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    handed: set[str] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and node.args
                and getattr(node.func, "attr", getattr(node.func, "id", None)) in HELPERS):
            allowed |= {id(n) for n in ast.walk(node.args[0])}
            if isinstance(node.args[0], ast.Name):
                handed.add(node.args[0].id)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in handed:
            allowed |= {id(n) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in writes and id(node) not in allowed
                and (getattr(node.value, "id", None) == "wb"
                     or getattr(node.value, "attr", None) == "wb")):
            found.append((node.lineno, node.attr))
    names = imported_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in allowed:
            func = node.func
            if isinstance(func, ast.Name):
                named = names.get(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                named = f"{names.get(func.value.id)}.{func.attr}"
            else:
                named = None
            if named in functions:
                found.append((node.lineno, named))
    return sorted(found)


def test_the_write_methods_are_found():
    writes = write_methods()
    assert {"add_theme", "create_unit", "set_condensate", "undo", "redo", "add_comment",
            "accept_suggestion", "set_data_management", "write_memo"} <= writes
    assert not {"list", "get", "code_groups", "last_seq", "checklist", "memos"} & writes


def test_the_scan_catches_a_write_on_the_ui_thread():
    writes = {"add_theme", "delete_unit"}
    source = (
        "def on_key(self):\n"
        "    self.app.call(self.wb.add_theme, 'x')\n"  # through the old synchronous call
        "    self.app.wb.delete_unit(3)\n"  # directly
        "    self.app.write(self.wb.add_theme, 'y', then=print)\n"  # fine
        "    self.app.write(keep, then=print)\n"
        "def keep(wb):\n"
        "    return wb.delete_unit(4)\n"  # fine: runs in the writer thread
    )
    assert ui_thread_writes(source, writes) == [(2, "add_theme"), (3, "delete_unit")]


def test_the_writing_functions_of_other_layers_are_found():
    functions = writing_functions(write_methods())
    assert {"ingest.batch.import_one", "ingest.batch.import_exchange_file",
            "nlp.pseudonymise.run", "nlp.pseudonymise.apply"} <= functions
    assert not {"ingest.batch.expand_sources", "nlp.pseudonymise.plan",
                "nlp.pseudonymise.scanner_for"} & functions


def test_the_scan_catches_an_import_or_pseudonymisation_in_a_worker_of_its_own():
    functions = {"ingest.batch.import_one", "nlp.pseudonymise.run"}
    source = (
        "from ..ingest.batch import import_one\n"
        "from ..nlp import pseudonymise as ps\n"
        "@work(thread=True)\n"
        "def _import(self, path):\n"
        "    import_one(self.app.wb, path)\n"  # a write in the screen's own worker
        "def chosen(self, plan):\n"
        "    self.run_worker(lambda: ps.run(self.app.wb, [plan], key), thread=True)\n"
        "    self.app.write(store, self.app.wb, plan)\n"  # fine
        "    ps.plan(doc, scanner)\n"  # a read
        "def store(wb, plan):\n"
        "    return ps.run(wb, [plan], key)\n"  # fine: runs in the writer thread
    )
    assert ui_thread_writes(source, set(), functions) == [
        (5, "ingest.batch.import_one"), (7, "nlp.pseudonymise.run")]


def test_no_screen_writes_on_the_ui_thread():
    writes = write_methods()
    functions = writing_functions(writes)
    found = {f"{path.name}:{line} {name}"
             for path in TUI.glob("*.py")
             for line, name in ui_thread_writes(path.read_text(encoding="utf-8"), writes,
                                                functions)}
    assert not found, "write through app.write(…), not on the UI thread: " + ", ".join(sorted(found))


def generic_reads(source: str) -> list[tuple[int, str]]:
    """(line, method) of each ``….wb.list(…)`` / ``….wb.get(…)`` call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        func = getattr(node, "func", None)
        if (isinstance(node, ast.Call) and isinstance(func, ast.Attribute)
                and func.attr in ("list", "get")
                and (getattr(func.value, "id", None) == "wb"
                     or getattr(func.value, "attr", None) == "wb")):
            found.append((node.lineno, func.attr))
    return sorted(found)


def test_the_scan_catches_a_generic_read():
    source = ("docs = [d for d in self.wb.list(Document) if not d.superseded]\n"
              "unit = wb.get(MeaningUnit, 3)\n"
              "docs = self.wb.current_documents()\n"
              "value = settings.get('x')\n")
    assert generic_reads(source) == [(1, "list"), (2, "get")]


def test_screens_read_through_named_service_methods():
    found = {f"{path.name}:{line} wb.{name}("
             for path in TUI.glob("*.py")
             for line, name in generic_reads(path.read_text(encoding="utf-8"))}
    assert not found, "call a named read of the services instead: " + ", ".join(sorted(found))


# -- a project held by another process ----------------------------------------------------

HOLD_LOCK = """
import sqlite3, sys
target = sys.argv[1]
if "://" in target:  # PostgreSQL: the trail's advisory lock, as another stc-bench's write takes it
    import psycopg
    from stc_bench.storage.postgres import TRAIL_LOCK_KEY
    con = psycopg.connect("postgresql://" + target.split("://", 1)[1])
    con.execute(f"SELECT pg_advisory_xact_lock({TRAIL_LOCK_KEY})")
else:
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")  # as another stc-bench's write would
print("locked", flush=True)
sys.stdin.readline()
con.rollback() if "://" in target else con.execute("ROLLBACK")
con.close()  # this process is not the file's last: the test process's locks stay held
print("released", flush=True)
"""


@contextlib.contextmanager
def another_process_holds(project_path):
    """Another process holds the project's write lock (as a second stc-bench writing would)
    from the start of the block to its end."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(project_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        holder.wait()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_typing_goes_on_while_another_process_holds_the_project(
        wb, doc, project_path, monkeypatch, anyio_backend):
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "120000")  # the lock is held longer than 5 s
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        with another_process_holds(project_path):
            for name in ("Tillit", "Usikkerhet"):  # two writes queue behind the lock
                await pilot.press("a")
                await pilot.pause()
                await type_in(pilot, name)
                await pilot.press("enter")
            await until(pilot, lambda: app.waiting, "the waiting indicator")
            assert "waiting for the project" in app.sub_title
            # the screen still answers: help opens and closes, a prompt takes typing
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")
            await pilot.press("a")
            await pilot.pause()
            await type_in(pilot, "Teamlederen")
            assert "Teamlederen" in screen_text(app)
            assert app.wb.list(Theme) == []  # nothing written yet
        await pilot.press("enter")  # the third, typed while waiting
        await until(pilot, lambda: len(app.wb.list(Theme)) == 3, "the three themes")
        await until(pilot, lambda: not app.waiting, "the indicator to go")
        await settle(app, pilot)
        assert [t.name for t in app.wb.list(Theme, "position")] == [
            "Tillit", "Usikkerhet", "Teamlederen"]  # in the order typed
        assert "waiting for the project" not in app.sub_title
        text = screen_text(app)
        assert all(name in text for name in ("Tillit", "Usikkerhet", "Teamlederen"))


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_write_refused_becomes_one_notice_and_the_screen_stays(
        wb, doc, project_path, monkeypatch, anyio_backend):
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "50")  # the lock outlasts the busy timeout
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await settle(app, pilot)
        with another_process_holds(project_path):
            await pilot.press("a")
            await pilot.pause()
            await type_in(pilot, "Tillit")
            await pilot.press("enter")
            await until(pilot, lambda: any("busy" in str(n.message).lower()
                                           for n in app._notifications), "the busy notice")
        await settle(app, pilot)
        assert app.wb.list(Theme) == []
        assert not app.waiting
        assert app.screen.STEP == "step1"


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_import_waits_for_the_project_with_its_progress_then_lands(
        wb, project_path, tmp_path, monkeypatch, anyio_backend):
    monkeypatch.setenv("STC_BUSY_TIMEOUT_MS", "120000")
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for label in ("JS1", "JS2"):
        (folder / f"{label}.txt").write_text(
            f"I: Hvordan var den første dagen?\n{label}: Jeg gruet meg, men det gikk fint.\n",
            encoding="utf-8")
    app = make_app(project_path, actor="kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        with another_process_holds(project_path):
            await pilot.press("i")
            await pilot.pause()
            await type_in(pilot, str(folder))
            await pilot.press("enter")
            await until(pilot, lambda: app.waiting, "the waiting indicator")
            text = screen_text(app)
            assert "waiting for the project" in app.sub_title
            assert "Importing 1/2: JS1.txt" in text  # the import's own progress stays
            await pilot.press("1")  # the screen answers meanwhile
            await until(pilot, lambda: app.screen.STEP == "step1", "step 1")
            assert app.wb.current_documents() == []
        await until(pilot, lambda: not app.waiting, "the indicator to go")
        await settle(app, pilot)
        assert [d.source_name for d in app.wb.current_documents()] == ["JS1.txt", "JS2.txt"]
        assert any(str(n.message).startswith("2 imported: JS1.txt → JS1, JS2.txt → JS2")
                   for n in app._notifications)
