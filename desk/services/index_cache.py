"""The registry index kept between processes: a local cache in the data folder.

A new process (``desk rank``, the window) loads the columnar index in milliseconds instead of
reading every registrant again. Layout, per database, under ``<data folder>/index-cache/<id>/``::

    current.json          the manifest: format, database identity, change stamp, code key, and per
                          file its size, dtype, shape and CRC-32; replaced atomically, last
    g<time>-<pid>/*.npy   one array per index column (np.save, loaded with mmap_mode="r"),
                          records_blob / records_offsets (desk.core.record_store), vocab.json,
                          filter_*.npy: the filter's derived data (desk.core.filter_store),
                          added by save_filter after a process's first filter, so the first
                          keystroke in the next process decodes no record

When registrants changed since, the index is caught up instead of built again
(desk.services.rank_delta): :func:`load_base` gives the saved index whatever its stamp, and the
rows caught up since may be kept beside it as the side cache ``delta`` (save_side/load_side).

The change stamp is the ranking service's state key (desk.store.change_stamp: the registrant
count and the registrant and placement change counters, in commit order): any difference and the
cache is stale. The code key covers the modules that decide what the index
holds and the bundled place data, so an upgrade never reuses an index built by other rules. A
stale, truncated or altered cache is detected (size, dtype, shape, CRC-32 of every file) and
rebuilt, never trusted. Files are 0600, folders 0700: the records hold names and phone numbers.
Set ``DESK_INDEX_CACHE=0`` to keep no cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import shutil
import time
import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from desk import __version__, paths
from desk.core import filter_store
from desk.core.record_store import PackedRecords, pack_records
from desk.core.registry_index import RegistryIndex, default_geography
from desk.store.light import EngineReader, Reader, SqliteLight

if TYPE_CHECKING:  # the warm path of a new process loads the cache without SQLAlchemy (rank_fast)
    from desk.store.db import Database

log = logging.getLogger("desk.index_cache")
T = TypeVar("T")

FORMAT = 2  # 2: the filter's derived data saved too
MANIFEST = "current.json"
#: Index columns saved as arrays (everything but the records, the geography, the vocabulary and
#: the derived filter data).
ARRAYS = tuple(f.name for f in dataclasses.fields(RegistryIndex)
               if f.name not in ("records", "geo", "term_vocab", "cache"))
_RECORDS = ("records_blob", "records_offsets")
#: Ward → designated city (int codes, k x 2): the one gazetteer fact ranking a posting needs, kept
#: so a cached index does not load the whole gazetteer (about 2 s) for one lookup.
_WARDS = "geo_wards"
#: The filter's derived data (desk.core.filter_store): name keys, folded texts, 登録ID lookup.
_FILTER = tuple(f"filter_{name}" for name in filter_store.NAMES)


class CacheInvalid(Exception):
    """The cache on disk cannot be used (stale, truncated, altered or from other code)."""


def enabled() -> bool:
    return os.environ.get("DESK_INDEX_CACHE", "1").strip().lower() not in ("0", "no", "off", "false")


def cache_root() -> Path:
    return paths.data_dir() / "index-cache"


def identity(db: Database | Reader) -> str:
    """Which database this is, in the same words whichever way it was opened (the ORM's Database or
    a light reader, desk.store.light): the SQLite file's real path, device and inode (a file
    replaced under the same name is not mistaken for the old one), or the PostgreSQL server's
    address, port, database name and oid."""
    if db.is_sqlite:
        name = db.sqlite_file if isinstance(db, SqliteLight) else db.engine.url.database  # type: ignore[union-attr]
        with contextlib.suppress(OSError, TypeError):
            st = os.stat(name)
            return f"sqlite|{os.path.realpath(name)}:{st.st_dev}:{st.st_ino}"
        return f"sqlite|{name}"
    sql = ("SELECT inet_server_addr(), inet_server_port(), current_database(), "
           "(SELECT oid FROM pg_database WHERE datname = current_database())")
    engine = getattr(db, "engine", None)  # a Database: one connection for the question
    if engine is not None:
        with engine.connect() as conn:
            row = EngineReader(conn).rows(sql)[0]
    else:
        row = db.rows(sql)[0]  # type: ignore[union-attr]
    return "postgresql|{}:{}/{}|oid:{}".format(*row)


@lru_cache(maxsize=1)
def code_key() -> str:
    """What decides the index's content besides the data: desk's version, the modules that build
    it and the bundled place data (designated cities come from the gazetteer)."""
    package = Path(__file__).resolve().parent.parent  # desk/: the files are read, not imported
    h = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
    for module in ("core/registry_index.py", "core/record_store.py", "core/registry_merge.py", "core/filter_merge.py",
                   "services/ranking.py", "services/rank_delta.py", "core/filters.py", "core/filter_store.py",
                   "core/text.py"):  # text: the filter's keys
        with contextlib.suppress(OSError):
            h.update((package / module).read_bytes())
    data = package / "data"
    with contextlib.suppress(OSError):
        for f in sorted(data.iterdir()):
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _stamp(key: Sequence[Any]) -> str:
    return json.dumps(list(key), default=str)


def _folder(ident: str) -> Path:
    return cache_root() / hashlib.sha256(ident.encode()).hexdigest()[:20]


def _crc(a: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(a).reshape(-1).view(np.uint8)) if a.size else 0


# ----------------------------------------------------------------------------- load
def load(db: Database | Reader, key: Sequence[Any], *, registrants_key: Sequence[Any] | None = None,
         refresh: Callable[[RegistryIndex], RegistryIndex] | None = None) -> RegistryIndex | None:
    """The cached index when it matches ``key`` exactly and every file checks out, else None (the
    caller rebuilds and saves). When only the placement log changed (``registrants_key`` still
    matches), ``refresh(cached)`` brings the placement part up to date and the result is saved."""

    def read(folder: Path, manifest: dict[str, Any]) -> RegistryIndex:
        if manifest.get("stamp") == _stamp(key):
            return _read(folder / str(manifest["generation"]), manifest)
        if refresh is None or registrants_key is None or manifest.get("registrants") != _stamp(registrants_key):
            raise CacheInvalid("the registry changed")
        index = refresh(_read(folder / str(manifest["generation"]), manifest))
        save(db, key, index, registrants_key=registrants_key)  # type: ignore[arg-type]
        return index

    return _guarded(db, read)


def load_base(db: Database | Reader) -> tuple[list[Any], RegistryIndex] | None:
    """The cached index whatever its stamp, with the stamp it was saved at (as JSON gives it back: a
    datetime as its text), every file checked; None when there is none or it does not check out. A
    caller brings it up to date with what changed since (desk.services.rank_delta)."""
    return _guarded(db, lambda folder, manifest: (json.loads(manifest["stamp"]),
                                                  _read(folder / str(manifest["generation"]), manifest)))


def _guarded(db: Database | Reader, read: Callable[[Path, dict[str, Any]], T]) -> T | None:
    """``read(folder, manifest)`` of the index cache of ``db``; None when there is none, it does not
    check out or anything fails (a cache must never stop the ranking: rebuild instead)."""
    if not enabled():
        return None
    try:
        found = _manifest(db, MANIFEST, code_key())
        return None if found is None else read(*found)
    except CacheInvalid as exc:
        log.info("index cache not used: %s", exc)
        return None
    except Exception as exc:  # noqa: BLE001 - never trusted, never fatal
        log.warning("index cache unreadable, rebuilding: %r", exc)
        return None


def _manifest(db: Database | Reader, name: str, code: str) -> tuple[Path, dict[str, Any]] | None:
    """The cache folder of ``db`` and its manifest ``name``, None when there is none; CacheInvalid
    when it cannot be read or was built by other code (``code``) or for another database."""
    ident = identity(db)
    folder = _folder(ident)
    try:
        manifest = json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise CacheInvalid(f"{name} unreadable: {exc}") from exc
    if (manifest.get("format"), manifest.get("identity"), manifest.get("code")) != (FORMAT, ident, code):
        raise CacheInvalid(f"{name}: built by another version or for another database")
    return folder, manifest


def _array(path: Path, spec: dict[str, Any]) -> np.ndarray:
    try:
        if path.stat().st_size != spec["size"]:
            raise CacheInvalid(f"{path.name}: size differs (truncated?)")
        mmap = "r" if int(np.prod(spec["shape"])) > 0 else None
        a = np.load(path, mmap_mode=mmap, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise CacheInvalid(f"{path.name}: {exc}") from exc
    if str(a.dtype) != spec["dtype"] or list(a.shape) != spec["shape"] or _crc(a) != spec["crc"]:
        raise CacheInvalid(f"{path.name}: content differs from the manifest")
    return np.asarray(a)  # a plain ndarray over the same map: numpy.memmap's Python hooks cost per access


def _read(gen: Path, manifest: dict[str, Any]) -> RegistryIndex:
    files = manifest["files"]
    if set(files) != {*ARRAYS, *_RECORDS, _WARDS, *(_FILTER if manifest.get("filter") else ())}:
        raise CacheInvalid("the manifest lists other columns")
    arrays = {name: _array(gen / f"{name}.npy", spec) for name, spec in files.items()}
    try:
        raw = (gen / "vocab.json").read_bytes()
    except OSError as exc:
        raise CacheInvalid(f"vocab.json: {exc}") from exc
    if zlib.crc32(raw) != manifest["vocab_crc"]:
        raise CacheInvalid("vocab.json differs from the manifest")
    vocab = json.loads(raw)
    n = manifest["rows"]
    if any(len(arrays[name]) != n for name in ("row_ids", "state", "occ_mask", "home_pref", "has_rules", "has_frequency")):
        raise CacheInvalid("columns of different lengths")
    try:
        records = PackedRecords(arrays.pop("records_blob"), arrays.pop("records_offsets"), arrays["row_ids"],
                                arrays["no_shows"], arrays["late"])
    except ValueError as exc:
        raise CacheInvalid(str(exc)) from exc
    wards = {int(a): int(b) for a, b in arrays.pop(_WARDS)}
    geo = dataclasses.replace(default_geography(), parent=lambda code: wards.get(code, code))
    filtering = {name.removeprefix("filter_"): arrays.pop(name) for name in _FILTER if name in arrays}
    index = RegistryIndex(records=records, geo=geo, term_vocab=list(vocab), **arrays)
    if filtering:
        index.cache[filter_store.CACHE_KEY] = filtering  # unpacked by the filter's first keystroke
    return index


# ----------------------------------------------------------------------------- save
def save(db: Database, key: Sequence[Any], index: RegistryIndex, *,
         registrants_key: Sequence[Any] | None = None) -> None:
    """Write ``index`` as the cache for ``key``; a failure (disk full, no permission) is logged and
    leaves the ranking working from memory."""
    if not enabled():
        return
    gen: Path | None = None
    try:
        ident, folder, gen = _new_generation(db, "")
        blob, offsets = pack_records(index.records)
        columns = {name: np.ascontiguousarray(index.frequency_stated() if name == "has_frequency" else getattr(index, name))
                   for name in ARRAYS}
        columns.update(records_blob=np.ascontiguousarray(blob), records_offsets=np.ascontiguousarray(offsets))
        columns[_WARDS] = _ward_table()
        filtering = _filter_columns(index, build=False)
        columns.update(filtering or {})
        files = _write_arrays(gen, columns)
        vocab = json.dumps(list(index.term_vocab), ensure_ascii=False).encode()
        with _private(gen / "vocab.json") as f:
            f.write(vocab)
        manifest = {"format": FORMAT, "identity": ident, "code": code_key(), "stamp": _stamp(key),
                    "registrants": None if registrants_key is None else _stamp(registrants_key),
                    "generation": gen.name, "rows": index.n, "files": files, "vocab_crc": zlib.crc32(vocab),
                    "filter": filtering is not None}
        _write_manifest(folder, manifest)
        _prune(folder, keep=gen.name)
    except Exception as exc:  # noqa: BLE001 - the cache is an optimisation: never fail the ranking
        log.warning("index cache not written: %r", exc)
        if gen is not None:
            shutil.rmtree(gen, ignore_errors=True)


def save_filter(db: Database | Reader, key: Sequence[Any], index: RegistryIndex) -> None:
    """Add the filter's derived data (desk.core.filter_store) to the cache of ``key`` once a process
    has built it (its first keystroke): the next process filters without decoding every record.
    Nothing happens when the cache is of another stamp or already holds it; a failure is logged."""
    if not enabled() or filter_store.CACHE_KEY in index.cache:  # loaded with it: already saved
        return
    try:
        ident = identity(db)
        folder = _folder(ident)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("filter") or manifest.get("rows") != index.n or (
                manifest.get("format"), manifest.get("identity"), manifest.get("code"), manifest.get("stamp")) != (
                FORMAT, ident, code_key(), _stamp(key)):
            return
        filtering = _filter_columns(index, build=True)
        assert filtering is not None
        manifest["files"].update(_write_arrays(folder / str(manifest["generation"]), filtering))
        manifest["filter"] = True
        _write_manifest(folder, manifest)
        index.cache[filter_store.CACHE_KEY] = {name.removeprefix("filter_"): a for name, a in filtering.items()}
    except FileNotFoundError:
        return
    except Exception as exc:  # noqa: BLE001 - the cache is an optimisation: never fail the filter
        log.warning("filter data not written to the index cache: %r", exc)


def _filter_columns(index: RegistryIndex, *, build: bool) -> dict[str, np.ndarray] | None:
    """The filter's arrays named as files; None when this process has not built them and ``build``
    is False (a ranking without a filter does not pay for them: save_filter adds them later)."""
    from desk.core.filters import filter_arrays

    built = (filter_store.CACHE_KEY in index.cache or {"filter_texts", "name_keys"} <= index.cache.keys()
             or filter_store.PENDING_KEY in index.cache)  # a caught-up index's: merged now, not derived
    if not (build or built):
        return None
    return {f"filter_{name}": np.ascontiguousarray(a) for name, a in filter_arrays(index).items()}


def _write_arrays(gen: Path, columns: dict[str, np.ndarray]) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for name, a in columns.items():
        path = gen / f"{name}.npy"
        with _private(path) as f:
            np.save(f, a, allow_pickle=False)
        files[name] = {"size": path.stat().st_size, "dtype": str(a.dtype), "shape": list(a.shape), "crc": _crc(a)}
    return files


def _write_manifest(folder: Path, manifest: dict[str, Any], name: str = MANIFEST) -> None:
    tmp = folder / f".{name}.{os.getpid()}"
    with _private(tmp, replace=True) as f:
        f.write(json.dumps(manifest).encode())
    os.replace(tmp, folder / name)


def _ward_table() -> np.ndarray:
    from desk.core.region_resolve import municipalities

    pairs = [(int(m.code), int(m.parent_code)) for m in municipalities()
             if m.parent_code and m.code.isdigit() and m.parent_code.isdigit()]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _new_generation(db: Database, prefix: str) -> tuple[str, Path, Path]:
    """The database's identity, its cache folder and a new, empty generation folder in it
    (``<prefix>g<time>-<pid>``: generations sort by the time they were begun)."""
    ident = identity(db)
    folder = _folder(ident)
    _mkdir(cache_root())
    _mkdir(folder)
    gen = folder / f"{prefix}g{time.time_ns()}-{os.getpid()}"
    _mkdir(gen)
    return ident, folder, gen


def _mkdir(path: Path) -> None:
    path.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)


@contextlib.contextmanager
def _private(path: Path, replace: bool = False):  # type: ignore[no-untyped-def]
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as f:
        yield f


def _prune(folder: Path, keep: str, prefix: str = "") -> None:
    """Remove the generations older than ``keep`` of the cache whose folders start with ``prefix``
    (see _new_generation; a process still reading one keeps its open maps on POSIX; on Windows a
    file in use stays until the next write)."""
    start = f"{prefix}g"

    def born(name: str) -> int:
        digits = name[len(start):].split("-", 1)[0]
        return int(digits) if digits.isdigit() else 0

    for child in folder.iterdir():  # older only: a newer one may be another process's write in progress
        if child.is_dir() and child.name.startswith(start) and born(child.name) < born(keep):
            shutil.rmtree(child, ignore_errors=True)


# ----------------------------------------------------------------------------- other caches of one database
def save_side(db: Database, name: str, key: Sequence[Any], code: str, arrays: dict[str, np.ndarray]) -> None:
    """Keep ``arrays`` beside the index as the cache ``name`` (e.g. the global search's keys,
    desk.services.search) for ``key`` and ``code`` (what built them): ``<name>.json`` and a folder
    ``<name>-g<time>-<pid>``, checked as the index is. A failure is logged, never raised."""
    if not enabled():
        return
    gen: Path | None = None
    try:
        ident, folder, gen = _new_generation(db, f"{name}-")
        files = _write_arrays(gen, {k: np.ascontiguousarray(a) for k, a in arrays.items()})
        manifest = {"format": FORMAT, "identity": ident, "code": code, "stamp": _stamp(key), "generation": gen.name,
                    "files": files}
        _write_manifest(folder, manifest, f"{name}.json")
        _prune(folder, keep=gen.name, prefix=f"{name}-")
    except Exception as exc:  # noqa: BLE001 - the cache is an optimisation
        log.warning("%s cache not written: %r", name, exc)
        if gen is not None:
            shutil.rmtree(gen, ignore_errors=True)


def load_side(db: Database, name: str, code: str,
              key: Sequence[Any] | None = None) -> tuple[list[Any], dict[str, np.ndarray]] | None:
    """The stamp and the arrays :func:`save_side` kept, built by ``code`` for this database (and for
    exactly ``key`` when given), every file checked (size, dtype, shape, CRC-32); None when there are
    none or they do not check out (then rebuild). The stamp comes back as JSON made it (a datetime
    as its text): a caller may bring arrays of an older stamp up to date."""
    if not enabled():
        return None
    try:
        found = _manifest(db, f"{name}.json", code)
        if found is None:
            return None
        folder, manifest = found
        if key is not None and manifest.get("stamp") != _stamp(key):
            raise CacheInvalid(f"{name}: stale")
        gen = folder / str(manifest["generation"])
        arrays = {k: _array(gen / f"{k}.npy", spec) for k, spec in manifest["files"].items()}
        return json.loads(manifest["stamp"]), arrays
    except CacheInvalid as exc:
        log.info("%s cache not used: %s", name, exc)
        return None
    except Exception as exc:  # noqa: BLE001 - never trusted, never fatal: rebuild instead
        log.warning("%s cache unreadable, rebuilding: %r", name, exc)
        return None


def clear(db: Database | None = None) -> None:
    """Remove the cache of ``db`` (every database's when None)."""
    target = cache_root() if db is None else _folder(identity(db))
    shutil.rmtree(target, ignore_errors=True)
