"""Sub-commands of the ``stc-bench`` CLI, one module per feature.

Each module exposes ``register(subparsers)``, which adds its parser(s) with
``set_defaults(run=callable)``; the callable takes the parsed ``args`` and returns an exit
code. ``stc_bench.cli`` lists the modules in ``COMMAND_MODULES``.
"""
