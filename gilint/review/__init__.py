"""The reviewer's loop: Word comments (``annotate``), the HTML review page (``html_page``), what
gilint read (``show``), and places Word shows for findings in a .docx (``places``).

Front-end modules: they use the engine's API (``gilint.engine.Analyzer``, the Report model,
findings, ``gilint.fixes``/``gilint.docxfix``) and nothing in the engine imports them.
"""
