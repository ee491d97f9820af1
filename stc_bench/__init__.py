"""stc-bench: a workbench for Malterud's systematic text condensation."""

__version__ = "0.1.0"
