"""Runs the gilint bundled with the VS Code extension: ``python run_gilint.py lsp`` (or any
other gilint command line), as Microsoft's Python tools extension template runs its server.

bundled/libs holds gilint and its pure-Python dependencies (one copy for every platform);
bundled/platform/cpXY holds the compiled ones (regex) for this .vsix's platform and CPython X.Y.
Both are put first on sys.path, so a different gilint or regex in the interpreter's own
site-packages is never mixed in.

``--probe`` prints, as one JSON line, what the extension needs to know before starting the
server (Python version, whether gilint, its language server and regex import, and from where);
``--probe-environment`` does the same without the bundled folders (gilint from the interpreter's
own environment). Kept importable by old Pythons, so that a Python 3.8 gets a clear answer.
"""
import json
import os
import sys

MIN_PYTHON = (3, 10)
BUNDLED = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBS = os.path.join(BUNDLED, "libs")
PLATFORM_LIBS = os.path.join(BUNDLED, "platform", "cp%d%d" % sys.version_info[:2])


def use_bundled():
    sys.path[0:0] = [p for p in (LIBS, PLATFORM_LIBS) if os.path.isdir(p)]


def probe():
    r = {"python": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3],
         "versionOk": sys.version_info[:2] >= MIN_PYTHON}
    for name in ("gilint", "regex", "pygls"):
        try:
            module = __import__(name)
            r[name] = str(getattr(module, "__version__", "") or "unknown")
            r[name + "Location"] = os.path.dirname(os.path.abspath(module.__file__))
        except Exception as e:  # what is missing, for the extension's message
            r[name + "Error"] = "%s: %s" % (type(e).__name__, e)
    try:
        import importlib.util
        r["lsp"] = "gilint" in r and importlib.util.find_spec("gilint.lsp") is not None
    except Exception as e:
        r["lsp"] = False
        r["lspError"] = "%s: %s" % (type(e).__name__, e)
    r["platformLibs"] = os.path.isdir(PLATFORM_LIBS)
    return r


def main(argv):
    if argv[:1] == ["--probe-environment"]:
        print(json.dumps(probe()))
        return 0
    use_bundled()
    if argv[:1] == ["--probe"]:
        print(json.dumps(probe()))
        return 0
    if sys.version_info[:2] < MIN_PYTHON:
        sys.stderr.write("gilint needs Python %d.%d or newer; this is %s (%s)\n"
                         % (MIN_PYTHON + (sys.version.split()[0], sys.executable)))
        return 2
    from gilint.cli import main as gilint_main
    return gilint_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
