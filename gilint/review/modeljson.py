"""The report model (``gilint.model``) to JSON and back: ``decode(encode(report)) == report``.

Every object carries its class (``"type": "Cell"``), since a Cell and a Span hold the same
fields. Fields the model does not compare (the text's lines, the cache keys, the heading
matches and the template object) are left out: ``gilint show --format json`` gives those in
readable form beside the model."""
from __future__ import annotations

from gilint import model

TYPES = {c.__name__: c for c in (model.Span, model.Cell, model.Heading, model.TableRow,
                                   model.SubTable, model.Table, model.Section, model.Report)}


def encode(obj):
    if type(obj).__name__ in TYPES and type(obj) is TYPES[type(obj).__name__]:
        out = {"type": type(obj).__name__}
        for name in obj.FIELDS:      # the model's records (gilint.record): compared fields only
            if name not in obj.HIDDEN:
                out[name] = encode(getattr(obj, name))
        return out
    if isinstance(obj, (list, tuple)):
        return [encode(x) for x in obj]
    return obj


def decode(data):
    if isinstance(data, dict) and data.get("type") in TYPES:
        cls = TYPES[data["type"]]
        names = set(cls.FIELDS)
        return cls(**{k: decode(v) for k, v in data.items() if k in names})
    if isinstance(data, list):
        return [decode(x) for x in data]
    return data


__all__ = ["decode", "encode"]
