"""``gilint audit``: checks across the reports of a corpus (a province's, a city's).

The audit reads every report with the engine (``gilint.engine.Analyzer``: the same findings
``gilint check`` gives, and the same ``Report`` model), identifies each report's body and year
(``identify``), stores what it read in an SQLite database (``db``), groups the reports of one
body into a series (``series``), runs the cross-document rules GI6xx (``crossrules``) over the
database, and writes findings.json / findings.csv and a static dashboard (``dashboard``).
``run`` ties these together; the CLI only parses arguments (docs/audit.md).
"""
