"""doctor: versions, the spaCy pipeline and name detector in use, and where things are."""

from __future__ import annotations

import sys

from ..config import config_path
from .common import print_json

PACKAGES = ("textual", "spacy", "SQLAlchemy", "alembic", "python-docx", "charset-normalizer",
            "odfpy", "striprtf", "webvtt-py", "spacy-lookups-data", "Faker", "sqlcipher3",
            "psycopg")


def register(sub) -> None:
    p = sub.add_parser("doctor", help="versions, the spaCy pipeline in use, paths; with a "
                       "project: the database it is stored in")
    p.add_argument("project", nargs="?", default=None,
                   help="a project file or database URL: say which backend and version holds it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_doctor)


def gather() -> dict:
    # platform and importlib.metadata here, not at the top: every command's parser is
    # built from this module
    import platform
    from importlib import metadata

    from .. import __version__
    from ..paths import exports_dir, projects_dir

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        from ..nlp import describe_pipeline

        pipeline = describe_pipeline()
    except ImportError:
        pipeline = {"name": "not available", "detail": "stc_bench.nlp is not built yet"}
    from ..nlp import describe_detector

    names = describe_detector()  # cheap: says which model, does not load it
    from ..services.encryption import encryption_available

    cipher = encryption_available()
    return {
        "stc_bench": __version__,
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "packages": versions,
        "pipeline": pipeline,
        "name_detector": names,
        "encryption": {"available": cipher is not None, "sqlcipher": cipher,
                       "detail": (f"SQLCipher {cipher} (sqlcipher3): new --encrypt, encrypt, "
                                  "decrypt" if cipher else "not installed: pip install "
                                  "'stc-bench[encrypt]' for new --encrypt, encrypt, decrypt")},
        "paths": {"projects": str(projects_dir()), "exports": str(exports_dir()),
                  "config": str(config_path())},
    }


def store_of(target: str) -> dict:
    """The backend, version and place of a project (opened read-only: nothing migrates)."""
    from ..services import Workbench

    with Workbench.open(target, read_only=True) as wb:
        return wb.store.describe()


def cmd_doctor(args) -> int:
    info = gather()
    if args.project:
        info["store"] = store_of(args.project)
    if args.json:
        print_json(info)
        return 0
    print(f"stc-bench {info['stc_bench']} on {info['python']}")
    for name, version in info["packages"].items():
        print(f"  {name:<20} {version}")
    pipe = info["pipeline"]
    print(f"spaCy pipeline: {pipe.get('name')} — {pipe.get('detail', '')}")
    names = info["name_detector"]
    print(f"name detector:  {names['name']} — {names['detail']}")
    print(f"encryption:     {'available' if info['encryption']['available'] else 'not available'}"
          f" — {info['encryption']['detail']}")
    for key, value in info["paths"].items():
        print(f"{key:<9} {value}")
    if "store" in info:
        from .core import describe_store

        print(f"project  {describe_store(info['store'])}")
    return 0
