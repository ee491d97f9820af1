"""Exports: the results chapter, discussion skeleton, codebook, matrix and audit appendix.

``snapshot`` reads the analysis once through the Workbench read API; ``chapter`` and
``tables`` build pure models from it (the TUI can preview them); ``docx_writer`` and
``text_writer`` render them; ``files`` writes safely; ``api`` ties it together.
"""
