"""Layout invariance (issue 12): a report model built from the national templates, every
catalogue defect injectable with the findings it must cause, and renderers that write the same
report in the layouts reports really come in (Word cell-per-line, tabs, pipes, pdftotext, HTML,
crawled one-line text …). ``tests/test_layout_invariance.py`` and ``bench/layout_matrix.py``
lint every layout and compare the findings, as (code, section, row), with the model's own.
"""
