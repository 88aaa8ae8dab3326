"""Plain records: classes of named fields, compared and shown by them, as dataclasses are —
without ``dataclasses``, which imports inspect, ast, dis and tokenize and writes each class's
methods with ``exec`` (together a sixth of a one-file ``gilint check``; a cached run must not
import it at all).

A record lists its fields in ``FIELDS`` (name → default; ``...``: none; ``Fresh(list)``: a new
one each time). Hot classes (the report model, findings) write their own ``__init__`` (as fast
as a dataclass's); the others use the generic one. ``replace`` and ``fields`` stand for
dataclasses' functions of those names."""
from __future__ import annotations


class Fresh:
    """A default made anew for each record (``Fresh(list)``), as dataclasses' default_factory."""
    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class Record:
    """A record of the fields a subclass lists in ``FIELDS`` (name → default; ``...``: none),
    in order: made from positional or keyword arguments, compared and shown by its fields
    (but those in ``HIDDEN``: dataclasses' ``compare=False, repr=False``), plain attributes
    (``vars()`` lists them), picklable."""
    __slots__ = ()
    FIELDS: dict = {}
    HIDDEN: tuple = ()
    _COMPARED: tuple = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._COMPARED = tuple(n for n in cls.FIELDS if n not in cls.HIDDEN)

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
            object.__setattr__(self, name, value)   # (a frozen record refuses setattr)

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self._COMPARED])

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None   # mutable, as a dataclass without frozen=True

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self._COMPARED) + ")"


class FrozenRecord(Record):
    """A record whose fields are not reassigned once made, hashed by them (a frozen
    dataclass). Values a class computes once and keeps may still go in its ``__dict__``."""
    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self):
        return hash(self._values())


def fields(record) -> tuple:
    """The names of a record's (or record class's) fields, in order."""
    return tuple(record.FIELDS)


def replace(record, **changes):
    """A new record of the same class with ``changes`` (dataclasses.replace)."""
    values = {name: getattr(record, name) for name in record.FIELDS}
    values.update(changes)
    return type(record)(**values)
