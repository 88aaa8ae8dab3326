"""Plain records for what ``gilint check`` handles before it knows whether the result cache
answers (options, results, located diagnostics): a cached run must not import ``dataclasses``,
which imports inspect, ast, dis and tokenize (about as long as importing ``regex``)."""
from __future__ import annotations


class Fresh:
    """A default made anew for each record (``Fresh(list)``), as dataclasses' default_factory."""
    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class Record:
    """A record of the fields a subclass lists in ``FIELDS`` (name → default; ``...``: none),
    in order: made from positional or keyword arguments, compared and shown by its fields,
    plain attributes (``vars()`` lists them), picklable."""
    __slots__ = ()
    FIELDS: dict = {}

    def __init__(self, *args, **kwargs):
        fields = self.FIELDS
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes at most {len(fields)} arguments")
        given = dict(zip(fields, args))
        for name, value in kwargs.items():
            if name not in fields or name in given:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated argument {name!r}")
            given[name] = value
        for name, default in fields.items():
            if name in given:
                value = given[name]
            elif default is ...:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
            else:
                value = default.make() if type(default) is Fresh else default
            setattr(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None   # mutable, as a dataclass without frozen=True

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.FIELDS) + ")"
