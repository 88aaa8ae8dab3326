"""``gilint audit PATHS… -o DIR``: read the corpus into the database, run GI6xx, write outputs.

Streaming: workers (``extract.read_one``) read and lint one file each and send back a small
record; the main process writes it to SQLite at once and keeps nothing but the paths. The
cross-document rules then work from the database. Exit status as ``gilint check``: 2 when a
file could not be read (it is listed, never dropped) or the manifest/configuration is broken,
else 1 when there are findings at or above ``--fail-level``, else 0.
"""
from __future__ import annotations

import csv
import json
import multiprocessing as mp
import os
import sys
from dataclasses import dataclass

from gilint import __version__
from gilint.i18n import current as current_language, gettext as _
from gilint.audit import db
from gilint.audit.identify import Manifest, ManifestError, load_manifest
from gilint.tomlload import ConfigError
from gilint.packs import config_for_path
from gilint.discover import discover
from gilint.audit.shingles import sentences
from gilint.audit.series import Corpus
from gilint.audit.dashboard import write_dashboard
from gilint.audit.crossrules import enabled
from gilint.audit import extract

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class AuditOptions:
    paths: list
    out_dir: str
    manifest: str | None = None
    config_file: str | None = None
    jobs: int = 2
    fail_level: str = "info"
    dashboard: bool = True
    quiet: bool = False
    progress: object = None     # the CLI's progress bar class: Progress(total, enabled)


def main(opts: AuditOptions) -> int:
    try:
        manifest = load_manifest(opts.manifest) if opts.manifest else None
        config = config_for_path(opts.paths[0] if opts.paths else None, config_file=opts.config_file)
    except (ManifestError, ConfigError) as exc:
        sys.stderr.write(_("gilint: error: {message}").format(message=" ".join(str(exc).split())) + "\n")
        return EXIT_ERROR
    found = discover(opts.paths or ["."])
    if "-" in found.files:   # a corpus is files: their paths identify the reports
        found.errors.append(_("-: error: gilint audit reads files and folders, not standard input"))
    for e in found.errors:
        sys.stderr.write(e + "\n")
    files = [f for f in found.files if f != "-"]
    if not files and not (manifest and manifest.rows):
        sys.stderr.write(_("gilint: error: no reports to audit") + "\n")
        return EXIT_ERROR
    os.makedirs(opts.out_dir, exist_ok=True)
    try:
        con = db.connect(os.path.join(opts.out_dir, "audit.sqlite"))
    except (db.SchemaMismatch, OSError, Exception) as exc:  # noqa: BLE001 - one line
        sys.stderr.write(_("gilint: error: {message}").format(message=" ".join(str(exc).split())) + "\n")
        return EXIT_ERROR
    with con:
        unreadable = _read_all(con, files, manifest, config, opts)
        db.forget_missing(con, set(files))
        db.rebuild_series(con)
        _cross(con, manifest, config)
    findings = db.all_findings(con)
    _write_exports(opts.out_dir, findings, unreadable)
    if opts.dashboard:
        write_dashboard(con, opts.out_dir, os.path.join(opts.out_dir, "audit.sqlite"),
                        opts.jobs or os.cpu_count() or 1)
    con.close()
    if not opts.quiet:
        n = sum(1 for f in findings if f["cross"])
        sys.stderr.write(_("audit done: {files} files, {unreadable} unreadable, {findings} findings "
                           "({cross} across reports); results in {out}").format(
            files=len(files), unreadable=len(unreadable), findings=len(findings), cross=n,
            out=opts.out_dir) + "\n")
    if unreadable or found.errors:
        return EXIT_ERROR
    rank = SEVERITY_RANK[opts.fail_level]
    return EXIT_FINDINGS if any(SEVERITY_RANK.get(f["severity"], 2) >= rank and not f["suppressed"]
                                for f in findings) else EXIT_OK


def _override(manifest: Manifest | None, path: str):
    row = manifest.for_path(path) if manifest else None
    return (row.body, row.year, row.level) if row else None


def _identity(rec: dict, manifest: Manifest | None, path: str) -> dict:
    row = manifest.for_path(path) if manifest else None
    ident = {"body": rec.get("body"), "year": rec.get("year"), "level": rec.get("level"),
             "parent": None, "source": "report"}
    if row is not None:
        for k in ("body", "year", "level", "parent"):
            if getattr(row, k):
                ident[k] = getattr(row, k)
        ident["source"] = "manifest"
    return ident


def _read_key(sha: str, override) -> str:
    return f"{sha}|{json.dumps(override, ensure_ascii=False)}|{__version__}"


def _read_all(con, files, manifest, config, opts) -> list[tuple[str, str]]:
    """Read every changed file into the database; returns the unreadable ones (path, error)."""
    known = db.known_keys(con)
    jobs = []
    for p in files:
        ov = _override(manifest, p)
        k = known.get(p)
        # the worker compares the content hash; the rest of the key is compared here
        sha = k.split("|", 1)[0] if k and k == _read_key(k.split("|", 1)[0], ov) else None
        jobs.append((p, sha, ov))
    stock = [s for p in config.params("GI603").get("stock_phrases", ()) for s in sentences(p)[:1]]
    # the workers' messages (an unreadable file's reason) in the language of this command
    settings = {"config_file": opts.config_file, "stock": stock, "lang": current_language()}
    progress = (opts.progress or _NoProgress)(len(jobs), sys.stderr.isatty() and not opts.quiet)
    unreadable = []
    pending = 0
    for rec in _records(jobs, settings, opts.jobs):
        path = rec["path"]
        if rec["status"] == "unchanged":
            db.set_identity(con, path, _identity(_stated(con, path), manifest, path))
        else:
            ov = _override(manifest, path)
            db.store(con, rec, _read_key(rec.get("sha", ""), ov), _identity(rec, manifest, path))
            if rec["status"] == "error":
                unreadable.append((path, rec["error"]))
                if not opts.quiet:
                    line = _("{path}: error: {message}").format(path=path, message=rec["error"])
                    sys.stderr.write(("\r\x1b[K" if progress.enabled else "") + line + "\n")
        pending += 1
        if pending >= 500:
            con.commit()
            pending = 0
        progress.step()
    progress.close()
    con.commit()
    return unreadable


class _NoProgress:
    enabled = False

    def __init__(self, total, enabled):
        pass

    def step(self):
        pass

    def close(self):
        pass


def _stated(con, path) -> dict:
    row = con.execute("SELECT stated_body, stated_year, stated_level FROM reports WHERE path=?",
                      (path,)).fetchone()
    return {"body": row[0], "year": row[1], "level": row[2]} if row else {}


def _records(jobs, settings, n_jobs: int):
    """Records in any order, streamed (bounded memory: imap with small chunks)."""
    n_jobs = n_jobs or os.cpu_count() or 1
    todo = list(jobs)
    if n_jobs <= 1 or len(todo) < 8:
        extract.init_worker(settings)
        for j in todo:
            yield extract.read_one(j)
        return
    ctx = mp.get_context("spawn" if sys.platform == "win32" else "fork")
    with ctx.Pool(n_jobs, initializer=extract.init_worker, initargs=(settings,)) as pool:
        yield from pool.imap_unordered(extract.read_one, todo, chunksize=16)


def _cross(con, manifest, config) -> None:
    """Run the enabled GI6xx rules over the database; their findings replace the last run's."""
    con.execute("DELETE FROM findings WHERE cross=1")
    units = manifest.units() if manifest else {}
    corpus = Corpus(con, manifest, units)
    for cls in enabled(config):
        found = cls(config).run_corpus(corpus)
        db.insert_findings(con, found, cross=True)


def _write_exports(out_dir: str, findings: list[dict], unreadable) -> None:
    public = [{k: v for k, v in f.items() if k not in ("cross", "id")} for f in findings]
    for f in public:
        f.setdefault("related_path", None)
        if f["code"] != "GI605":
            f.pop("body", None)
            f.pop("year", None)
    _atomic(os.path.join(out_dir, "findings.json"),
            json.dumps(public, ensure_ascii=False, indent=2) + "\n")
    cols = ["path", "related_path", "code", "name", "severity", "message", "line", "column",
            "end_line", "end_column", "body", "year"]
    tmp = os.path.join(out_dir, "findings.csv.tmp")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as f:   # BOM: Excel opens it as UTF-8
        w = csv.writer(f)
        w.writerow(cols)
        for d in findings:
            w.writerow([d.get(c) if d.get(c) is not None else "" for c in cols])
    os.replace(tmp, os.path.join(out_dir, "findings.csv"))
    _atomic(os.path.join(out_dir, "unreadable.json"),
            json.dumps([{"path": p, "error": e} for p, e in unreadable], ensure_ascii=False, indent=2) + "\n")


def _atomic(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
