"""open: the four-step workbench (TUI) on a project; --review opens it read-only."""

from __future__ import annotations

from .common import add_project_arg


def register(sub) -> None:
    p = sub.add_parser("open", help="open a project in the four-step workbench (TUI)")
    add_project_arg(p)
    p.add_argument("--review", action="store_true",
                   help="read-only, for a supervisor's review: nothing can be changed")
    p.set_defaults(run=cmd_open)


def cmd_open(args) -> int:
    from ..config import should_ask_identity
    from ..tui.app import make_app  # local: keep other commands' start-up free of Textual

    app = make_app(args.project, actor=args.actor, read_only=args.review,
                   ask_identity=should_ask_identity(args.actor), defer_open=True)
    app.run()
    if app.open_error is not None:  # opened after the first frame, and that failed
        raise app.open_error
    return app.return_code or 0
