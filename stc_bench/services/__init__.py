"""The service layer: the only write path. Start with :class:`Workbench`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .reading import VerifyReport
    from .workbench import Workbench, default_actor

__all__ = ["Workbench", "VerifyReport", "default_actor"]


def __getattr__(name: str) -> Any:
    # Imported on first use, not with the package: ``services.status`` runs ``status`` on
    # sqlite3 alone, and the Workbench pulls in SQLAlchemy (as long as Textual to import).
    if name == "VerifyReport":
        from .reading import VerifyReport

        return VerifyReport
    if name in ("Workbench", "default_actor"):
        from . import workbench

        return getattr(workbench, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
