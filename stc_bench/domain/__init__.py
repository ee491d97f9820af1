"""Pure STC model and rules: dataclasses, offsets, the audit hash. No I/O."""
