"""The ``gilint`` logger, made when something is first logged.

gilint logs only failures (a rule that raised, a format reader that would not load), and
``logging`` with what it imports (traceback, linecache, tokenize, threading, weakref…) costs a
one-file ``gilint check`` about a tenth of its time: it is imported when a failure is logged.
A front-end that collects the records (the CLI's one-line messages) says so with
``when_logging(setup)``: ``setup(logger)`` runs then, or at once if ``logging`` is in use.
"""
from __future__ import annotations

import sys

NAME = "gilint"
_setups: list = []


def logger():
    """The ``gilint`` logger, with every setup asked for so far applied."""
    import logging  # start-up: only when something is logged (see above)
    log = logging.getLogger(NAME)
    while _setups:
        _setups.pop(0)(log)
    return log


def when_logging(setup) -> None:
    """Run ``setup(logger)`` before the first record is logged (now if logging is imported)."""
    _setups.append(setup)
    if "logging" in sys.modules:
        logger()
