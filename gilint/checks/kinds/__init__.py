"""The built-in check kinds that packs declare rules with, one file each (plugin kinds come
from the ``gilint.checks`` entry points, see :mod:`gilint.checks.declarative`). A new kind is
registered by its import and its place in BUILTIN_KINDS."""
from gilint.checks.kinds.deadline import Deadline
from gilint.checks.kinds.forbidden import Forbidden
from gilint.checks.kinds.range import Range
from gilint.checks.kinds.required import Required
from gilint.checks.kinds.substitution import Substitution

BUILTIN_KINDS: dict[str, type] = {k.name: k for k in (Forbidden, Substitution, Required, Range, Deadline)}
