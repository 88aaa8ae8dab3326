"""The audit database: SQLite (stdlib ``sqlite3``, WAL), one file ``DIR/audit.sqlite``.

The schema is documented in docs/audit.md (keep both in step). One writer (the audit's main
process); readers may open the file at any time (WAL). A report is re-read only when its
``read_key`` changed (content hash, manifest override, gilint version): its rows are then
replaced; rows of files no longer in the corpus are deleted.
"""
from __future__ import annotations

import json
import sqlite3

from gilint.i18n import gettext as _

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,          -- as given on the command line (or found under a folder)
  sha256 TEXT,                        -- content hash of the file's bytes
  read_key TEXT,                      -- sha256 + manifest override + version: re-read when it changes
  status TEXT NOT NULL,               -- 'ok' | 'error' (unreadable: see error)
  error TEXT,                         -- why it is unreadable, in Chinese (the dashboard's language)
  title TEXT,
  stated_body TEXT, stated_year INTEGER, stated_level TEXT,   -- what the report says
  body TEXT, year INTEGER, level TEXT, parent TEXT,           -- in effect (manifest wins)
  identity_source TEXT,               -- 'report' | 'manifest'
  template TEXT,                      -- template the tables follow ('2019' | '2021')
  signed TEXT,                        -- signing date YYYY-MM-DD, if read
  chars INTEGER
);
CREATE TABLE IF NOT EXISTS sections (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  number INTEGER, heading TEXT, start INTEGER, "end" INTEGER, line INTEGER,
  text TEXT                           -- the section's prose (paragraphs outside tables)
);
CREATE TABLE IF NOT EXISTS cells (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  kind TEXT,                          -- 'section2' | 'section3' | 'section4'
  table_no INTEGER,                   -- the table's index in the report
  item TEXT,                          -- section 二: the sub-table (第二十条第（一）项)
  row_no INTEGER, row_key TEXT, row_label TEXT,
  col_no INTEGER, col_label TEXT,
  text TEXT,                          -- the cell as read
  value REAL,                         -- its number, NULL when it is not a plain number
  start INTEGER, "end" INTEGER,       -- code-point offsets into the decoded text
  line INTEGER, "column" INTEGER      -- 1-based, columns in code points
);
CREATE TABLE IF NOT EXISTS sentences (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  section INTEGER, sh INTEGER         -- hash of a normalised prose sentence (GI603)
);
CREATE TABLE IF NOT EXISTS fingerprints (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  section INTEGER, sh INTEGER, fp INTEGER   -- sampled shingle hashes of that sentence (GI603)
);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
  related_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
  cross INTEGER NOT NULL,             -- 1: a cross-document rule (GI6xx)
  path TEXT, related_path TEXT,
  code TEXT, name TEXT, severity TEXT, message TEXT,
  line INTEGER, "column" INTEGER, end_line INTEGER, end_column INTEGER,
  start INTEGER, "end" INTEGER,
  body TEXT, year INTEGER,
  suppressed TEXT, location TEXT,
  fix TEXT,                           -- JSON: the fix's edits and safety, as `check --format json`
  extra TEXT                          -- JSON: a rule's own fields (GI603: share)
);
CREATE TABLE IF NOT EXISTS series (
  body TEXT NOT NULL, year INTEGER NOT NULL, report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
  level TEXT, parent TEXT
);
CREATE INDEX IF NOT EXISTS cells_report ON cells(report_id, kind, row_key, col_no);
CREATE INDEX IF NOT EXISTS sections_report ON sections(report_id, number);
CREATE INDEX IF NOT EXISTS sentences_sh ON sentences(sh);
CREATE INDEX IF NOT EXISTS sentences_report ON sentences(report_id);
CREATE INDEX IF NOT EXISTS fingerprints_fp ON fingerprints(fp);
CREATE INDEX IF NOT EXISTS fingerprints_report ON fingerprints(report_id);
CREATE INDEX IF NOT EXISTS findings_report ON findings(report_id);
CREATE INDEX IF NOT EXISTS findings_code ON findings(code);
CREATE INDEX IF NOT EXISTS findings_body ON findings(body, year);
CREATE INDEX IF NOT EXISTS series_body ON series(body, year);
"""

EXTRA_FIELDS = ("share",)   # rule-specific fields a finding may carry


class SchemaMismatch(Exception):
    pass


def connect(file: str) -> sqlite3.Connection:
    con = sqlite3.connect(file)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    have = _version(con)
    if have is not None and have != SCHEMA_VERSION:
        con.close()
        raise SchemaMismatch(_("{file}: audit database of schema {have}, this gilint writes {want}; "
                               "use another output folder or delete the file").format(
            file=file, have=have, want=SCHEMA_VERSION))
    con.executescript(SCHEMA)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    con.commit()
    return con


def _version(con) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def known_keys(con) -> dict[str, str]:
    return dict(con.execute("SELECT path, read_key FROM reports WHERE status='ok'"))


def store(con, rec: dict, read_key: str, identity: dict) -> int:
    """Replace the rows of one report read afresh (or unreadable); returns its id."""
    con.execute("DELETE FROM reports WHERE path=?", (rec["path"],))
    ok = rec["status"] == "ok"
    cur = con.execute(
        "INSERT INTO reports (path, sha256, read_key, status, error, title, stated_body, stated_year,"
        " stated_level, body, year, level, parent, identity_source, template, signed, chars)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (rec["path"], rec.get("sha"), read_key if ok else None, "ok" if ok else "error",
         rec.get("error_zh") or rec.get("error"), rec.get("title"), rec.get("body"), rec.get("year"), rec.get("level"),
         identity["body"], identity["year"], identity["level"], identity["parent"],
         identity["source"], rec.get("template"), rec.get("signed"), rec.get("chars")))
    rid = cur.lastrowid
    if not ok:
        return rid
    con.executemany('INSERT INTO sections VALUES (?,?,?,?,?,?,?)',
                    [(rid, *s) for s in rec["sections"]])
    con.executemany('INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                    [(rid, *c) for c in rec["cells"]])
    con.executemany("INSERT INTO sentences VALUES (?,?,?)",
                    [(rid, sec, sh) for sec, sh, _ in rec["prose"]])
    con.executemany("INSERT INTO fingerprints VALUES (?,?,?,?)",
                    [(rid, sec, sh, fp) for sec, sh, fps in rec["prose"] for fp in fps])
    insert_findings(con, [dict(f, report_id=rid, body=identity["body"], year=identity["year"])
                          for f in rec["findings"]], cross=False)
    return rid


def set_identity(con, path: str, identity: dict) -> None:
    """An unchanged report: the manifest may still have changed its identity."""
    con.execute("UPDATE reports SET body=?, year=?, level=?, parent=?, identity_source=? WHERE path=?",
                (identity["body"], identity["year"], identity["level"], identity["parent"],
                 identity["source"], path))
    con.execute("UPDATE findings SET body=?, year=? WHERE cross=0 AND report_id="
                "(SELECT id FROM reports WHERE path=?)", (identity["body"], identity["year"], path))


def insert_findings(con, findings: list[dict], cross: bool) -> None:
    con.executemany(
        'INSERT INTO findings (report_id, related_report_id, cross, path, related_path, code, name,'
        ' severity, message, line, "column", end_line, end_column, start, "end", body, year,'
        ' suppressed, location, fix, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
        [(f.get("report_id"), f.get("related_report_id"), int(cross), f["path"], f.get("related_path"),
          f["code"], f["name"], f["severity"], f["message"], f.get("line"), f.get("column"),
          f.get("end_line"), f.get("end_column"), f.get("start"), f.get("end"), f.get("body"),
          f.get("year"), f.get("suppressed"),
          json.dumps(f["location"], ensure_ascii=False) if f.get("location") else None,
          json.dumps(f["fix"], ensure_ascii=False) if f.get("fix") else None,
          json.dumps({k: f[k] for k in EXTRA_FIELDS if k in f}) if any(k in f for k in EXTRA_FIELDS) else None)
         for f in findings])


def forget_missing(con, paths: set[str]) -> int:
    """Delete the reports that are no longer in the corpus; returns how many."""
    gone = [p for (p,) in con.execute("SELECT path FROM reports") if p not in paths]
    con.executemany("DELETE FROM reports WHERE path=?", [(p,) for p in gone])
    return len(gone)


def rebuild_series(con) -> None:
    con.execute("DELETE FROM series")
    con.execute("INSERT INTO series SELECT body, year, id, level, parent FROM reports "
                "WHERE status='ok' AND body IS NOT NULL AND year IS NOT NULL")


def all_findings(con) -> list[dict]:
    """Every finding, in the `check --format json` contract plus related_path (and, for GI605,
    body and year), sorted by path and position."""
    cols = ["path", "related_path", "code", "name", "severity", "message", "line", "column",
            "end_line", "end_column", "start", "end", "suppressed", "location", "body", "year", "cross", "id", "fix", "extra"]
    q = ('SELECT path, related_path, code, name, severity, message, line, "column", end_line, '
         'end_column, start, "end", suppressed, location, body, year, cross, id, fix, extra FROM findings '
         'ORDER BY path, line, "column", code, id')
    out = []
    for row in con.execute(q):
        d = dict(zip(cols, row))
        d["fix"] = json.loads(d["fix"]) if d["fix"] else None
        d.update(json.loads(d.pop("extra") or "{}"))
        if d["location"]:
            d["location"] = json.loads(d["location"])
        else:
            del d["location"]
        out.append(d)
    return out
