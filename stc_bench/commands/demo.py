"""demo: create projects/demo.stc (a worked example) if missing, then open it."""

from __future__ import annotations

from ..paths import projects_dir
from .core import print_status


def register(sub) -> None:
    p = sub.add_parser("demo", help="create projects/demo.stc if missing and open it")
    p.add_argument("--create-only", action="store_true", help="create it, do not open the TUI")
    p.set_defaults(run=cmd_demo)


def cmd_demo(args) -> int:
    from ..demo import build_demo  # local: start-up stays free of SQLAlchemy
    from ..services import Workbench

    path = projects_dir() / "demo.stc"
    if path.exists():
        wb = Workbench.open(path, actor=args.actor)
        print(f"opened {path}")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = build_demo(path, actor=args.actor or "demo")
        print(f"created {path}")
    with wb:
        if args.create_only:
            print_status(wb.status())
    if not args.create_only:
        from ..tui.app import make_app  # local: --create-only stays free of Textual

        app = make_app(path, actor=args.actor)
        app.run()
        return app.return_code or 0
    return 0
