"""What each export format can write: light constants, so the CLI can build its parser
without importing the writers (python-docx, lxml)."""

MD_PARTS = ("chapter", "discussion", "codebook", "matrix", "audit")
DOCX_PARTS = (*MD_PARTS, "agreement")  # agreement between coders: the methods chapter's table
CSV_PARTS = ("units", "codebook", "matrix", "audit", "agreement")
HTML_PARTS = ("chapter", "discussion")
