"""settings: show or change a project's settings (in the coding trail like any change)."""

from __future__ import annotations

import json

from ..domain.settings import SPECS, spec_for
from .common import add_project_arg, open_project, print_json


def register(sub) -> None:
    p = sub.add_parser("settings", help="show or change project settings",
                       description="Without KEY: list settings. With KEY: show it. With KEY VALUE: "
                                   "set it (VALUE is read as JSON when it parses, else as text).")
    add_project_arg(p)
    p.add_argument("key", nargs="?", help="setting name, e.g. label_style")
    p.add_argument("value", nargs="?", help='new value, e.g. role, 6, true, \'{"a": 1}\'')
    p.add_argument("--unset", metavar="KEY", help="remove KEY so its default applies")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_settings)


def _default(spec) -> str:
    return "none" if spec.default is None else json.dumps(spec.default, ensure_ascii=False)


def parse_value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def cmd_settings(args) -> int:
    from ..domain.errors import StcError

    if args.unset:
        if args.key is not None:
            raise StcError("settings: give either --unset KEY or KEY [VALUE], not both")
        args.key = args.unset
    write = bool(args.unset) or args.value is not None
    with open_project(args, read_only=not write) as wb:
        if args.unset:
            wb.set_setting(args.key, None)
        elif args.value is not None:
            wb.set_setting(args.key, parse_value(args.value))
        settings = wb.project().settings
    if args.key is not None and not write:
        if args.key not in settings:
            spec = spec_for(args.key)
            print(f"{args.key}: not set; the default applies ({_default(spec)}: {spec.help})")
            return 0
        shown = settings[args.key]
        print_json(shown) if args.json else print(json.dumps(shown, ensure_ascii=False))
        return 0
    if write:
        state = "removed" if args.unset else json.dumps(settings[args.key], ensure_ascii=False)
        print(f"{args.key}: {state}")
        return 0
    if args.json:
        print_json(settings)
        return 0
    print(f"{'setting':<26} {'value':<20} {'type':<22} help (default)")
    for key in sorted(set(SPECS) | set(settings)):
        value = json.dumps(settings[key], ensure_ascii=False) if key in settings else "(default)"
        known = SPECS.get(key)
        about = f"{known.help} (default: {_default(known)})" if known else "not used by stc-bench"
        kind = known.type_name if known else "?"
        print(f"{key:<26} {value:<20} {kind:<22} {about}")
    return 0
