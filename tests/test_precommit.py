"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit.

A temporary git repository of drafts uses this checkout as a hook repository, exactly as
``pre-commit try-repo`` does (a snapshot of the checkout with its uncommitted changes to
tracked files, committed in a clone, named by ``repo``/``rev`` in a generated config). Unlike
try-repo, which builds the hook's environment afresh in a private store on every call, the
config here keeps one store (PRE_COMMIT_HOME in tmp), so the environment is built once (pip
needs PyPI for gilint's dependencies) and reused by every run below.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS
from test_fix import SEEDS

CHECKOUT = TESTS.parent
pytestmark = [
    pytest.mark.skipif(not (CHECKOUT / ".git").exists(), reason="not a git checkout"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
]


def git(*args, cwd, env=None):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def snapshot(dest: Path) -> str:
    """Clone the checkout and commit its uncommitted changes to tracked files there (what
    try-repo does for a dirty repository); returns the commit."""
    git("clone", "-q", "--no-hardlinks", str(CHECKOUT), str(dest), cwd=dest.parent)
    diff = git("diff", "HEAD", "--binary", cwd=CHECKOUT).stdout
    if diff.strip():
        subprocess.run(["git", "apply", "--whitespace=nowarn", "-"], cwd=dest, input=diff,
                       check=True, capture_output=True)
        git("add", "-u", cwd=dest)
        git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m",
            "snapshot", cwd=dest)
    return git("rev-parse", "HEAD", cwd=dest).stdout.decode().strip()


README = "# 年报草稿\n\n本仓库存放年报草稿。\n"


def seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


def test_hooks_check_and_fix(tmp_path):
    hook_repo = tmp_path / "gilint"
    rev = snapshot(hook_repo)
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev   # pinned by commit hash, as the README says
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    git("init", "-q", cwd=drafts)
    git("config", "user.name", "Clerk", cwd=drafts)
    git("config", "user.email", "clerk@example.invalid", cwd=drafts)
    shutil.copy(seed("003"), drafts / "柳泉镇2021.md")          # GI202 error, GI104 warnings
    shutil.copy(seed("000"), drafts / "洄水镇2020.txt")         # only GI501, safely fixable
    (drafts / "README.md").write_text(README, encoding="utf-8")   # GI002 if it were checked
    (drafts / ".pre-commit-config.yaml").write_text(
        f"repos:\n-   repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "    -   id: gilint-check\n    -   id: gilint-fix\n", encoding="utf-8")
    git("add", ".", cwd=drafts)
    git("commit", "-q", "-m", "drafts", cwd=drafts)

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)

    def pre_commit(*args):
        r = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=drafts, env=env,
                           capture_output=True, text=True, timeout=900)
        return r.returncode, r.stdout + r.stderr

    # the check, on every file of the repository, fails with gilint's messages for the reports
    # and says nothing of the README (the hooks' `exclude`: not a report, no GI002)
    code, out = pre_commit("run", "gilint-check", "--all-files")
    assert code == 1, out
    assert "gilint check" in out and "Failed" in out
    assert "柳泉镇2021.md:42:3: GI202 [error] 行标签应为“2.其他法律行政法规禁止公开”" in out
    assert "洄水镇2020.txt:4:" in out and "GI501 [warning]" in out
    assert "README" not in out and "GI002" not in out, out
    # a commit touching only the README runs no gilint hook at all
    code, out = pre_commit("run", "gilint-check", "--files", "README.md")
    assert code == 0 and "(no files to check)Skipped" in out, out

    # gilint-fix rewrites the fixable draft (pre-commit fails a hook that modifies files)…
    before = (drafts / "洄水镇2020.txt").read_bytes()
    code, out = pre_commit("run", "gilint-fix", "--files", "洄水镇2020.txt", "README.md")
    assert code == 1 and "files were modified by this hook" in out, out
    after = (drafts / "洄水镇2020.txt").read_bytes()
    assert after != before
    assert after.count("根据上级关于推进政务公开的工作部署".encode()) == \
        before.count("根据上级关于推进政务公开的工作部署".encode()) - 1
    # …and the second run passes, as does the check; the README was never touched
    code, out = pre_commit("run", "gilint-fix", "--files", "洄水镇2020.txt", "README.md")
    assert code == 0 and "Passed" in out, out
    code, out = pre_commit("run", "gilint-check", "--files", "洄水镇2020.txt", "README.md")
    assert code == 0 and "Passed" in out, out
    assert (drafts / "README.md").read_text(encoding="utf-8") == README

    # installed as a git hook: a commit of the defective draft is refused
    code, out = pre_commit("install")
    assert code == 0, out
    with open(drafts / "柳泉镇2021.md", "a", encoding="utf-8") as f:
        f.write("\n补充。\n")
    git("add", "柳泉镇2021.md", cwd=drafts)
    r = subprocess.run(["git", "commit", "-m", "edit"], cwd=drafts, env=env,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode != 0 and "GI202" in r.stdout + r.stderr
