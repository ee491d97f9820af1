"""A small fictitious study (jobbstøtte/IPS for people with mental illness) built through
the Workbench, shared by the trail tests, the crash child and the benchmark."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from stc_bench.domain.offsets import normalise_text
from stc_bench.domain.transcript import TranscriptDraft, TurnDraft
from stc_bench.services import Workbench

INTERVIEW_JS2 = normalise_text(
    "I: Hvordan kom du i kontakt med jobbspesialisten?\r\n"
    "JS2: Det var behandleren min på DPS-et som foreslo det. Jeg hadde vært sykmeldt i to år, "
    "og jeg trodde ærlig talt ikke at noen arbeidsgiver ville ha meg.\r\n"
    "I: Hva skjedde så?\r\n"
    "JS2: Vi gikk rett ut og besøkte en bedrift i uke to. Det gikk så fort at jeg nesten ikke "
    "rakk å bli nervøs. Stine, jobbspesialisten, satt i bilen og ventet på meg etterpå.\r\n"
    "I: Hvordan var det å begynne å jobbe?\r\n"
    "JS2: Tungt de første ukene (…) men sjefen visste om diagnosen, så jeg slapp å late som. "
    "Det var en lettelse å ikke ha hemmeligheter på jobben.\r\n"
)


def labelled_draft(text: str) -> TranscriptDraft:
    """Speaker turns from ``LABEL: words`` lines (enough for trail tests)."""
    turns, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            label = line.split(":", 1)[0]
            turns.append(TurnDraft(label, pos, pos + len(line), is_interviewer=label == "I"))
        pos += len(line) + 1
    return TranscriptDraft(text.rstrip("\n"), tuple(turns), "txt")


def import_interview(wb: Workbench, text: str = INTERVIEW_JS2, label: str = "JS2"):
    """Import ``text`` as an interview with informant ``label``."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return wb.import_transcript(labelled_draft(text), source_name=f"{label}.txt",
                                source_sha256=digest, informant=label)


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build_small_study(wb: Workbench) -> dict[str, Any]:
    """Themes, a code group with a subgroup, units, a condensate: a dozen events."""
    doc = import_interview(wb)
    t1 = wb.add_theme("Rask start hos arbeidsgiver")
    t2 = wb.add_theme("Åpenhet om diagnosen")
    group = wb.promote_theme(t1.id, to="code_group")
    sub = wb.add_subgroup(group.id, "Å komme raskt i gang")
    u1 = wb.create_unit(doc.id, *span_of(doc.text, "Vi gikk rett ut og besøkte en bedrift i uke to."),
                        code_group_ids=[group.id])
    u2 = wb.create_unit(doc.id, *span_of(doc.text, "Det var en lettelse å ikke ha hemmeligheter"))
    wb.assign_unit(u1.id, sub.id)
    wb.set_condensate(sub.id, "Jeg kom raskt ut i jobb, og det hjalp meg.", [u1.id])
    wb.rename_theme(t2.id, "Åpenhet på arbeidsplassen")
    return {"doc": doc, "themes": [t1, t2], "group": group, "subgroup": sub, "units": [u1, u2]}


def sqlite_rows(path: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read with the stdlib sqlite3 module (the way a tamperer would); a PostgreSQL
    project URL is read the same way with psycopg, json columns as their stored text."""
    if "://" in str(path):
        return _pg(str(path), [(sql, params)], fetch=True)
    con = sqlite3.connect(str(path))
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def sqlite_exec(path: Path | str, *statements: tuple[str, tuple]) -> None:
    """Write with the stdlib sqlite3 module, outside stc-bench, in one transaction (with
    psycopg for a PostgreSQL project URL)."""
    if "://" in str(path):
        _pg(str(path), list(statements), fetch=False)
        return
    con = sqlite3.connect(str(path))
    try:
        with con:
            for sql, params in statements:
                con.execute(sql, params)
    finally:
        con.close()


def _pg(url: str, statements: list[tuple[str, tuple]], fetch: bool) -> list[tuple] | None:
    """The SQL (``?`` placeholders, as sqlite3 takes them) run with psycopg outside
    stc-bench, in one transaction; a json column is read as its text."""
    import psycopg
    from psycopg.types.string import TextLoader

    with psycopg.connect("postgresql://" + url.split("://", 1)[1]) as con:
        con.adapters.register_loader("json", TextLoader)
        rows = None
        for sql, params in statements:
            cur = con.execute(sql.replace("%", "%%").replace("?", "%s"), params)
            rows = cur.fetchall() if fetch else None
        return rows


def store_setting_unchecked(path: Path | str, key: str, value) -> None:
    """Put a setting into the project file as an older version or a hand edit could have left
    it, past ``set_setting``'s check, to test that readers still refuse it in one line."""
    import json

    if "://" in str(path):  # a json column: through jsonb and back
        sqlite_exec(path, ("UPDATE project SET settings = jsonb_set(coalesce(settings::jsonb, '{}'), "
                           "?::text[], ?::jsonb)::json", ([key], json.dumps(value))))
        return
    sqlite_exec(path, ("UPDATE project SET settings = json_set(coalesce(settings, '{}'), ?, json(?))",
                       (f"$.{key}", json.dumps(value))))


def downgrade(target: Path | str, revision: str) -> None:
    """Take the project ``target`` back to schema ``revision`` (or ``"-1"``) with its own
    migrations: a genuinely older file, not one stamped down."""
    from alembic import command

    from stc_bench.storage import migrate
    from stc_bench.storage.engine import make_engine, project_url

    engine = make_engine(project_url(target))
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
