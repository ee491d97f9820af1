"""The ``stc-bench`` command.

Exit codes: 0 success; 2 a user error (one line ``stc-bench: error: …`` on stderr);
3 ``audit verify`` found the trail broken; 1 a bug (set ``STC_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .domain.errors import StcError, one_line

#: Sub-command modules in ``stc_bench.commands``, in the order ``--help`` lists them.
COMMAND_MODULES = ("core", "audit", "demo", "open", "importing", "survey", "segment", "search", "export",
                   "settings", "informants", "speakers", "coders", "guide", "refi", "pseudonymise", "purge",
                   "encryption", "copy", "doctor")


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors on one line, exit 2."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.exit(2, f"stc-bench: error: {one_line(message)} (see: {self.prog} --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every sub-command; with ``command``, of that one only when its module
    is named after it and registers it (``segment``, ``open``, ``search`` …): importing the
    other eighteen modules cost ~0.05 s of CPU in every run, a quarter of what
    ``stc-bench segment`` may spend beside spaCy's parse (bench/README.md)."""
    module = (command or "").replace("-", "_")
    if module in COMMAND_MODULES:
        parser, registered = _parser((module,))
        if command in registered:
            return parser
    return _parser(COMMAND_MODULES)[0]


def command_named(argv: list[str]) -> str | None:
    """The sub-command ``argv`` runs, when nothing but ``--as NAME`` comes before it (any
    other option first, e.g. ``-h``, needs the whole parser)."""
    k = 0
    while k < len(argv) and argv[k].startswith("--as"):
        k += 2 if argv[k] == "--as" else 1
    return argv[k] if k < len(argv) and not argv[k].startswith("-") else None


def _parser(modules: tuple[str, ...]) -> tuple[argparse.ArgumentParser, dict]:
    """The parser with the sub-commands of ``modules``, and those sub-commands by name."""
    parser = OneLineParser(prog="stc-bench", description=(
        "A workbench for Malterud's systematic text condensation (STC)."))
    parser.add_argument("--as", dest="actor", default=None, metavar="NAME",
                        help="who is acting (default: 'actor' in the config file, else login name)")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name in modules:
        try:
            module = importlib.import_module(f"stc_bench.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"stc_bench.commands.{name}":
                continue  # a feature not built yet
            raise
        module.register(sub)
    return parser, sub.choices


def _version() -> str:
    from . import __version__

    return f"stc-bench {__version__}"


def utf8_streams(*streams) -> None:
    """Make ``streams`` write UTF-8, unknown characters replaced, unless they already do.

    Windows writes redirected output in the ANSI code page (cp1252): "→", "✓" or a
    Norwegian quote mark in the trail would otherwise crash the command half-way."""
    for stream in streams:
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # closed, or already read from: leave it
                pass


def main(argv: list[str] | None = None) -> int:
    utf8_streams(sys.stdout, sys.stderr)
    parser = build_parser(command_named(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except StcError as exc:
        print(f"stc-bench: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stc-bench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a raw traceback
        if os.environ.get("STC_DEBUG"):
            raise
        print(f"stc-bench: internal error: {type(exc).__name__}: {one_line(str(exc))} "
              "(a bug; run with STC_DEBUG=1 for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
