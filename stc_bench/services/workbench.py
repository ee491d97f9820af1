"""The Workbench facade: the public API used by the CLI, the TUI, tests and scripts.

Example::

    from stc_bench.services import Workbench

    with Workbench.create("projects/jobbstotte.stc", title="Jobbstøtte", actor="kari") as wb:
        theme = wb.add_theme("Relasjonen til jobbspesialisten")
        group = wb.promote_theme(theme.id, to="code_group")
        print(wb.status()["themes"])

Every method that changes anything runs in one transaction that also appends one
audit event; nothing else in stc-bench writes to a project.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import default_actor  # noqa: F401 - services.default_actor, as before
from ..domain import audit
from ..domain.errors import NothingToUndo, ProjectFileError
from ..domain.model import Person, Project
from ..storage.repository import Passphrase, Store
from .base import utc_now
from .checklist import ChecklistOps
from .coders import CoderOps
from .documents import DocumentOps
from .exchange import ExchangeOps
from .lookups import LookupOps
from .memos import MemoOps
from .people import PeopleOps
from .purge import PurgeOps
from .reading import ReadingOps
from .review import ReviewOps
from .revisions import RevisionOps
from .search import SearchOps
from .speakers import SpeakerOps
from .structure import StructureOps
from .suggestions import SuggestionOps
from .texts import TextOps
from .units import UnitOps


class Workbench(StructureOps, UnitOps, TextOps, PeopleOps, DocumentOps, RevisionOps,
                SuggestionOps, SearchOps, SpeakerOps, ReviewOps, ChecklistOps, MemoOps,
                ExchangeOps, LookupOps, PurgeOps, CoderOps, ReadingOps):
    """An open stc-bench project."""

    def __init__(self, store: Store, *, actor: str | None = None, read_only: bool = False,
                 review: bool = False):
        self.store = store
        self.actor = actor or default_actor()
        self.read_only = read_only or review
        self.review = review  # the analysis is read-only; comments and review marks are not

    # -- lifecycle -----------------------------------------------------------------

    @classmethod
    def create(cls, target: str | Path, *, title: str, question: str = "", language: str = "nb",
               actor: str | None = None, settings: dict[str, Any] | None = None,
               passphrase: str | None = None) -> Workbench:
        """Create a new project file (or schema at a URL) with its first event; with a
        ``passphrase`` the file is encrypted (SQLCipher; the ``encrypt`` extra).

        Refuses to overwrite an existing file.
        """
        if not title.strip():
            raise ProjectFileError(f"{target}: a project needs a title (--title)")
        path = Path(target) if "://" not in str(target) else None
        if path is not None and not path.parent.exists():
            raise ProjectFileError(f"{path}: folder {path.parent} does not exist")
        if passphrase is not None and "://" in str(target):
            raise ProjectFileError(f"{target}: only a project file can be encrypted")
        store = Store(target, create=True, passphrase=passphrase)
        store.migrate()
        wb = cls(store, actor=actor)
        try:
            with wb._op("project.create", "project", 1,
                        f"Created project {title!r}") as op:
                op.tx.insert(Project, id=1, title=title.strip(), research_question=question,
                             language=language, created_at=utc_now(), settings=settings or {})
                op.tx.insert(Person, name=wb.actor, role="student")
        except Exception:
            store.close()
            raise
        return wb

    @classmethod
    def open(cls, target: str | Path, *, actor: str | None = None,
             read_only: bool = False, review: bool = False, passphrase: Passphrase = None
             ) -> Workbench:
        """Open an existing project; an older schema is migrated (backup written first).

        With ``read_only=True`` (exports, reports) nothing can be changed and no migration
        runs; an out-of-date file must first be opened normally. With ``review=True`` (a
        supervisor's review) the analysis cannot be changed either, but the reviewer's own
        comments, replies, resolutions and review marks are written, each in the trail.
        An encrypted file needs ``passphrase`` (text, or a function called only then).
        """
        store = Store(target, read_only=read_only, passphrase=passphrase)
        try:
            if read_only or review:
                if store.needs_migration():
                    raise ProjectFileError(
                        f"{target}: written by an older stc-bench; open it once without "
                        "--review to upgrade it (a backup is kept)"
                    )
            else:
                store.migrate()
            with store.read() as tx:
                if tx.find(Project, 1) is None:
                    raise ProjectFileError(f"{target}: not an stc-bench project (no project record)")
        except Exception:
            store.close()
            raise
        return cls(store, actor=actor, read_only=read_only, review=review)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def migration(self):
        """The migration report of this open (backup path, revisions), if any ran."""
        return self.store.migration

    # -- undo / redo -----------------------------------------------------------------

    def undo(self) -> dict[str, Any]:
        """Undo the latest undoable operation by appending its inverse as a new event."""
        return self._undo_redo(audit.UNDO)

    def redo(self) -> dict[str, Any]:
        """Redo the latest undone operation by appending it again as a new event."""
        return self._undo_redo(audit.REDO)

    def can_undo(self) -> bool:
        with self._read() as tx:
            return bool(audit.undo_redo_stacks(tx.event_heads())[0])

    def can_redo(self) -> bool:
        with self._read() as tx:
            return bool(audit.undo_redo_stacks(tx.event_heads())[1])

    def _undo_redo(self, kind: str) -> dict[str, Any]:
        with self._op(kind, "audit_event") as op:
            undo_stack, redo_stack = audit.undo_redo_stacks(op.tx.event_heads())
            stack = undo_stack if kind == audit.UNDO else redo_stack
            if not stack:
                raise NothingToUndo(f"nothing to {kind}", kind=f"nothing_to_{kind}")
            target = op.tx.event(stack[-1])
            if kind == audit.UNDO:
                for table, id_, before, after in reversed(list(audit.row_changes(target.changes))):
                    op.tx.restore(table, id_, after, before)
            else:
                for table, id_, before, after in audit.row_changes(target.changes):
                    op.tx.restore(table, id_, before, after)
            op.entity_id = target.seq
            op.message = f"{kind} #{target.seq} {target.action}: {target.message}".rstrip(": ")
        return {"seq": target.seq, "action": target.action, "message": target.message}
