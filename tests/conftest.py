"""Shared fixtures: temporary projects created through the service layer."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import pytest_textual_snapshot
from helpers import pg as pg_module
from helpers.pg import (  # noqa: F401 - fixtures for every test module
    BACKENDS,
    another_project,
    backend,
    backend_coverage,
    pg_server,
    pg_url,
    project_path,
)
from helpers.study import labelled_draft as draft_from_labelled  # noqa: F401 - tests import it from here

from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Every PostgreSQL test skipped for want of a server reports the one place and reason,
    so ``-ra`` folds them into one line (else one line per test, hundreds)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and \
            str(report.longrepr[2]).startswith("Skipped: PostgreSQL tests skipped"):
        report.longrepr = (os.path.relpath(pg_module.__file__, item.config.rootpath), 1, report.longrepr[2])


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """The lemma cache (nlp/lemmatizer.py) goes to a folder of this test run, not ~/.cache."""
    os.environ["STC_BENCH_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """No test reads the developer's own config file or writes into the checkout."""
    cfg = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("STC_BENCH_CONFIG", str(cfg))
    monkeypatch.setenv("COLORTERM", "truecolor")  # the default theme, whatever runs the tests
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STC_BENCH_HOME", str(home))
    (home / "projects").mkdir(exist_ok=True)
    (home / "exports").mkdir(exist_ok=True)
    # The labels follow LANG (tests set it); not the machine's own language, which on a
    # Norwegian Windows or Mac would make the whole suite Norwegian.
    monkeypatch.setattr("stc_bench.tui.i18n.system_locale", lambda platform=None: None)


def pytest_generate_tests(metafunc):
    """Every test that takes a project (``backend``, hence ``project_path``, ``wb``, ``doc``
    and whatever is built on them) runs on SQLite and on PostgreSQL, without a marker to
    remember; ``@pytest.mark.sqlite_only("why")`` keeps a test whose subject is the file
    (its mode, WAL, encryption, a backup copy, the stdlib sqlite3 path) to SQLite alone."""
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is not None and not (only.args and isinstance(only.args[0], str) and only.args[0].strip()):
        pytest.fail(f"{metafunc.definition.nodeid}: sqlite_only needs its reason, "
                    "sqlite_only(\"why\")", pytrace=False)
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ("sqlite",) if only else BACKENDS, indirect=True)
    elif any(mark.name == "sqlite_only" for mark in metafunc.definition.own_markers):
        pytest.fail(f"{metafunc.definition.nodeid}: sqlite_only on a test that makes no "
                    "project through backend/project_path (drop the marker)", pytrace=False)


def without_backend(snapshot_name: str) -> str:
    """``test_x[sqlite]`` → ``test_x``, ``test_x[coverage-postgresql]`` → ``test_x[coverage]``."""
    def strip(params: re.Match) -> str:
        kept = [p for p in params.group(1).split("-") if p not in BACKENDS]
        return f"[{'-'.join(kept)}]" if kept else ""
    return re.sub(r"\[([^\]]*)\]", strip, snapshot_name, count=1)


class OnePicturePerBackend(pytest_textual_snapshot.SVGImageExtension):
    """A snapshot test on either backend compares with the one reference SVG: the picture
    of the same project must not depend on where it is stored."""

    @classmethod
    def get_snapshot_name(cls, *, test_location, index=0) -> str:
        return without_backend(super().get_snapshot_name(test_location=test_location, index=index))


# snap_compare looks the extension up in its module each time it runs
pytest_textual_snapshot.SVGImageExtension = OnePicturePerBackend


#: The whole collection's backend_coverage (before -k/-m deselect), for test_backend_coverage.
COVERAGE = pytest.StashKey[dict]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    tests = ROOT / "tests"
    # the whole suite: no file or test named (a module skipped for a missing library still is)
    whole = all("::" not in arg and (Path(config.invocation_params.dir) / arg).resolve() in (ROOT, tests)
                for arg in config.args)
    config.stash[COVERAGE] = {**backend_coverage(items), "whole": whole}
    if os.environ.get("STC_TEST_COVERAGE_OUT"):  # test_backend_coverage's own collection run
        Path(os.environ["STC_TEST_COVERAGE_OUT"]).write_text(json.dumps(config.stash[COVERAGE]))


@pytest.fixture
def wb(project_path):  # noqa: F811 - pytest passes the fixture by its name
    bench = Workbench.create(project_path, title="Jobbstøtte og psykisk helse",
                             question="Hvordan opplever deltakere jobbstøtte?", actor="kari")
    yield bench
    bench.close()


INTERVIEW = (
    "I: Kan du fortelle om den første tiden med jobbspesialisten?\n"
    "JS1: Ja. Jeg var veldig usikker i starten, altså [latter], jeg visste ikke hva jeg gikk til. "
    "Men Kari, teamlederen min, ringte meg hver uke. Det betydde mye for meg.\n"
    "I: Hva betydde det?\n"
    "JS1: At noen trodde på meg. Før hadde jeg bare møtt folk som snakket om begrensninger. "
    "Nå var det plutselig noen som snakket om hva jeg kunne få til. Æ, ø og å 😀 går fint.\n"
)


@pytest.fixture
def doc(wb):
    return wb.import_transcript(draft_from_labelled(INTERVIEW), source_name="JS1.txt",
                                source_sha256="1" * 64, informant="JS1")
