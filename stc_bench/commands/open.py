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
    import os

    from ..config import should_ask_identity
    from ..domain.errors import PassphraseNeeded, StcError
    from ..tui.app import app_for, ask_passphrase, make_app  # local: start-up free of Textual
    from .common import PASSPHRASE_ENV

    ask = should_ask_identity(args.actor)
    try:
        # a plain file at the newest schema opens after the first frame (defer_open)
        app = make_app(args.project, actor=args.actor, read_only=args.review, ask_identity=ask,
                       defer_open=True, passphrase=os.environ.get(PASSPHRASE_ENV) or None)
    except PassphraseNeeded:  # encrypted: a masked field asks, before the workbench opens
        wb = ask_passphrase(args.project, actor=args.actor, read_only=args.review)
        if wb is None:
            raise StcError(f"{args.project}: no passphrase given; the project was not opened") from None
        app = app_for(wb, ask_identity=ask)
    app.run()
    if app.open_error is not None:  # opened after the first frame, and that failed
        raise app.open_error
    return app.return_code or 0
