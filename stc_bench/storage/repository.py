"""The repository: rows in, frozen dataclasses out, every write recorded.

``Store.read()`` yields a :class:`ReadTx`; ``Store.write()`` yields a :class:`WriteTx`
whose ``insert``/``update``/``delete`` record each row change as
``[table, id, before, after]`` (``before`` is None for an insert, ``after`` None for a
delete, partial dicts for an update). The service layer turns those changes into one
audit event appended in the same transaction.
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import stat
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import (
    JSON,
    Connection,
    Table,
    Text,
    column,
    delete,
    func,
    insert,
    inspect,
    literal_column,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)

from ..domain import audit
from ..domain.errors import (
    NotFound,
    PassphraseNeeded,
    ProjectBusy,
    ProjectFileError,
    StcError,
    TrailConflict,
    WrongPassphrase,
)
from ..domain.model import ENTITIES, UNTRACKED_TABLES, AuditEvent, Entity, Project, Suggestion
from ..protect import create_private_file
from . import engine as engines
from . import migrate, open_files, postgres, quick, search_index, trail_check
from .models import TABLES, StoredJSON, audit_event_table

T = TypeVar("T", bound=Entity)
#: A passphrase, or a function that asks for it (called only for an encrypted file).
Passphrase = str | Callable[[], str | None] | None
EVENTS: Table = audit_event_table


def _check_column_order() -> None:
    """Every table's columns must match its dataclass's fields, name for name, in order."""
    for name, cls in {**ENTITIES, AuditEvent.TABLE: AuditEvent}.items():
        columns = [c.name for c in TABLES[name].columns]
        fields = [f.name for f in dataclasses.fields(cls)]
        if columns != fields:
            raise RuntimeError(f"table {name} columns {columns} differ from {cls.__name__} {fields}")


_check_column_order()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_FIELDS: dict[type, tuple[tuple[str, ...], dict[str, Any]]] = {}
#: Values per ``IN (…)`` list of :meth:`ReadTx.list_in`: SQLite before 3.32 allows 999
#: bound parameters.
IN_CHUNK = 900
#: Tables with a JSON column: their bulk rows are copied (``snapshot``), not passed as is.
_JSON_TABLES = frozenset(name for name, table in TABLES.items()
                         if any(isinstance(c.type, StoredJSON) for c in table.columns))


def _fields(cls: type) -> tuple[tuple[str, ...], dict[str, Any]]:
    """A dataclass's field names in order, and the plain defaults (a field whose default
    is a factory has no entry: its rows take the general path)."""
    found = _FIELDS.get(cls)
    if found is None:
        fields = dataclasses.fields(cls)
        defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        found = _FIELDS[cls] = (tuple(f.name for f in fields), defaults)
    return found
_CONTAINERS = (dict, list)


def snapshot(obj: Any) -> dict[str, Any]:
    """A dataclass as a plain JSON-able row dict.

    Not ``dataclasses.asdict``: it recurses into and deep-copies every value, which was
    most of the time of a bulk write. Rows are flat; only a JSON column's dict or list is
    copied, so the recorded change cannot share it with the (frozen) object."""
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    row = {name: getattr(obj, name) for name in names}
    for name, value in row.items():
        if isinstance(value, _CONTAINERS):
            row[name] = copy.deepcopy(value)
    return row


class Store:
    """An open project store (one SQLite file or any SQLAlchemy URL)."""

    def __init__(self, target: str | Path, *, read_only: bool = False, create: bool = False,
                 passphrase: Passphrase = None):
        """``passphrase``: a string or a function asked only when the file is encrypted
        (on ``create``: the new file is encrypted with it). Never stored or logged."""
        self.url = engines.project_url(target)
        try:
            self.path = engines.sqlite_path(self.url)
        except ArgumentError:
            raise ProjectFileError(f"{target}: not a project file or a database URL "
                                   "(e.g. projects/NAME.stc)") from None
        #: the project as messages name it: the file, or the URL without its password
        self.where: Path | str = self.path or engines.safe_url(self.url)
        self.read_only = read_only
        self.encrypted = False
        #: this process's hold on the file (open_files.py), released by close()
        self._release: Callable[[], None] = lambda: None
        key = None
        if self.path is not None:
            held = _check_file(self.path, create=create)
            try:
                self.encrypted = (passphrase is not None) if held is None else not held.plain
                if self.encrypted:
                    key = _passphrase_text(self.path, passphrase)
                if held is None:
                    if not self.path.exists():
                        # Owner-only before SQLite creates it: its -wal/-shm take its mode.
                        create_private_file(self.path)
                    held = open_files.hold(self.path, plain=not self.encrypted)
            except BaseException:
                if held is not None:
                    held.release()
                raise
            self._release = weakref.finalize(self, held.release)
        try:
            self._open_engine(read_only, key, create)
        except BaseException:
            self._release()
            raise

    def _open_engine(self, read_only: bool, key: str | None, create: bool) -> None:
        try:
            self.engine = engines.make_engine(self.url, read_only=read_only, key=key)
        except (ImportError, NoSuchModuleError, ArgumentError) as exc:
            if self.encrypted:
                raise ProjectFileError(f"{self.path}: is encrypted, and this stc-bench cannot "
                                       "decrypt: install its encryption support with pip "
                                       "install 'stc-bench[encrypt]' (stc-bench doctor "
                                       "says whether it is there)") from None
            scheme = self.url.split("://", 1)[0]
            raise ProjectFileError(f"{engines.safe_url(self.url)}: cannot open a {scheme} "
                                   f"database here ({type(exc).__name__}: {exc}); install its "
                                   "driver (for PostgreSQL: pip install 'stc-bench[postgresql]'), "
                                   "or use a project file (projects/NAME.stc)") from None
        if self.encrypted and not create:
            self._check_key()
        self.migration: migrate.MigrationReport | None = None
        self._key = key  # the migration backup of an encrypted file is encrypted with it
        if create and self.path is None:
            self._check_empty_database()

    def _check_key(self) -> None:
        """Read the schema once: a wrong passphrase (or a file that is no project at all)
        decrypts to noise, which SQLCipher reports as 'file is not a database'."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DatabaseError as exc:
            self.engine.dispose()
            if "not a database" in str(exc.orig):
                raise WrongPassphrase(f"{self.path}: wrong passphrase (or not an stc-bench "
                                      "project)") from None
            raise _busy_or_file_error(self.path, exc) from None

    @property
    def backend(self) -> str:
        """The database behind the project: ``sqlite``, ``postgresql`` or another dialect."""
        return self.engine.dialect.name

    def describe(self) -> dict[str, str]:
        """Which database holds the project: backend, its version, and where (a file, or
        the URL without its password) — for ``status`` and ``doctor``."""
        with self.read() as tx:
            if self.backend == "postgresql":
                version = postgres.server_version(tx.conn)
            elif self.backend == "sqlite":
                version = str(tx.conn.exec_driver_sql("SELECT sqlite_version()").scalar_one())
            else:
                version = ""
        return {"backend": self.backend, "version": version,
                "where": str(self.path) if self.path else engines.safe_url(self.url)}

    def _check_empty_database(self) -> None:
        """``new`` on a server: the database is created when missing and must hold no
        tables — or only an stc-bench schema without a project yet (a ``new`` that stopped
        after migrating, or a database prepared from a migrated template)."""
        where = engines.safe_url(self.url)
        try:
            if postgres.is_postgresql(self.url):
                postgres.ensure_database(self.url)
            names = inspect(self.engine).get_table_names()
            if {"alembic_version", "project"} <= set(names):
                with self.read() as tx:
                    if tx.count(Project) == 0:
                        names = []
        except Exception as exc:  # noqa: BLE001 - the driver's own errors (psycopg, others)
            self.engine.dispose()
            raise ProjectFileError(f"{where}: cannot create the project there "
                                   f"({_first_line(exc)})") from None
        if names:
            self.engine.dispose()
            raise ProjectFileError(f"{where}: already exists and is not empty; choose another "
                                   "database name")

    def migrate(self) -> migrate.MigrationReport:
        """Create or upgrade the schema (backup first when an existing file is upgraded)."""
        try:
            self.migration = migrate.upgrade(self.engine, self.path, key=self._key)
        except OperationalError as exc:
            raise _busy_or_file_error(self.where, exc) from exc
        return self.migration

    def needs_migration(self) -> bool:
        if migrate.is_current(self.engine):
            return False
        current = migrate.current_revision(self.engine)
        migrate.check_known(current, self.where)
        return current != migrate.head_revision()

    def close(self) -> None:
        self.engine.dispose()
        self._release()

    def compact(self) -> bool:
        """Rebuild a SQLite file without its free pages and empty its WAL, so text that
        was replaced is not left in unused pages (after a purge). True when the WAL could
        be emptied (another process reading it keeps it until it closes)."""
        if self.path is None:
            return True
        raw = self.engine.raw_connection()
        try:
            cur = cast(Any, raw.driver_connection).cursor()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("VACUUM")
            busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            cur.close()
        finally:
            raw.close()
        return not busy

    @contextmanager
    def read(self) -> Iterator[ReadTx]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield ReadTx(conn)
        except OperationalError as exc:
            raise _busy_or_file_error(self.where, exc) from exc

    @contextmanager
    def write(self) -> Iterator[WriteTx]:
        """A write transaction holding the project's write lock until commit."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(**{engines.WRITE_OPTION: True})
                with conn.begin():
                    yield WriteTx(conn)
        except OperationalError as exc:
            raise _busy_or_file_error(self.where, exc) from exc
        except IntegrityError as exc:
            raise StcError(f"{self.where}: refused by the database: {exc.orig}") from exc


def _check_file(path: Path, *, create: bool) -> open_files.Held | None:
    """Refuse a project path that is missing (unless creating), a folder, not a regular
    file, unreadable, empty, or not SQLite — before SQLite opens (or creates) anything.
    The hold on an existing file says whether it is plain SQLite (``plain``) or may be
    SQLCipher-encrypted (random bytes from the first, in whole pages: no header to
    recognise it by); None when creating."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if create:
            return None
        raise ProjectFileError(f"{path}: no such project file (create one with: stc-bench "
                               "new)") from None
    except PermissionError:
        raise ProjectFileError(f"{path}: cannot be read (permission denied on it or a folder "
                               "above it)") from None
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if create:
        raise ProjectFileError(f"{path}: already exists; choose another name")
    if stat.S_ISDIR(info.st_mode):
        raise ProjectFileError(f"{path}: is a folder, not a project file (projects/NAME.stc)")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectFileError(f"{path}: is not a regular file (a device or a pipe?), not a "
                               "project")
    if info.st_size == 0:
        raise ProjectFileError(f"{path}: is an empty file, not a project; only stc-bench new "
                               "creates a project")
    try:
        held = open_files.hold(path)  # not open()/close() behind SQLite: see open_files.py
    except PermissionError:
        raise ProjectFileError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if not held.plain and info.st_size % 512:  # SQLCipher writes whole pages (4096 bytes)
        held.release()
        raise ProjectFileError(f"{path}: not an stc-bench project (not a SQLite file)")
    return held


def _passphrase_text(path: Path, passphrase: Passphrase) -> str:
    """The passphrase as text: asked for (a function) only now that it is needed."""
    if callable(passphrase):
        passphrase = passphrase()
    if passphrase is None:
        raise PassphraseNeeded(f"{path}: is encrypted (or not an stc-bench project): give its "
                               "passphrase at the prompt or in STC_BENCH_PASSPHRASE")
    if not passphrase:
        raise ProjectFileError(f"{path}: an empty passphrase cannot encrypt or open a project")
    return passphrase


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _busy_or_file_error(where: object, exc: DatabaseError) -> StcError:
    text = str(exc.orig)
    if "locked" in text or "busy" in text or (exc.orig is not None
                                              and postgres.is_lock_timeout(exc.orig)):
        return ProjectBusy(
            f"{where}: project is busy (another stc-bench process is writing to it); try again"
        )
    # a server's message can run over lines (libpq adds a hint): one line, parts kept
    return ProjectFileError(f"{where}: " + "; ".join(p.strip() for p in text.splitlines() if p.strip()))


class ReadTx:
    """Queries inside one transaction; results are frozen domain dataclasses."""

    def __init__(self, conn: Connection):
        self.conn = conn

    @staticmethod
    def table(cls: type[Entity]) -> Any:
        """The table behind a domain class. Its columns are in the dataclass's field order
        (checked at import below), so rows convert positionally: ``cls(*row)``."""
        return TABLES[cls.TABLE]

    def find(self, cls: type[T], id_: int | None) -> T | None:
        if id_ is None:
            return None
        table = self.table(cls)
        row = self.conn.execute(select(table).where(table.c.id == id_)).first()
        return cls(*row) if row else None

    def get(self, cls: type[T], id_: int | None) -> T:
        found = self.find(cls, id_)
        if found is None:
            raise NotFound(f"{cls.TABLE.replace('_', ' ')} {id_} does not exist in this project")
        return found

    def list(self, cls: type[T], order_by: str | tuple[str, ...] = "id", **where: Any) -> builtins.list[T]:
        table = self.table(cls)
        order = (order_by,) if isinstance(order_by, str) else order_by
        stmt = select(table).where(*(table.c[k] == v for k, v in where.items()))
        stmt = stmt.order_by(*(table.c[name] for name in order))
        return [cls(*row) for row in self.conn.execute(stmt)]

    def list_in(self, cls: type[T], column: str, values: builtins.list[Any]) -> builtins.list[T]:
        """The rows whose ``column`` is one of ``values``, by id: one query per
        :data:`IN_CHUNK` values, so a caller never counts bound parameters."""
        table = self.table(cls)
        values = list(dict.fromkeys(values))  # a row once, as one IN (…) gives it
        rows: builtins.list[Any] = []
        for i in range(0, len(values), IN_CHUNK):
            stmt = select(table).where(table.c[column].in_(values[i:i + IN_CHUNK]))
            rows += self.conn.execute(stmt.order_by(table.c.id))
        if len(values) > IN_CHUNK:
            rows.sort(key=lambda row: row.id)
        return [cls(*row) for row in rows]

    def count(self, cls: type, **where: Any) -> int:
        table = self.table(cls)
        stmt = select(func.count()).select_from(table)
        stmt = stmt.where(*(table.c[k] == v for k, v in where.items()))
        return int(self.conn.execute(stmt).scalar_one())

    def count_distinct(self, cls: type, column: str) -> int:
        table = self.table(cls)
        return int(self.conn.execute(select(func.count(table.c[column].distinct()))).scalar_one())

    def sum_of(self, cls: type, column: str) -> int:
        table = self.table(cls)
        return int(self.conn.execute(select(func.coalesce(func.sum(table.c[column]), 0))).scalar_one())

    def max_of(self, cls: type, column: str, **where: Any) -> int | None:
        table = self.table(cls)
        stmt = select(func.max(table.c[column])).where(*(table.c[k] == v for k, v in where.items()))
        return self.conn.execute(stmt).scalar_one()

    def values(self, cls: type, *columns: str, **where: Any) -> Iterator[tuple]:
        """Some columns of the matching rows, streamed in id order (no dataclass per row)."""
        table = self.table(cls)
        stmt = select(*(table.c[c] for c in columns)).where(
            *(table.c[k] == v for k, v in where.items())).order_by(table.c.id)
        for row in self.conn.execute(stmt.execution_options(yield_per=500)):
            yield tuple(row)

    def document_heads(self) -> builtins.list[tuple[int, str, int | None, int | None, int]]:
        """(id, title, informant id, stored word count, length of the text) of every
        transcript by id: the overview's list without a copy of every text."""
        doc = TABLES["document"]
        stmt = select(doc.c.id, doc.c.title, doc.c.informant_id, doc.c.word_count,
                      func.length(doc.c.text)).order_by(doc.c.id)
        return [tuple(r) for r in self.conn.execute(stmt)]

    def unit_spans(self, document_id: int) -> builtins.list[tuple[int, int, bool]]:
        """(start, end, coded into any code group) of a transcript's meaning units in the
        project's coding (not the coders' own units, as ``status`` counts): its coded share
        without a dataclass (and snippet) per unit or a set of every coded id."""
        unit, coding = TABLES["meaning_unit"], TABLES["coding"]
        coded = select(coding.c.unit_id).where(coding.c.unit_id == unit.c.id).exists()
        stmt = select(unit.c.start, unit.c.end, coded).where(
            unit.c.document_id == document_id, unit.c.id.not_in(_own_unit_ids()))
        return [(s, e, bool(c)) for s, e, c in self.conn.execute(stmt)]

    def coder_codings_per_group(self) -> dict[int, int]:
        """The coders' own units' codings per code group (``quick.OWN_UNIT_IDS_SQL``)."""
        rows = self.conn.execute(text(quick.CODER_CODINGS_PER_GROUP_SQL))
        return {int(group): int(n) for group, n in rows}

    def coding_gaps(self, own: dict[str, int] | None = None) -> dict[str, int]:
        """Meaning units missing a step, counted in SQL: ``uncoded`` (in no code group),
        ``unassigned`` (coded into a group that has subgroups, in no subgroup) and
        ``unvalidated`` (coded, not re-read in context)."""
        unit, coding, assignment, subgroup, validation = (TABLES[n] for n in (
            "meaning_unit", "coding", "assignment", "subgroup", "validation"))

        def scalar(stmt) -> int:
            return int(self.conn.execute(stmt).scalar_one())

        # Counted as differences of distinct counts, which SQLite reads off the unit_id
        # indexes alone; a NOT EXISTS / NOT IN per unit was most of status at 400k units.
        coded = scalar(select(func.count(coding.c.unit_id.distinct())))
        validated = scalar(select(func.count(validation.c.unit_id.distinct())).where(
            select(coding.c.id).where(coding.c.unit_id == validation.c.unit_id).exists()))
        # units coded into a group with subgroups EXCEPT units with an assignment: with
        # the ORDER BY, SQLite merges the two index walks in unit order (`+ 0` keeps it on
        # the (unit_id, code_group_id) index), instead of probing the assignments once
        # per coded unit (2.5× the time at 400k units)
        in_grouped = (select(coding.c.unit_id)
                      .where((coding.c.code_group_id + 0).in_(select(subgroup.c.code_group_id))))
        left = in_grouped.except_(select(assignment.c.unit_id)).order_by(literal_column("1"))\
            .subquery()
        unassigned = scalar(select(func.count()).select_from(left))
        return quick.without_coder_units(
            {"uncoded": scalar(select(func.count()).select_from(unit)) - coded,
             "unassigned": unassigned, "unvalidated": coded - validated},
            own if own is not None else self.coder_unit_counts())

    def coder_unit_counts(self) -> dict[str, int]:
        """The coders' own units of independent coding and their codings: not the
        project's coding (``quick.CODER_UNIT_COUNTS_SQL``, the same statement)."""
        row = self.conn.execute(text(quick.CODER_UNIT_COUNTS_SQL)).one()
        return dict(zip(quick.CODER_UNIT_KEYS, (int(v) for v in row), strict=True))

    def raw_rows(self, table_name: str) -> Iterator[dict[str, Any]]:
        """Every row of a table as stored (for audit verification)."""
        table: Any = TABLES[table_name]
        keys = [c.name for c in table.columns]
        cursor = self._driver_cursor()
        if cursor is None:
            for row in self.conn.execute(select(table).execution_options(yield_per=2000)):
                yield dict(zip(keys, row, strict=True))
            return
        # the driver's values, converted by each column type's own result processor
        # (JSON, booleans) exactly as a SQLAlchemy read converts them
        dialect = self.conn.dialect
        convert = [(i, p) for i, c in enumerate(table.columns)
                   if (p := c.type.dialect_impl(dialect).result_processor(dialect, None))]
        rows = cursor.execute("SELECT " + ", ".join(f'"{k}"' for k in keys)
                              + f' FROM "{table.name}"')
        for row in rows:
            if not convert:
                yield dict(zip(keys, row, strict=True))
                continue
            values = list(row)
            for i, process in convert:
                values[i] = process(values[i])
            yield dict(zip(keys, values, strict=True))

    # -- the trail ---------------------------------------------------------------

    def last_event(self) -> AuditEvent | None:
        row = self.conn.execute(select(EVENTS).order_by(EVENTS.c.seq.desc()).limit(1)).first()
        return AuditEvent(*row) if row else None

    def head(self) -> tuple[int, str] | None:
        """The last event's seq and hash only: its changes can be a bulk write's tens of
        thousands of rows, not worth decoding to learn where the chain ends."""
        row = self.conn.execute(select(EVENTS.c.seq, EVENTS.c.hash)
                                .order_by(EVENTS.c.seq.desc()).limit(1)).first()
        return (row[0], row[1]) if row else None

    def event(self, seq: int) -> AuditEvent:
        row = self.conn.execute(select(EVENTS).where(EVENTS.c.seq == seq)).first()
        if row is None:
            raise NotFound(f"audit event {seq} does not exist")
        return AuditEvent(*row)

    def events(self, since: int | None = None, actor: str | None = None) -> Iterator[AuditEvent]:
        stmt = select(EVENTS).order_by(EVENTS.c.seq)
        if since is not None:
            stmt = stmt.where(EVENTS.c.seq > since)
        if actor is not None:
            stmt = stmt.where(EVENTS.c.actor == actor)
        for row in self.conn.execute(stmt.execution_options(yield_per=2000)):
            yield AuditEvent(*row)

    def stored_events(self) -> Iterator[tuple]:
        """Every event in seq order as stored, the JSON columns as their text (not decoded):
        ``(seq, at_utc, actor, action, entity, entity_id, before, after, changes, message,
        prev_hash, hash)``. What ``audit verify`` hashes without decoding (an SQL NULL in a
        JSON column is read as JSON ``null``, as the decoding read does)."""
        cursor = self._driver_cursor()
        # NULL read as 'null' by the database: a Python check per row was a fifth of the
        # chain pass (every insert's ``before`` is NULL)
        if cursor is not None:  # SQLite: the driver's rows as they are, no per-row wrapping
            yield from cursor.execute(trail_check.STORED_EVENTS_SQL)  # the quick path's read
            return
        columns = [func.coalesce(sql_cast(c, Text), "null").label(c.name)
                   if c.name in _JSON_FIELDS else c for c in EVENTS.columns]
        yield from self.conn.execute(select(*columns).order_by(EVENTS.c.seq)
                                     .execution_options(yield_per=2000))

    def stored_changes(self, seqs) -> Iterator[tuple[int, str]]:
        """``(seq, changes as stored text)`` of the events ``seqs`` (ascending), in seq
        order, SQL NULL read as ``null`` as :meth:`stored_events` reads it: the full
        verification reads the events that touch one table at a time."""
        cursor = self._driver_cursor()
        for at in range(0, len(seqs), _SEQS_PER_READ):
            part = seqs[at:at + _SEQS_PER_READ]
            first, last = part[0], part[-1]
            dense = last - first + 1 == len(part)  # a run: one range scan, no parameter list
            if cursor is not None:
                where = "seq BETWEEN ? AND ?" if dense else \
                    f"seq IN ({', '.join('?' * len(part))})"
                rows = cursor.execute(f"SELECT seq, changes FROM audit_event WHERE {where} "
                                      "ORDER BY seq", (first, last) if dense else tuple(part))
            else:
                clause = EVENTS.c.seq.between(first, last) if dense else \
                    EVENTS.c.seq.in_(list(part))
                rows = self.conn.execute(select(EVENTS.c.seq, sql_cast(EVENTS.c.changes, Text))
                                         .where(clause).order_by(EVENTS.c.seq))
            for seq, changes in rows:
                yield seq, "null" if changes is None else changes

    def quick_verify(self, wanted) -> trail_check.QuickResult | None:
        """The chain and the tables against the last checkpoint (SQLite only; None
        elsewhere, or when not sure): :func:`trail_check.quick_verify`."""
        cursor = self._driver_cursor()
        return None if cursor is None else trail_check.quick_verify(cursor, wanted)

    def checkpoint_record(self) -> dict | None:
        """What a checkpoint of the tables as they are now records (SQLite only)."""
        cursor = self._driver_cursor()
        return None if cursor is None else trail_check.checkpoint_after(cursor)

    def _driver_cursor(self):
        """A cursor of the driver's own connection, inside this transaction (SQLite only;
        None elsewhere): reading a whole table through it skips SQLAlchemy's per-row work."""
        if self.conn.dialect.name != "sqlite":
            return None
        driver = self.conn.connection.driver_connection
        return driver.cursor() if driver is not None else None

    def event_heads(self, action: str | None = None) -> builtins.list[tuple[int, str, int | None]]:
        """(seq, action, entity_id) of every event: enough to rebuild the undo stacks;
        with ``action``, of that action's events only (verify looks for purges in this
        way instead of listing every event, twice, through SQLAlchemy's per-row work)."""
        stmt = select(EVENTS.c.seq, EVENTS.c.action, EVENTS.c.entity_id).order_by(EVENTS.c.seq)
        if action is not None:
            stmt = stmt.where(EVENTS.c.action == action)
        return [tuple(r) for r in self.conn.execute(stmt)]

    def head_seq(self) -> int:
        """The last event's seq (0: no events), from the primary key's index."""
        return int(self.conn.execute(select(func.coalesce(func.max(EVENTS.c.seq), 0))).scalar_one())

    def event_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(EVENTS)).scalar_one())

    # -- the search index (derived data) ---------------------------------------------

    def search_state(self) -> dict[int, tuple[str, str]]:
        """document id → (text sha256, indexer) the search rows were built from."""
        return search_index.state(self.conn)

    def search_candidates(self, terms, after=None, size=256) -> builtins.list[tuple[int, int, str]]:
        """A page of indexed turns that may match every :class:`search_index.SearchTerm`."""
        return search_index.candidate_page(self.conn, terms, after, size)


class WriteTx(ReadTx):
    """A write transaction that records every row change it makes."""

    def __init__(self, conn: Connection):
        super().__init__(conn)
        self.changes: builtins.list[builtins.list[Any]] = []

    def insert(self, cls: type[T], **values: Any) -> T:
        draft = _make(cls, id=values.pop("id", 0), **values)
        row = snapshot(draft)
        if not row["id"]:
            row.pop("id")
        result = self.conn.execute(insert(self.table(cls)).values(**row))
        if row.get("id"):
            self._ids_given(cls.TABLE, row["id"])
        else:
            row["id"] = _new_id(result)
        created = _make(cls, **row)
        self.changes.append([cls.TABLE, created.id, None, snapshot(created)])
        return created

    def insert_many(self, cls: type[T], rows: builtins.list[dict[str, Any]], *,
                    returning: bool = True) -> builtins.list[T]:
        """Insert many rows in one statement (ids allocated here, inside the write lock);
        the new rows as dataclasses, or ``[]`` when not ``returning``.

        On SQLite and PostgreSQL, for a table without JSON columns and rows that all give
        the same fields, each row becomes one tuple (id, the given fields, the defaults of
        the others), passed to the driver's ``executemany`` and recorded as it is in one
        :func:`audit.bulk_insert` change: no per-row snapshot, dict or SQLAlchemy
        parameter processing, which were most of a bulk write's time. Other rows take
        the general path (a dataclass and a snapshot per row)."""
        if not rows:
            return []
        first = self._first_id(cls, len(rows))
        names, defaults = _fields(cls)
        given = tuple(rows[0])
        marker = _PLACEHOLDER.get(self.conn.dialect.paramstyle)
        if (not given or marker is None or cls.TABLE in _JSON_TABLES or "id" in given
                or not set(given) <= set(names) or any(n not in defaults for n in names[1:]
                                                       if n not in given)
                or set(map(len, rows)) != {len(given)}):
            return self._insert_rows(cls, first, rows)
        rest = tuple(n for n in names[1:] if n not in given)
        columns = ("id", *given, *rest)
        pick, fill = itemgetter(*given), tuple(defaults[n] for n in rest)
        try:  # every row has as many fields as the first, so a KeyError is another set
            if len(given) == 1:
                tuples = [(first + i, pick(values), *fill) for i, values in enumerate(rows)]
            else:
                tuples = [(first + i, *pick(values), *fill) for i, values in enumerate(rows)]
        except KeyError:
            return self._insert_rows(cls, first, rows)
        quoted = ", ".join(f'"{c}"' for c in columns)
        self.conn.exec_driver_sql(f'INSERT INTO "{cls.TABLE}" ({quoted}) '
                                  f'VALUES ({", ".join([marker] * len(columns))})', tuples)
        self.changes.append(_compact_insert(cls.TABLE, columns, tuples, first, len(given)))
        if not returning:
            return []
        in_field_order = itemgetter(*(columns.index(n) for n in names))
        return [cls(*in_field_order(t)) for t in tuples]

    def insert_shared(self, cls: type[T], shared: dict[str, Any], columns: tuple[str, ...],
                      rows: builtins.list[tuple], *, returning: bool = True) -> builtins.list[T]:
        """Insert rows that share the values in ``shared`` and differ in ``columns`` (one
        tuple per row; ids allocated here). On SQLite, for a table without JSON columns,
        the driver's ``executemany`` gets the tuples and the event records them as they
        are, in :func:`audit.bulk_insert`'s compact form: no dict per row, and the shared
        values once. Elsewhere :meth:`insert_many`."""
        if not rows:
            return []
        names, defaults = _fields(cls)
        rest = [n for n in names[1:] if n not in shared and n not in columns]
        if self.conn.dialect.name != "sqlite" or cls.TABLE in _JSON_TABLES \
                or any(n not in defaults for n in rest):
            return self.insert_many(cls, [{**shared, **dict(zip(columns, row, strict=True))}
                                          for row in rows], returning=returning)
        first = (self.max_of(cls, "id") or 0) + 1
        common = {**shared, **{n: defaults[n] for n in rest}}
        tail = tuple(common.values())
        order = ("id", *columns, *common)
        tuples = [(first + i, *row, *tail) for i, row in enumerate(rows)]
        quoted = ", ".join(f'"{c}"' for c in order)
        self.conn.exec_driver_sql(f'INSERT INTO "{cls.TABLE}" ({quoted}) '
                                  f'VALUES ({", ".join("?" * len(order))})', tuples)
        self.changes.append(audit.bulk_insert(cls.TABLE, columns, rows, first_id=first,
                                              shared=common))
        if not returning:
            return []
        in_field_order = itemgetter(*(order.index(n) for n in names))
        return [cls(*in_field_order(t)) for t in tuples]

    def _first_id(self, cls: type[Entity], count: int) -> int:
        """The first of ``count`` new ids for ``cls``'s table, allocated inside the write
        lock (on PostgreSQL taken from its sequence, which is moved past them)."""
        floor = (self.max_of(cls, "id") or 0) + 1
        if self.conn.dialect.name == "postgresql":
            return postgres.take_ids(self.conn, cls.TABLE, count, floor)
        return floor

    def _ids_given(self, table: str, largest: int) -> None:
        """A row was inserted with an id of stc-bench's choosing: a sequence must not hand
        that id out again."""
        if self.conn.dialect.name == "postgresql":
            postgres.bump_sequence(self.conn, table, largest)

    def _insert_rows(self, cls: type[T], first: int,
                     rows: builtins.list[dict[str, Any]]) -> builtins.list[T]:
        """The general bulk path: a dataclass and a recorded snapshot per row."""
        created = [_make(cls, **{**values, "id": first + i}) for i, values in enumerate(rows)]
        snaps = [snapshot(c) for c in created]
        self.conn.execute(insert(self.table(cls)), snaps)
        self.changes.extend([cls.TABLE, s["id"], None, s] for s in snaps)
        return created

    def update(self, obj: T, **values: Any) -> T:
        old = snapshot(obj)
        changed = {k: v for k, v in values.items() if old[k] != v}
        if not changed:
            return obj
        table = self.table(type(obj))
        self.conn.execute(update(table).where(table.c.id == obj.id).values(**changed))
        self.changes.append([obj.TABLE, obj.id, {k: old[k] for k in changed}, changed])
        return dataclasses.replace(cast(Any, obj), **changed)

    def delete(self, obj: Any) -> None:
        table = self.table(type(obj))
        self.conn.execute(delete(table).where(table.c.id == obj.id))
        self.changes.append([obj.TABLE, obj.id, snapshot(obj), None])

    def update_untracked(self, obj: T, **values: Any) -> T:
        """Change a row of an untracked (derived) table without recording it."""
        if obj.TABLE not in UNTRACKED_TABLES:
            raise ValueError(f"{obj.TABLE} is tracked: use update()")
        table = self.table(type(obj))
        self.conn.execute(update(table).where(table.c.id == obj.id).values(**values))
        return dataclasses.replace(cast(Any, obj), **values)

    def insert_untracked(self, cls: type[T], **values: Any) -> T:
        """Insert a row into an untracked (derived) table without recording it."""
        if cls.TABLE not in UNTRACKED_TABLES:
            raise ValueError(f"{cls.TABLE} is tracked: use insert()")
        result = self.conn.execute(insert(self.table(cls)).values(**values))
        return _make(cls, id=_new_id(result), **values)

    def delete_untracked(self, obj: Any) -> None:
        """Delete a row of an untracked (derived) table without recording it."""
        if obj.TABLE not in UNTRACKED_TABLES:
            raise ValueError(f"{obj.TABLE} is tracked: use delete()")
        table = self.table(type(obj))
        self.conn.execute(delete(table).where(table.c.id == obj.id))

    def replace_suggestions(self, document_id: int, spans: builtins.list[tuple[int, int]],
                            source: str) -> int:
        """Replace a document's open suggestions, untracked (derived data, not decisions).

        Accepted and dismissed suggestions stay, so re-running does not bring back what
        the researcher already dealt with; spans equal to one of those are skipped.
        """
        table = self.table(Suggestion)
        self.conn.execute(delete(table).where(table.c.document_id == document_id,
                                              table.c.status == "open"))
        kept = {(s.start, s.end) for s in self.list(Suggestion, document_id=document_id)}
        rows = [(document_id, a, b, "open", source) for a, b in spans if (a, b) not in kept]
        if rows and self.conn.dialect.name == "sqlite":
            # tuples straight to the driver's executemany: a long interview has thousands of
            # suggestions, and SQLAlchemy's parameter processing per row was half their cost
            self.conn.exec_driver_sql(f'INSERT INTO "{table.name}" ("document_id", "start", "end", '
                                      '"status", "source") VALUES (?, ?, ?, ?, ?)', rows)
        elif rows:
            keys = ("document_id", "start", "end", "status", "source")
            self.conn.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in rows])
        return len(rows)

    def replace_search_rows(self, document_id: int, text_sha256: str, indexer: str,
                            rows: builtins.list[search_index.IndexRow]) -> None:
        """Replace a document's search-index rows (untracked derived data)."""
        search_index.replace_rows(self.conn, document_id, text_sha256, indexer, rows)

    def drop_search_rows(self, document_id: int) -> None:
        search_index.drop_document(self.conn, document_id)

    def restore(self, table_name: str, id_: int, expect: dict | None, target: dict | None) -> None:
        """Move one row from state ``expect`` to state ``target`` (undo/redo).

        Refuses with :class:`TrailConflict` when the row is not as the trail says it is.
        """
        cls = ENTITIES[table_name]
        current = self.find(cls, id_)
        if expect is None:
            if current is not None:
                raise TrailConflict(f"{table_name} {id_} exists but the trail says it should not")
            if target is not None:
                self.insert(cls, **target)
            return
        if current is None:
            raise TrailConflict(f"{table_name} {id_} is missing but the trail says it exists")
        now = snapshot(current)
        if any(now.get(k) != v for k, v in expect.items()):
            raise TrailConflict(f"{table_name} {id_} was changed outside the trail")
        if target is None:
            self.delete(current)
        else:
            self.update(current, **target)

    def purge_rewrite_row(self, table_name: str, id_: int, values: dict[str, Any]) -> None:
        """Rewrite a tracked row without recording it: only a purge does this, after
        rewriting every event that wrote those values (the trail then still replays to
        the rows, and the purge event vouches for the rewritten events)."""
        table = TABLES[table_name]
        self.conn.execute(update(table).where(table.c.id == id_).values(**values))

    def rechain_event(self, seq: int, fields: dict[str, Any], prev_hash: str) -> str:
        """Store event ``seq`` with ``fields`` (its hashed fields, texts as a purge left
        them) linked to ``prev_hash``, hashed anew (a purge only: ``domain/purge.py``);
        its new hash."""
        texts = {k: audit.canonical_json(fields[k]) for k in _JSON_FIELDS}
        new_hash = audit.stored_event_hash(
            prev_hash, seq, fields["at_utc"], fields["actor"], fields["action"],
            fields["entity"], fields["entity_id"], texts["before"], texts["after"],
            texts["changes"], fields["message"])
        self.conn.execute(update(EVENTS).where(EVENTS.c.seq == seq).values(
            message=fields["message"], prev_hash=prev_hash, hash=new_hash,
            **{k: stored_json(self.conn, v) for k, v in texts.items()}))
        return new_hash

    def append_event(self, fields: dict[str, Any]) -> AuditEvent:
        """Append one event after the current last one, hashing it into the chain."""
        last = self.head()
        fields = dict(fields, seq=(last[0] + 1) if last else 1)
        prev_hash = last[1] if last else audit.GENESIS
        fields["prev_hash"] = prev_hash
        # The JSON columns are encoded once, canonically: the same text is hashed and
        # stored, so verify can hash the stored text without decoding it.
        texts = {k: audit.canonical_json(fields[k]) for k in _JSON_FIELDS}
        fields["hash"] = audit.stored_event_hash(
            prev_hash, fields["seq"], fields["at_utc"], fields["actor"], fields["action"],
            fields["entity"], fields["entity_id"], texts["before"], texts["after"],
            texts["changes"], fields["message"])
        self.conn.execute(insert(EVENTS).values(
            {**fields, **{k: stored_json(self.conn, v) for k, v in texts.items()}}))
        return AuditEvent(**fields)


_JSON_FIELDS = ("before", "after", "changes")
#: Events read per statement by ``stored_changes`` (under SQLite's 999 parameters).
_SEQS_PER_READ = 500


def _compact_insert(table: str, columns: tuple[str, ...], tuples: builtins.list[tuple], first: int,
                    given: int) -> list:
    """The recorded change of a bulk insert of ``tuples`` (``id``, the ``given`` fields,
    then defaults; ids from ``first``): the values every row shares once, the others as
    lists (:func:`audit.bulk_insert`'s compact form; the event is what a bulk write
    spends its time encoding, hashing and writing)."""
    shared, varying = {}, []
    for at in range(1, len(columns)):
        column = [t[at] for t in tuples] if at <= given else None
        value = tuples[0][at]
        if column is None or (column.count(value) == len(column)
                              and len(set(map(type, column))) == 1):
            shared[columns[at]] = value
        else:
            varying.append(at)
    rows: builtins.list[Any]
    if not varying:
        rows = [[] for _ in tuples]
    else:
        pick = itemgetter(*varying)
        rows = [pick(t) for t in tuples] if len(varying) > 1 else [[pick(t)] for t in tuples]
    return audit.bulk_insert(table, tuple(columns[at] for at in varying), rows,
                             first_id=first, shared=shared)
def _make(cls: type[T], **values: Any) -> T:
    """A domain dataclass from its fields (the protocol T is bound to has no constructor)."""
    return cast(Any, cls)(**values)


def _new_id(result: Any) -> int:
    """The id the database gave the row an insert just added."""
    return int(result.inserted_primary_key[0])


#: The driver's own placeholder, for the bulk path's executemany (sqlite3: qmark,
#: psycopg: pyformat); a driver not listed takes the general path.
_PLACEHOLDER = {"qmark": "?", "pyformat": "%s", "format": "%s"}


def stored_json(conn: Connection, text: Any) -> Any:
    """JSON already encoded (a string, or a bound parameter that will be one), stored as
    exactly this text: SQLite keeps the string; a PostgreSQL ``json`` column keeps its
    input text too, once cast from text."""
    if conn.dialect.name == "postgresql":
        return sql_cast(type_coerce(text, Text), JSON)
    return type_coerce(text, Text)


def _own_unit_ids():
    """The coders' own units (``quick.OWN_UNIT_IDS_SQL``, the one statement of the rule) as
    a subquery SQLAlchemy can put in ``NOT IN``."""
    return text(quick.OWN_UNIT_IDS_SQL).columns(column("id"))
