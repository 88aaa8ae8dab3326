"""Which files ``gilint check PATHS…`` looks at.

A path named on the command line is checked whatever its extension; a directory is searched
recursively for reports — ``*.txt``, ``*.md`` and the document formats (``*.docx``, ``*.html``,
``*.htm``, ``*.pdf``) — skipping hidden files and folders, Word's ``~$`` lock files and the
usual tool folders. ``-`` stands for standard input. The result is sorted and free of duplicates, so the
output order never depends on the file system.
"""
from __future__ import annotations

import os
import stat
from gilint.i18n import gettext as _
from gilint.record import Fresh, Record

REPORT_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm", ".pdf")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
STDIN = "-"


class Discovery(Record):
    FIELDS = {"files": Fresh(list),      # display paths, sorted; may hold "-"
              "errors": Fresh(list)}     # one-line messages, already formatted


def is_report_name(name: str) -> bool:
    return name.lower().endswith(REPORT_SUFFIXES) and not name.startswith((".", "~$"))


def not_regular(st: os.stat_result) -> str | None:
    """What kind of special file ``st`` is (None for a regular file): gilint never opens a
    FIFO, socket or device, which could block forever or never end."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    kind = (_("a FIFO (named pipe)") if stat.S_ISFIFO(mode) else _("a socket") if stat.S_ISSOCK(mode)
            else _("a character device") if stat.S_ISCHR(mode) else _("a block device")
            if stat.S_ISBLK(mode) else _("not a regular file"))
    return _("not a regular file: {kind}; gilint checks regular files only").format(kind=kind)


def _special(path: str) -> str | None:
    try:
        return not_regular(os.stat(path))
    except OSError:
        return None      # reported when it is read


def _walk(root: str) -> list[str]:
    found = []

    def onerror(exc: OSError) -> None:
        raise exc

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        found.extend(os.path.join(dirpath, f) for f in filenames if is_report_name(f))
    return found


def discover(paths: list[str]) -> Discovery:
    """Expand command-line paths into the files to check. FIFOs, sockets and devices, named
    or met in a folder, are errors (one line each), never opened."""
    out = Discovery()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == STDIN else os.path.normcase(os.path.abspath(path))
        if key in seen:
            return
        seen.add(key)
        why = None if path == STDIN else _special(path)
        if why:
            out.errors.append(_("{path}: error: {message}").format(path=path, message=why))
        else:
            out.files.append(path)

    for path in paths:
        if path == STDIN:
            add(STDIN)
        elif os.path.isdir(path):
            try:
                found = _walk(path)
            except OSError as exc:
                out.errors.append(_("{path}: error: cannot read directory: {reason}").format(
                    path=path, reason=exc.strerror or exc))
                continue
            if not found:
                out.errors.append(_("{path}: error: no report files (.txt, .md, .docx, .html, .pdf) found "
                                   "under {path}").format(path=path))
            for f in found:
                add(f)
        elif os.path.exists(path):
            add(path)
        else:
            out.errors.append(_("{path}: error: no such file or directory").format(path=path))
    out.files.sort(key=_sort_key)
    return out


def _sort_key(path: str):
    # Standard input first, then paths in a stable, case-sensitive order by components.
    return (path != STDIN, path.replace(os.sep, "/").split("/"))
