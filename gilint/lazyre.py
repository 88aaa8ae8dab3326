"""Regular expressions compiled on first use.

A module's patterns written ``NAME = lazy(regex, r"…")`` cost nothing when it is imported, and
those a run never uses are never compiled: compiling is most of what importing the reader and
the rules costs, and a one-file ``gilint check`` uses fewer than half of them. A ``re`` or
``regex`` pattern is then rebuilt from the store of compiled patterns (gilint.storedre) when
an earlier run compiled it. After the first use the pattern's own methods are bound on the
object, so a search costs what it costs on the compiled pattern (no extra call).
"""
from __future__ import annotations

# What a compiled pattern offers (``re`` and ``regex`` alike), bound once compiled.
_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
          "pattern", "flags", "groups", "groupindex", "scanner")


class LazyPattern:
    """Stands for ``lib.compile(source, flags)``, compiled when an attribute is first read."""

    def __init__(self, lib, source: str, flags: int = 0):
        self._how = (lib, source, flags)

    def compiled(self):
        """The compiled pattern (for APIs that need the pattern object itself: ``m.re is …``)."""
        d = self.__dict__
        return d["_compiled"] if "_compiled" in d else self.__getattr__("_compiled")

    def __getattr__(self, name: str):
        # Reached only for what is not yet in the instance: the first use.
        if name.startswith("__"):
            raise AttributeError(name)
        lib, source, flags = self.__dict__["_how"]
        # rebuilt from the store of compiled patterns if it has it (gilint.storedre)
        from gilint import storedre  # start-up: (imported with the first pattern used)
        if lib.__name__ == "regex":
            compiled = storedre.compile(source, flags)
        elif lib.__name__ == "re":
            compiled = storedre.compile_re(source, flags)
        else:
            compiled = lib.compile(source, flags)
        self.__dict__["_compiled"] = compiled
        for attr in _ATTRS:
            if hasattr(compiled, attr):
                self.__dict__[attr] = getattr(compiled, attr)
        return getattr(self, name) if name in self.__dict__ else getattr(compiled, name)

    def __repr__(self) -> str:
        lib, source, flags = self._how
        return f"lazy({lib.__name__}, {source!r}, {flags!r})"


def lazy(lib, source: str, flags: int = 0) -> LazyPattern:
    """``lib.compile(source, flags)`` (``lib`` the ``re`` or ``regex`` module), compiled on first use."""
    return LazyPattern(lib, source, flags)
