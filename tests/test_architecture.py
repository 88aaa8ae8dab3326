"""The package's imports point one way: no import cycle inside gilint/ (counting every import,
function-local ones too), the layers contract of pyproject.toml holds (import-linter), and a
function-local import is kept only with a reason on its line (start-up time)."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "gilint"


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        mods[name.removesuffix(".__init__")] = path
    return mods


def _resolve(name: str, mods) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name: str, path: Path):
    """(target module, node) for every gilint import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            if t.split(".")[0] == "gilint":
                yield t, node


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    edges = {m: set() for m in mods}
    for m, path in mods.items():
        for target, _ in _imports(m, path):
            r = _resolve(target, mods)
            if r and r != m:
                edges[m].add(r)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1; stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1; stack.append(w); on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_gilint():
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def _function_local_imports():
    for m, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield m, node.lineno, lines[node.lineno - 1]


def test_function_local_imports_say_why():
    """An import inside a function (gilint's, the standard library's or a dependency's) is
    allowed only for start-up time or an optional dependency, the reason said on its line."""
    def reason(line: str) -> str:
        why = line.partition("#")[2].strip()
        return "" if why.startswith(("noqa", "type:")) else why
    bare = [f"{m}:{n}: {line.strip()}" for m, n, line in _function_local_imports() if not reason(line)]
    assert not bare, "function-local imports without a reason:\n" + "\n".join(bare)


def test_layers_contract_holds():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is part of the test extra (pip install -e '.[test]')"
    run = subprocess.run([exe, str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout, run.stdout


def _private_names(folder: Path) -> set[str]:
    """Every ``_name`` (not dunder) a package defines: methods, attributes, module names."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    return {n for n in names if n.startswith("_") and not n.endswith("__")}


def test_the_server_uses_pygls_privates_only_in_its_adapter():
    """gilint/lsp/ reaches pygls' private names (``_send_data``, ``protocol._workspace`` …)
    only in gilint/lsp/pygls_adapter.py, which says why for each."""
    import pygls   # the test extra has it: never a silent skip
    theirs = _private_names(Path(pygls.__file__).parent)
    assert {"_send_data", "_workspace", "_send_response"} <= theirs   # the check can fail
    used = []
    for path in sorted((PKG / "lsp").glob("*.py")):
        if path.name == "pygls_adapter.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            attr = getattr(node, "attr", None) if isinstance(node, ast.Attribute) else None
            name = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else attr
            if name in theirs:
                used.append(f"{path.name}:{node.lineno}: {name}")
    assert not used, "pygls private names outside gilint/lsp/pygls_adapter.py:\n" + "\n".join(used)


def test_fixes_are_applied_only_by_the_engines_loop():
    """The fix loop is gilint.fixes.fix_loop (with a text or .docx writer): no other module
    chooses or applies fix edits itself; front-ends call the loop (or its one-pass helpers)."""
    own = {"apply_fixes", "apply_edits", "select_non_overlapping", "MAX_PASSES"}
    found = []
    for m, path in _modules().items():
        if m == "gilint.fixes":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name in own:
                found.append(f"{m}:{node.lineno}: {name}")
    assert not found, "fix edits applied outside gilint.fixes:\n" + "\n".join(found)
