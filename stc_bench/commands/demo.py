"""demo: create projects/demo.stc (a worked example) if missing, then open it."""

from __future__ import annotations

from ..paths import projects_dir
from .common import passphrase_asker
from .core import print_status


def register(sub) -> None:
    p = sub.add_parser("demo", help="create projects/demo.stc if missing and open it")
    p.add_argument("--create-only", action="store_true", help="create it, do not open the TUI")
    p.add_argument("--encrypt", action="store_true",
                   help="create it encrypted (SQLCipher), as new --encrypt; the passphrase is "
                        "asked for, or read from STC_BENCH_PASSPHRASE")
    p.set_defaults(run=cmd_demo)


def cmd_demo(args) -> int:
    from ..demo import build_demo  # local: start-up stays free of SQLAlchemy
    from ..domain.errors import StcError
    from ..services import Workbench

    path = projects_dir() / "demo.stc"
    given: list[str] = []  # the passphrase once asked, so the TUI does not ask again

    def ask(new: bool = False) -> str:
        given.append(passphrase_asker(str(path), new=new)())
        return given[-1]

    if path.exists():
        wb = Workbench.open(path, actor=args.actor, passphrase=ask)  # asks only if encrypted
        if args.encrypt and not wb.store.encrypted:
            wb.close()
            raise StcError(f"{path}: exists and is not encrypted: encrypt it with stc-bench "
                           f"encrypt {path} (or delete it and run demo --encrypt again)")
        print(f"opened {path}")
    else:
        if args.encrypt:
            from ..services.encryption import require_encryption

            require_encryption(path)  # before asking for a passphrase it could not use
            ask(new=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = build_demo(path, actor=args.actor or "demo", passphrase=given[-1] if given else None)
        print(f"created {path}" + (", encrypted: keep the passphrase safe, without it the "
                                   "project cannot be opened" if given else ""))
    with wb:
        if args.create_only:
            print_status({**wb.status(), "encrypted": wb.store.encrypted})
    if not args.create_only:
        from ..tui.app import make_app  # local: --create-only stays free of Textual

        app = make_app(path, actor=args.actor, passphrase=given[-1] if given else None)
        app.run()
        return app.return_code or 0
    return 0
