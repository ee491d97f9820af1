"""What each export format can write: light constants, so the CLI can build its parser
without importing the writers (python-docx, lxml)."""

DOCX_PARTS = ("chapter", "discussion", "codebook", "matrix", "audit")
MD_PARTS = DOCX_PARTS
CSV_PARTS = ("units", "codebook", "matrix", "audit")
HTML_PARTS = ("chapter", "discussion")
