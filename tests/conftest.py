"""Shared fixtures: temporary projects created through the service layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.pg import another_project, backend, pg_server, pg_url  # noqa: F401 - fixtures for every test module
from helpers.study import labelled_draft as draft_from_labelled  # noqa: F401 - tests import it from here

from stc_bench.services import Workbench

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture
def project_path(request, tmp_path) -> Path | str:
    """The project a test creates: a file, or with ``@both_backends`` (helpers/pg.py) a
    file and then a new database on the session's PostgreSQL server."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return tmp_path / "studie.stc"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def wb(project_path):
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
