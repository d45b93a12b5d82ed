"""The Parquet tables of an output folder: reading them, and committing new rows crash-safely.

Layout of an output folder:

    out/<table>.parquet             the published tables: what analysts, pandas and DuckDB read
    out/_parts/<table>/part-<id>.parquet
                                    the committed parts (every table gets a file per part, empty or
                                    not); the published tables are their concatenation
    out/_manifest.json              what is committed: per document key, its part and fingerprint
    out/_journal.json               present only while a commit is being applied
    out/_staging/                   files written aside before a commit
    out/_unpublished                present while parts hold rows the published tables lack
    out/_lock                       one writer at a time

A run commits parts as it goes (memory stays flat, a killed run keeps its progress) and publishes
at its end: each table is streamed part by part into a file written aside, then renamed over the
old one. Until then readers see the previous run's tables, whole.

A commit writes its new part files (and the rewritten old parts it drops rows from) into
_staging/, then writes the journal: that rename is the commit point. Applying the journal moves
the files into place (each an atomic rename) and replaces the manifest. A run killed before the
journal exists leaves only staging garbage; one killed after it is finished by the next run
(`TableStore.open` replays the journal). Readers always see whole files; new rows are moved in
before old rows are dropped, so a reader never misses a committed document.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract.schema import SCHEMAS, TABLES, to_table

MANIFEST = "_manifest.json"
JOURNAL = "_journal.json"
STAGING = "_staging"
PARTS = "_parts"
UNPUBLISHED = "_unpublished"
LOCK = "_lock"


def table_path(out: str | Path, name: str) -> Path:
    return Path(out) / f"{name}.parquet"


def parts_dir(out: str | Path, name: str) -> Path:
    return Path(out) / PARTS / name


def table_files(out: str | Path, name: str) -> list[Path]:
    """The files of the published table (one; a folder of parts if someone wrote it that way)."""
    single = table_path(out, name)
    if single.is_file():
        return [single]
    folder = Path(out) / name
    return sorted(folder.glob("*.parquet")) if folder.is_dir() else []


def read_table(out: str | Path, name: str) -> pa.Table:
    """The whole table `name` of `out` with its contract schema (empty if not written yet)."""
    files = table_files(out, name)
    if not files:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables([pq.read_table(f, schema=SCHEMAS[name]) for f in files])


def write_parquet(table: pa.Table, name: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table.cast(SCHEMAS[name]), path, compression="zstd")


class OutputLocked(RuntimeError):
    """Another run is writing the same output folder."""


@dataclass
class Entry:
    """One committed document: `key` is its doc_id (or "path:<resolved path>" when unreadable)."""
    part: str
    path: str            # resolved path of the file it came from
    source: str          # source_path as written in the tables
    fingerprint: str

    def to_json(self) -> list:
        return [self.part, self.path, self.source, self.fingerprint]


@dataclass
class Part:
    """Rows of many documents for every table, to be committed together."""
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})
    entries: dict[str, Entry] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)


class TableStore:
    """The committed state of an output folder; the only writer of its files."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.manifest: dict[str, Entry] = {}
        self._lock_file = None
        self._seq = 0

    @classmethod
    def open(cls, out: str | Path) -> TableStore:
        store = cls(Path(out))
        store.out.mkdir(parents=True, exist_ok=True)
        store._lock()
        replay_journal(store.out)
        shutil.rmtree(store.out / STAGING, ignore_errors=True)
        store.manifest = load_manifest(store.out)
        store._adopt_unmanaged()
        return store

    def __enter__(self) -> TableStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def _lock(self) -> None:
        self._lock_file = open(self.out / LOCK, "w")  # noqa: SIM115 (held for the whole run)
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            raise OutputLocked(f"another run is writing {self.out} (lock {self.out / LOCK})") from None

    def has_parts(self) -> bool:
        return bool(self._parts_on_disk())

    def parts(self) -> set[str]:
        return {e.part for e in self.manifest.values()} | set(self._parts_on_disk())

    def _parts_on_disk(self) -> list[str]:
        folder = parts_dir(self.out, TABLES[0])
        if not folder.is_dir():
            return []
        return [p.stem.removeprefix("part-") for p in folder.glob("part-*.parquet")]

    def new_part_id(self) -> str:
        self._seq += 1
        return f"{time.time_ns():x}-{os.getpid()}-{self._seq:04d}"

    def commit(self, part: Part, drop: Iterable[str] = ()) -> None:
        """Add `part` and remove the rows of the keys in `drop` and of the keys `part` redoes."""
        drop = (set(drop) | set(part.entries)) & set(self.manifest)
        part_id = self.new_part_id() if len(part) or not self._parts_on_disk() else None
        moves, deletes = [], []
        if part_id:
            for name in TABLES:
                moves.append(self._stage(name, part_id, to_table(name, part.rows[name])))
        for old_part in sorted({self.manifest[k].part for k in drop}):
            m, d = self._rewrite_without(old_part, drop, others=part_id is not None)
            moves += m
            deletes += d
        manifest = {k: e for k, e in self.manifest.items() if k not in drop}
        for key, entry in part.entries.items():
            entry.part = part_id
            manifest[key] = entry
        self._apply(moves, deletes, manifest)

    def compact(self, small: int, target: int, max_small: int = 8) -> None:
        """Merge the parts of fewer than `small` documents into parts of about `target`, once
        there are more than `max_small` of them (nightly runs that change a few documents each
        would otherwise pile up tiny files). Each merge is one commit."""
        sizes = Counter(e.part for e in self.manifest.values())
        smalls = sorted(p for p in self.parts() if sizes[p] < small)
        if len(smalls) <= max_small:
            return
        groups, group, count = [], [], 0
        for part_id in smalls:
            group.append(part_id)
            count += sizes[part_id]
            if count >= target:
                groups.append(group)
                group, count = [], 0
        if len(group) > 1:
            groups.append(group)
        for group in groups:
            self._merge(group)

    def _merge(self, group: list[str]) -> None:
        merged = self.new_part_id()
        moves, deletes = [], []
        for name in TABLES:
            files = [f for f in (self._final(name, p) for p in group) if f.exists()]
            tables = [pq.read_table(f, schema=SCHEMAS[name]) for f in files]
            moves.append(self._stage(name, merged, pa.concat_tables(tables) if tables
                                     else SCHEMAS[name].empty_table()))
            deletes += [str(f) for f in files]
        members = set(group)
        manifest = {k: replace(e, part=merged) if e.part in members else e for k, e in self.manifest.items()}
        self._apply(moves, deletes, manifest)

    def _rewrite_without(self, part_id: str, drop: set[str], others: bool) -> tuple[list, list]:
        """Moves and deletes that take the rows of `drop` out of one committed part (deleted when
        nothing is left and `others`, or another part, keeps every table folder non-empty)."""
        keep = [k for k, e in self.manifest.items() if e.part == part_id and k not in drop]
        files = [self._final(name, part_id) for name in TABLES]
        if not keep and (others or len(self.parts()) > 1):
            return [], [str(f) for f in files if f.exists()]
        gone_ids = [k for k in drop if not k.startswith("path:")]
        gone_sources = [self.manifest[k].source for k in drop if k.startswith("path:")]
        moves = []
        for name, final in zip(TABLES, files, strict=True):
            if not final.exists():
                continue
            old = pq.read_table(final, schema=SCHEMAS[name])
            kept = old.filter(pc.invert(_rows_of(old, name, gone_ids, gone_sources)))
            if kept.num_rows != old.num_rows:
                moves.append(self._stage(name, part_id, kept))
        return moves, []

    def _final(self, name: str, part_id: str) -> Path:
        return parts_dir(self.out, name) / f"part-{part_id}.parquet"

    def _stage(self, name: str, part_id: str, table: pa.Table) -> tuple[str, str]:
        staged = self.out / STAGING / name / f"part-{part_id}.parquet"
        write_parquet(table, name, staged)
        return str(staged), str(self._final(name, part_id))

    def _apply(self, moves: list, deletes: list, manifest: dict[str, Entry]) -> None:
        staged_manifest = self.out / STAGING / f"manifest-{self.new_part_id()}.json"
        staged_manifest.parent.mkdir(parents=True, exist_ok=True)
        staged_manifest.write_text(json.dumps({k: e.to_json() for k, e in manifest.items()}))
        moves = moves + [(str(staged_manifest), str(self.out / MANIFEST))]
        _write_atomic(self.out / JOURNAL, json.dumps({"moves": moves, "deletes": deletes}))
        replay_journal(self.out)
        shutil.rmtree(self.out / STAGING, ignore_errors=True)
        self.manifest = manifest

    def needs_publish(self) -> bool:
        return (self.out / UNPUBLISHED).exists() or \
            not all(table_path(self.out, n).is_file() for n in TABLES)

    def publish(self) -> None:
        """Each table streamed from its parts into a file aside, then renamed into place."""
        for name in TABLES:
            final = table_path(self.out, name)
            tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            with pq.ParquetWriter(tmp, SCHEMAS[name], compression="zstd") as writer:
                for part in sorted(parts_dir(self.out, name).glob("part-*.parquet")):
                    writer.write_table(pq.read_table(part, schema=SCHEMAS[name]))
            os.replace(tmp, final)
        _fsync_dir(self.out)
        (self.out / UNPUBLISHED).unlink(missing_ok=True)

    def _adopt_unmanaged(self) -> None:
        """Published tables with no parts (written by the first version, or parts deleted): they
        become one part, so the next commits keep their rows; their documents get redone when
        they are inputs again (their fingerprint is unknown)."""
        if self._parts_on_disk() or not any(table_path(self.out, n).is_file() for n in TABLES):
            return
        part_id = "0-adopted"
        moves = []
        for name in TABLES:
            path = table_path(self.out, name)
            table = pq.read_table(path, schema=SCHEMAS[name]) if path.is_file() \
                else SCHEMAS[name].empty_table()
            moves.append(self._stage(name, part_id, table))
        manifest = {}
        for name in ("errors", "documents"):
            for row in read_table(self.out, name).select(["doc_id", "source_path"]).to_pylist():
                path = resolve(row["source_path"])
                key = row["doc_id"] or "path:" + path
                manifest[key] = Entry(part_id, path, row["source_path"], "unknown")
        self._apply(moves, [], manifest)


def _rows_of(table: pa.Table, name: str, doc_ids: list[str], sources: list[str]) -> pa.ChunkedArray:
    hit = pc.fill_null(pc.is_in(table["doc_id"], pa.array(doc_ids, pa.string())), False)
    if name == "errors" and sources:
        named = pc.is_in(table["source_path"], pa.array(sources, pa.string()))
        unread = pc.and_(pc.is_null(table["doc_id"]), named)
        hit = pc.or_(hit, pc.fill_null(unread, False))
    return hit


def resolve(path: str | Path) -> str:
    return str(Path(path).resolve())


def load_manifest(out: Path) -> dict[str, Entry]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    return {k: Entry(*v) for k, v in json.loads(path.read_text()).items()}


def replay_journal(out: Path) -> None:
    """Finish a commit whose journal was written (idempotent: a move already done is skipped)."""
    journal = out / JOURNAL
    if not journal.exists():
        return
    plan = json.loads(journal.read_text())
    for src, dst in plan["moves"]:
        if os.path.exists(src):
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
    for path in plan["deletes"]:
        if os.path.exists(path):
            os.unlink(path)
    (out / UNPUBLISHED).touch()
    _fsync_dir(out)
    os.unlink(journal)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
