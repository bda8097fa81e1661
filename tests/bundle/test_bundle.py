"""The desktop bundle (build.spec) works without Python: build it, then use it as a coordinator would.

One PyInstaller build per run (about a minute on two cores) into a temporary folder; then, with a
fresh DESK_HOME, the bundled ``desk`` executable: ``--version``, an import of CP932 postings and
registrants files, ``rank --json``, ``sheet -o`` (the PDF's text is checked with pdftotext), and the
window started offscreen. Also the folder's size and LICENSES.txt (no GPL-only licence).

The window has no quit-after-N-seconds option, so the test starts it with QT_QPA_PLATFORM=offscreen,
waits until the main window is shown (Qt's offscreen platform writes "does not support
propagateSizeHints()" to stderr when a top-level window appears; failing that, Qt's widget and
offscreen libraries mapped in the process and several seconds alive), checks that no traceback was
written, then sends SIGTERM and expects the process to end promptly by that signal.

``DESK_BUNDLE_DIR=/path/to/desk-<version>`` tests an already built folder instead of building one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import desk
from desk.core import demo

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXE_SUFFIX = ".exe" if sys.platform.startswith("win") else ""

#: The issue's budget: 150 MB. Measured on Linux x86-64 (2026-12-01): 219.4 MB before round 3, then
#: 148.8 MB (build.spec: ICU's data cut to the root/Japanese/English data Qt uses 31 → 4.6 MB, symbol
#: tables stripped, no cryptography (desk.secret_service), one OpenSSL, no rapidfuzz AVX2/edit-distance
#: modules, no numpy.random/fft, bytecode without docstrings, …). DESK_BUNDLE_MAX_MB overrides the limit.
SIZE_LIMIT_MB = float(os.environ.get("DESK_BUNDLE_MAX_MB") or 150)

sys.path.insert(0, str(ROOT / "scripts"))
import bundle_licenses  # noqa: E402


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle folder (built once for this module)."""
    prebuilt = os.environ.get("DESK_BUNDLE_DIR")
    if prebuilt:
        return Path(prebuilt)
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]' brings it)")
    tmp = tmp_path_factory.mktemp("bundle")
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "build.spec"), "--noconfirm",
         "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode == 0, f"PyInstaller failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    folder = tmp / "dist" / f"{desk.APP_NAME}-{desk.__version__}"
    assert folder.is_dir(), f"no bundle folder {folder}"
    print(f"bundle built in {time.monotonic() - t0:.0f} s: {folder}")
    return folder


@pytest.fixture(scope="module")
def exe(bundle: Path) -> Path:
    path = bundle / f"{desk.APP_NAME}{EXE_SUFFIX}"
    assert path.is_file() and os.access(path, os.X_OK)
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh data folder shared by the steps of this module (import, then rank, sheet, window)."""
    return tmp_path_factory.mktemp("desk-home")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DESK_", "VIRTUAL_ENV"))}
    env.update(DESK_HOME=str(home), **extra)
    return env


def run(exe: Path, home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], env=_env(home), cwd=home, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def imported(exe: Path, home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Postings and registrants imported from CP932 files; returns the first posting."""
    files = tmp_path_factory.mktemp("files")
    postings = demo.generate_postings(12, seed=11)
    registrants = demo.generate_registrants(200, seed=11)
    demo.write_csv(files / "postings.csv", postings, demo.POSTING_HEADERS, encoding="cp932")
    demo.write_csv(files / "registrants.csv", registrants, demo.REGISTRANT_HEADERS, encoding="cp932")
    for kind, name, count in (("postings", "postings.csv", 12), ("registrants", "registrants.csv", 200)):
        proc = run(exe, home, "import", kind, str(files / name))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "cp932" in proc.stdout
        assert f"imported {count}" in proc.stdout, proc.stdout
        assert "Traceback" not in proc.stderr
    # The same registrants again, read and normalised by a worker process (spawned from the bundle's
    # executable: multiprocessing.freeze_support in its entry point): every row unchanged.
    proc = subprocess.run([str(exe), "import", "registrants", str(files / "registrants.csv")],
                          env=_env(home, DESK_IMPORT_WORKERS="1"), cwd=home, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0 and "unchanged 200" in proc.stdout, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return postings[0]


def test_version(exe: Path, home: Path) -> None:
    proc = run(exe, home, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"desk {desk.__version__}"


def test_size_and_contents(bundle: Path) -> None:
    size_mb = _folder_size(bundle) / 2**20
    print(f"bundle size: {size_mb:.1f} MB")
    assert size_mb < SIZE_LIMIT_MB, f"the bundle is {size_mb:.1f} MB (limit {SIZE_LIMIT_MB:.0f} MB)"
    internal = bundle / "_internal"
    for rel in ("db/env.py", "db/schema_sqlite.sql", "resources/fonts/ipaexg.ttf", "resources/fonts/IPA_Font_License.txt",
                "resources/translations/desk_ja.qm", "resources/icons/desk.png", "desk/data/gazetteer.json.gz"):
        assert (internal / rel).is_file(), f"{rel} is not in the bundle"
    assert sorted(p.name for p in (internal / "db" / "versions").glob("*.py")) == \
        sorted(p.name for p in (ROOT / "db" / "versions").glob("*.py"))
    names = [p.name for p in internal.rglob("*")]
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "Qt6Qml", "Qt6Quick", "Qt6WebEngine", "pykakasi",
                     "cryptography", "_cffi_backend"):
        assert not [n for n in names if unwanted in n], f"{unwanted} is bundled"
    if sys.platform.startswith("linux"):  # ICU's data rebuilt with what Qt uses (scripts/bundle_icu.py)
        (icudata,) = (internal / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")
        assert icudata.stat().st_size < 8 * 2**20, f"{icudata.name}: {icudata.stat().st_size / 2**20:.1f} MB"


def test_licences(bundle: Path) -> None:
    licences = bundle / "_internal" / "LICENSES.txt"
    assert licences.is_file()
    text = licences.read_text(encoding="utf-8")
    for entry in ("Qt ", "LGPL-3.0-only", "IPA Font License", "PySide6_Essentials", "SQLAlchemy", "numpy",
                  "reportlab", "Python "):
        assert entry in text, f"{entry!r} is missing from LICENSES.txt"
    if sys.platform.startswith("linux"):  # psycopg's OpenSSL, which Python's ssl shares (build.spec: one OpenSSL)
        assert re.search(r"vendored libraries: .*libcrypto-", text), "psycopg's vendored libraries are not listed"
    assert bundle_licenses.check_file(licences) == []
    assert bundle_licenses.GPL_CHECK_PASSED in text


def test_rank_json(exe: Path, home: Path, imported: dict[str, str]) -> None:
    proc = run(exe, home, "rank", imported["募集ID"], "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["posting_id"] == imported["募集ID"]
    assert isinstance(result["candidates"], list) and result["candidates"]
    assert {"registrant_id", "name", "score", "components", "reasons"} <= set(result["candidates"][0])
    unknown = run(exe, home, "rank", "NO-SUCH-POSTING", "--json")
    assert unknown.returncode == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_sheet_pdf(exe: Path, home: Path, imported: dict[str, str]) -> None:
    pdf = home / "sheet.pdf"
    proc = run(exe, home, "sheet", imported["募集ID"], "-o", str(pdf))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
                          ).stdout.decode("utf-8")
    assert imported["募集ID"] in text
    assert imported["会場名"] in text  # Japanese, from the embedded IPAex Gothic
    assert "候補者シート" in text


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("dbus-daemon") is None,
                    reason="the Secret Service on a private D-Bus: Linux with dbus-daemon")
def test_login_keeps_the_password_in_the_keyring(exe: Path, home: Path, tmp_path: Path) -> None:
    """desk login in the bundle (no SecretStorage, no cryptography): the password reaches the Secret
    Service over D-Bus through desk.secret_service, and nothing of it is written in DESK_HOME."""
    pytest.importorskip("jeepney")
    from tests.team.test_secret_service import FakeSecretService

    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=tmp_path)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    service = FakeSecretService(address)
    try:
        proc = subprocess.run([str(exe), "--db", "postgresql://coordinator@db.example/desk", "login"],
                              env=_env(home, DBUS_SESSION_BUS_ADDRESS=address), cwd=home, input="秘密-pass\n",
                              capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "kept in the system keyring" in proc.stdout
        assert [value for _attrs, value in service.items.values()] == ["秘密-pass".encode()]
        assert not [p for p in home.rglob("*") if p.is_file() and b"pass" in p.read_bytes()]
    finally:
        service.close()
        daemon.terminate()
        daemon.wait(10)
        daemon.stdout.close()


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGTERM: POSIX only")
def test_window_offscreen(exe: Path, home: Path, imported: dict[str, str]) -> None:
    err_path = home / "window.err"
    with err_path.open("wb") as err:
        proc = subprocess.Popen([str(exe)], env=_env(home, QT_QPA_PLATFORM="offscreen"), cwd=home,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 60
        shown = False
        started = time.monotonic()
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"the window exited ({proc.returncode}):\n{err_path.read_text()}"
            stderr = err_path.read_text(encoding="utf-8", errors="replace")
            if "propagateSizeHints" in stderr:  # offscreen: a top-level window was shown
                shown = True
                break
            maps = Path(f"/proc/{proc.pid}/maps")
            if maps.exists() and time.monotonic() - started > 10:
                loaded = maps.read_text()
                if "libqoffscreen" in loaded and "Qt6Widgets" in loaded:
                    shown = True
                    break
            time.sleep(0.2)
        assert shown, f"the window did not show within 60 s:\n{err_path.read_text()}"
        time.sleep(2)  # let the first start settle (models load, the timer-started first-start check runs)
        assert proc.poll() is None, f"the window exited ({proc.returncode}):\n{err_path.read_text()}"
        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        code = proc.wait(timeout=10)
        assert time.monotonic() - t0 < 10
        assert code == -signal.SIGTERM, f"exit code {code}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr
    assert "Error" not in stderr, stderr
