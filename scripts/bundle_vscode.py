"""Fills vscode-extension/bundled/ with the gilint the extension runs when no environment has it.

    python scripts/bundle_vscode.py [--wheel dist/gilint-X-py3-none-any.whl] [--target linux-x64 | --no-platform]

bundled/libs: gilint (from the wheel; built from this checkout when not given) and its
pure-Python dependencies (vscode-extension/requirements-bundled.txt), one copy for every
platform, as Microsoft's Python tools extension template does (`pip install -t bundled/libs
--implementation py --no-deps`). bundled/platform/cpXY: the compiled dependencies
(requirements-platform.txt: regex) for one vsce target and every supported CPython, which is why
each target gets its own .vsix. --no-platform leaves them out (the universal .vsix: on a
platform with no .vsix of its own the extension uses the environment's gilint, or says how to
install it). Needs pip and PyPI (or a mirror).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "vscode-extension"
BUNDLED = EXT / "bundled"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
# vsce --target → pip --platform tags (pip widens manylinux and macOS tags to older ones).
TARGETS = {
    "linux-x64": ["manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "linux-arm64": ["manylinux_2_17_aarch64", "manylinux2014_aarch64"],
    "darwin-x64": ["macosx_11_0_x86_64"],
    "darwin-arm64": ["macosx_11_0_arm64"],
    "win32-x64": ["win_amd64"],
    "win32-arm64": ["win_arm64"],
}


def pip(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile",
           "--no-deps", "--only-binary=:all:", *args]
    return subprocess.run(cmd, capture_output=True, text=True)


def build_wheel(out: Path) -> Path:
    """A wheel of this checkout, built from a copy (building in place leaves build/ behind)."""
    src = out / "src"
    for name in ("gilint", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                        "-w", str(out), str(src)], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"bundle_vscode: building the gilint wheel failed:\n{r.stderr}")
    return next(out.glob("gilint-*.whl"))


def bundle_libs(wheel: Path) -> None:
    libs = BUNDLED / "libs"
    shutil.rmtree(libs, ignore_errors=True)
    r = pip("--target", str(libs), "--implementation", "py", "--python-version", PYTHONS[0],
            "--platform", "any", "-r", str(EXT / "requirements-bundled.txt"), str(wheel))
    if r.returncode:
        sys.exit(f"bundle_vscode: installing into {libs} failed:\n{r.stderr}")
    shutil.rmtree(libs / "bin", ignore_errors=True)


def bundle_platform(target: str | None) -> list[str]:
    """Installs the compiled dependencies for `target`; returns the CPython versions left out."""
    plat = BUNDLED / "platform"
    shutil.rmtree(plat, ignore_errors=True)
    if target is None:
        return []
    tags = [a for t in TARGETS[target] for a in ("--platform", t)]
    missing = []
    for version in PYTHONS:
        dest = plat / f"cp{version.replace('.', '')}"
        r = pip("--target", str(dest), "--implementation", "cp", "--python-version", version, *tags,
                "-r", str(EXT / "requirements-platform.txt"))
        if r.returncode:
            shutil.rmtree(dest, ignore_errors=True)
            missing.append(version)
        else:
            shutil.rmtree(dest / "bin", ignore_errors=True)
    if len(missing) == len(PYTHONS):
        sys.exit(f"bundle_vscode: no compiled dependencies found for {target} (is PyPI reachable?)")
    return missing


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--wheel", type=Path, help="gilint wheel to bundle (default: build one from this checkout)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--target", choices=sorted(TARGETS), help="vsce target whose compiled dependencies to bundle")
    g.add_argument("--no-platform", action="store_true", help="no compiled dependencies (universal .vsix)")
    p.add_argument("--platform-only", action="store_true", help="keep bundled/libs, redo bundled/platform only")
    args = p.parse_args(argv)
    if not args.platform_only or not (BUNDLED / "libs" / "gilint").is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            wheel = args.wheel.resolve() if args.wheel else build_wheel(Path(tmp))
            bundle_libs(wheel)
    missing = bundle_platform(None if args.no_platform else args.target)
    what = "no compiled dependencies" if args.no_platform else f"compiled dependencies for {args.target}"
    print(f"bundle_vscode: bundled/libs and {what}"
          + (f" (none published for CPython {', '.join(missing)})" if missing else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
