"""settings: show or change a project's settings (in the coding trail like any change)."""

from __future__ import annotations

import json

from .common import add_project_arg, open_project, print_json

#: The settings stc-bench reads, with what they do (shown by `stc-bench settings PROJECT`).
KNOWN = {
    "speaker_patterns": 'speaker-label regexes: {"interviewer": [...], "speakers": [...]}',
    "import_max_mb": "largest transcript file import accepts, in MB (default 50)",
    "segment_min_words": "sentences shorter than this join a neighbour (default 3)",
    "segment_max_words": ("a turn up to this many words is one suggestion; longer turns split "
                          "where the text turns to a new point (default 90)"),
    "segment_interviewer_turns": "also suggest units in interviewer turns (default false)",
    "label_style": "quote labels in exports: pseudonym, role or none (default pseudonym)",
    "number_from": "results chapter number in exports, e.g. 6 gives 6.0, 6.1 … (default 1)",
    "discussion_number": "discussion chapter number (default number_from + 1)",
    "golden_quote": "golden quote in exports: none, first (opens its subsection) or note "
                    "(in the codebook; default)",
    "quote_max_words": "exports warn about quotes longer than this (default 80)",
    "chapter_title": "results chapter heading (default Resultater / Results)",
    "chapter_intro": "the chapter's introduction paragraph(s)",
    "categories_lead_in": "the sentence before the list of categories",
    "discussion_title": "discussion chapter heading",
    "discussion_intro": "the discussion chapter's introduction",
}


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
            print(f"{args.key}: not set; the default applies ({KNOWN.get(args.key, 'unknown setting')})")
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
    for key in sorted(set(KNOWN) | set(settings)):
        value = json.dumps(settings[key], ensure_ascii=False) if key in settings else "(default)"
        print(f"{key:<26} {value:<20} {KNOWN.get(key, '')}")
    return 0
