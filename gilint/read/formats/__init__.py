"""Readers for the formats reports are published in: Word (.docx), HTML pages, PDF.

Each reader turns a document into the canonical text the engine reads best (paragraphs as
lines; each table row's cells as ``\\t<cell>`` lines with an empty line between rows: the
Word-export "cells" layout of ``gilint.read.cells``) plus a source map from text offsets back
to places in the document (``gilint.read.formats.base.Document``). Every rule then runs on that
text unchanged, and findings are reported at the document's own places (表3行5列1, 第2页, …).

Readers are pluggable like checks: a class decorated with ``@register`` in a module listed in
``BUILTIN`` (or announced by another package under the entry-point group ``gilint.formats``),
chosen by magic bytes first, then by file suffix. A new format is one new module.

This module imports only the standard library: ``read_document`` is called for every input,
and plain text must not pay for python-docx, lxml or pdfplumber (the readers import them when
they read).
"""
from __future__ import annotations

import importlib
import os

from gilint.i18n import N_, gettext as _
from gilint.log import logger
from gilint.read.decode import InputError

# Built-in reader modules, imported on first use (cheap: they import their libraries lazily).
BUILTIN = ("gilint.read.formats.docx", "gilint.read.formats.html", "gilint.read.formats.pdf")
ENTRY_POINT_GROUP = "gilint.formats"
# Suffixes that are always plain text, whatever their content looks like (a .txt of HTML source
# is checked as text); binary magic (zip, PDF) still wins.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
EXTRA = "pip install 'gilint[formats]'"

_READERS: list = []
_LOADED = False


class Reader:
    """A document format. Subclasses set ``name`` ("docx"), ``suffixes`` ((".docx",)),
    ``binary`` (magic bytes decide even for a .txt name) and implement ``sniff`` and ``read``."""

    name = ""
    suffixes: tuple[str, ...] = ()
    binary = True

    def sniff(self, data: bytes) -> bool:
        """Does the content (its first bytes) look like this format?"""
        return False

    def read(self, data: bytes, name: str):
        """``data`` → ``gilint.read.formats.base.Document``; raises ``InputError`` with a
        one-line message for a corrupted or unreadable document."""
        raise NotImplementedError


def register(cls):
    """Class decorator: make a Reader subclass available (later registrations win on ties)."""
    inst = cls()
    _READERS[:] = [r for r in _READERS if r.name != inst.name]
    _READERS.append(inst)
    return cls


def readers() -> list:
    _load()
    return list(_READERS)


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for mod in BUILTIN:
        importlib.import_module(mod)
    try:
        from importlib.metadata import entry_points  # start-up: importlib.metadata only to look for plugins
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                obj = ep.load()
                if isinstance(obj, type) and issubclass(obj, Reader):
                    register(obj)
            except Exception:  # noqa: BLE001 - a broken plugin must not stop text checking
                logger().exception(N_("format reader %s failed to load"), ep.name)
    except Exception:  # noqa: BLE001
        pass


_MAGIC = (b"PK\x03\x04", b"%PDF", b"<")


def reader_for(name: str, data: bytes):
    """The reader for a file (None: read it as plain text). Magic bytes first, then the suffix.
    Cheap for plain text: readers are loaded only when the content or the name is not text."""
    suffix = os.path.splitext(name)[1].lower() if name and name != "-" else ""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in TEXT_SUFFIXES and not data.startswith(_MAGIC[:2]):
        return None
    if not head.startswith(_MAGIC) and (not suffix or suffix in TEXT_SUFFIXES):
        return None
    rs = readers()
    for r in reversed(rs):
        if r.sniff(data) and (r.binary or suffix not in TEXT_SUFFIXES):
            return r
    for r in reversed(rs):
        if suffix and suffix in r.suffixes:
            return r
    return None


def read_document(name: str, data: bytes):
    """``Document`` for a .docx, .html or .pdf input, None for plain text (decode it instead).
    Raises ``gilint.read.decode.InputError`` (one line) for an unreadable document."""
    r = reader_for(name, data)
    if r is None:
        return None
    try:
        return r.read(data, name)
    except Exception:
        suffix = os.path.splitext(name)[1].lower() if name and name != "-" else ""
        if suffix in TEXT_SUFFIXES:   # e.g. random bytes in a .txt that start like a zip
            raise InputError(_("binary file, not a text document (export the report as .txt or "
                               ".md, or name it .docx/.html/.pdf)")) from None
        raise


__all__ = ["BUILTIN", "Reader", "read_document", "reader_for", "readers", "register"]
