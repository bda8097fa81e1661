"""LICENSES.txt for the desktop bundle, computed from what PyInstaller actually collected.

build.spec calls ``check_and_write_licenses(analysis, path, root=...)`` after the Analysis: every
collected file (Python modules, extension modules, shared libraries, data) is traced back to the
installed distribution that owns it (``importlib.metadata``), to the project itself, to Python's
standard library, or to the operating system; each owner is listed with its version and licence
(``License-Expression``, else ``License``, plus the ``License ::`` classifiers). Fixed entries: the
PyInstaller bootloader, Python, Qt (LGPLv3) and the IPAex Gothic font (IPA Font License).

The build fails (SystemExit) when an entry's licence leaves no choice but the GPL: a GPL (not LGPL)
licence with no non-GPL alternative (``LGPL-3.0-only OR GPL-3.0-only`` is fine: Qt is used under
the LGPL) and no exception that allows distribution (PyInstaller's bootloader exception).

    .venv/bin/python scripts/bundle_licenses.py DIST/desk-0.1.0/_internal/LICENSES.txt

checks an existing file again (exit 1 when it names a GPL-only licence).
"""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

LICENCE_PREFIX = "  licence: "
GPL_CHECK_PASSED = "GPL check: passed (nothing here is under the GPL alone)"

_GPL = re.compile(r"\bA?GPL|GNU (Affero )?General Public Licen[cs]e", re.IGNORECASE)
_LGPL = re.compile(r"\bLGPL|Lesser General Public|Library General Public", re.IGNORECASE)
#: Exceptions to the GPL that allow shipping the result under any licence.
_ALLOWED_EXCEPTIONS = re.compile(r"Bootloader-exception|special exception which allows to use PyInstaller",
                                 re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\s+OR\s+|\s+or\s+|\s*/\s*|\s*\|\s*")

#: Shared libraries from the operating system that are GPL (the spec excludes the modules that
#: need them; seeing one here means something pulled it in).
GPL_SYSTEM_LIBRARIES = ("libreadline", "libhistory", "libgdbm", "libgdbm_compat", "libmysqlclient")
#: Licences of shared libraries that commonly come from the system (Linux, macOS Homebrew).
KNOWN_SYSTEM_LIBRARIES = {
    "libssl": "Apache-2.0 (OpenSSL 3)", "libcrypto": "Apache-2.0 (OpenSSL 3)",
    "libsqlite3": "blessing (public domain)", "libz": "Zlib", "libbz2": "bzip2-1.0.6",
    "liblzma": "0BSD / public domain", "libffi": "MIT", "libexpat": "MIT", "libuuid": "BSD-3-Clause",
    "libmpdec": "BSD-2-Clause", "libtinfo": "X11 (ncurses)", "libncursesw": "X11 (ncurses)",
    "libpython": "PSF-2.0", "libstdc++": "GPL-3.0-or-later WITH GCC-exception-3.1",
    "libgcc_s": "GPL-3.0-or-later WITH GCC-exception-3.1", "libgfortran": "GPL-3.0-or-later WITH GCC-exception-3.1",
    "libquadmath": "LGPL-2.1-or-later", "libglib-2.0": "LGPL-2.1-or-later", "libgthread-2.0": "LGPL-2.1-or-later",
    "libpcre2-8": "BSD-3-Clause", "libdbus-1": "AFL-2.1 OR GPL-2.0-or-later", "libsystemd": "LGPL-2.1-or-later",
    "libfontconfig": "MIT-like (fontconfig)", "libfreetype": "FTL OR GPL-2.0-or-later",
    "libpng16": "libpng-2.0", "libbrotlidec": "MIT", "libbrotlicommon": "MIT", "libxkbcommon": "MIT",
    "libxcb": "MIT", "libX11": "MIT", "libXau": "MIT", "libXdmcp": "MIT", "libgraphite2": "LGPL-2.1-or-later OR MPL-2.0",
    "libharfbuzz": "MIT", "libicu": "Unicode-3.0", "libgomp": "GPL-3.0-or-later WITH GCC-exception-3.1",
}
#: GCC's runtime library exception allows shipping the runtime with any program.
_ALLOWED_EXCEPTIONS_SYSTEM = re.compile(r"GCC-exception", re.IGNORECASE)


def gpl_only(licence: str) -> bool:
    """True when ``licence`` leaves only the GPL (not the LGPL) and grants no exception.

    Alternatives (``A OR B``, ``A / B``) are read as a choice: one non-GPL option is enough.
    """
    if _ALLOWED_EXCEPTIONS.search(licence) or _ALLOWED_EXCEPTIONS_SYSTEM.search(licence):
        return False
    options = [o for o in _ALTERNATIVES.split(licence) if o.strip()] or [licence]
    return all(_GPL.search(o) and not _LGPL.search(o) for o in options)


@dataclass
class Owner:
    name: str
    version: str
    licence: str
    kind: str  # "distribution", "project", "python", "system", "fixed"
    files: set[str] = field(default_factory=set)
    note: str = ""


def _dist_licence(dist: md.Distribution) -> str:
    meta = dist.metadata
    parts: list[str] = []
    expr = meta.get("License-Expression")
    text = (meta.get("License") or "").strip()
    if expr:
        parts.append(expr.strip())
    elif text and "\n" not in text and len(text) <= 120:
        parts.append(text)
    elif text:
        parts.append(text.splitlines()[0][:120] + " …")
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    parts += [c for c in classifiers if c not in parts]
    return " / ".join(parts) if parts else "UNKNOWN"


def _owners_by_file() -> dict[str, md.Distribution]:
    owners: dict[str, md.Distribution] = {}
    for dist in md.distributions():
        for f in dist.files or ():
            try:
                owners.setdefault(os.path.realpath(dist.locate_file(f)), dist)
            except (OSError, ValueError):
                continue
    return owners


def _dpkg_package(path: str) -> str:
    if not shutil.which("dpkg-query"):
        return ""
    # Merged /usr: dpkg may know the file under /lib rather than /usr/lib, or the other way round.
    candidates = [path, path[4:]] if path.startswith("/usr/lib/") else [path, "/usr" + path]
    out = ""
    for candidate in candidates:
        try:
            out = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True,
                                 timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
        if out:
            break
    pkg = out.split(":", 1)[0].strip() if out else ""
    if not pkg:
        return ""
    try:
        ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True,
                             timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        ver = ""
    return f"{pkg} {ver}".strip()


def _debian_licence(pkg: str) -> str:
    """The licence of a Debian package's ``Files: *`` stanza (machine-readable copyright files)."""
    name = pkg.split()[0] if pkg else ""
    copyright_file = Path("/usr/share/doc") / name / "copyright"
    if not name or not copyright_file.is_file():
        return ""
    try:
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    if not text.startswith("Format:"):
        return ""
    for stanza in re.split(r"\n\s*\n", text):
        if re.search(r"^Files:\s*\*\s*$", stanza, re.MULTILINE):
            m = re.search(r"^License:\s*(.+)$", stanza, re.MULTILINE)
            if m:
                return f"{m.group(1).strip()} (Debian {name} copyright, Files: *)"
    return ""


def _system_licence(path: str, pkg: str = "") -> str:
    base = os.path.basename(path)
    stem = base.split(".so")[0].split(".dylib")[0].split(".dll")[0]
    if stem.startswith(GPL_SYSTEM_LIBRARIES):
        return "GPL (operating system library)"
    for prefix, licence in sorted(KNOWN_SYSTEM_LIBRARIES.items(), key=lambda kv: -len(kv[0])):
        if re.match(re.escape(prefix) + r"(?![a-z])", stem):
            return licence
    return _debian_licence(pkg) or "see the operating system's package"


def _toc_sources(analysis) -> Iterable[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(destination, source path) of everything the bundle will hold."""
    for name, src, _kind in analysis.pure:
        if src:
            yield name, src
    for dest, src, kind in list(analysis.binaries) + list(analysis.datas):
        if src and kind != "SYMLINK":  # a link to another bundled file (build.spec: one OpenSSL)
            yield dest, src
    for name, src, _kind in analysis.scripts:
        if src:
            yield name, src


def collect_owners(entries: Iterable[tuple[str, str]], root: Path) -> dict[str, Owner]:
    by_file = _owners_by_file()
    root = root.resolve()
    stdlib_dirs = {os.path.realpath(p) for p in (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
                                                  os.path.join(sys.base_prefix, "lib"), sys.base_prefix)}
    py_version = platform.python_version()
    owners: dict[str, Owner] = {}
    try:
        desk_licence = _dist_licence(md.distribution("desk"))
    except md.PackageNotFoundError:
        desk_licence = "MIT"

    def add(key: str, make: Owner, dest: str) -> None:
        owners.setdefault(key, make).files.add(dest)

    for dest, src in entries:
        real = os.path.realpath(src)
        dist = by_file.get(real)
        if real.startswith(str(root) + os.sep) and (dist is None or dist.metadata["Name"] == "desk"):
            if real.endswith("ipaexg.ttf") or real.endswith("IPA_Font_License.txt"):
                continue  # the fixed font entry below
            import desk

            add("desk", Owner("desk", desk.__version__, desk_licence, "project"), dest)
        elif dist is not None:
            name = dist.metadata["Name"]
            add(name.lower(), Owner(name, dist.version, _dist_licence(dist), "distribution"), dest)
        elif (any(real.startswith(d + os.sep) for d in stdlib_dirs) and "site-packages" not in real) \
                or os.path.basename(real) == "base_library.zip":  # PyInstaller's copy of the stdlib core
            add("python", Owner("Python", py_version, "PSF-2.0", "python",
                                note="the interpreter and its standard library"), dest)
        elif "site-packages" in real or "dist-packages" in real:
            add(f"unowned:{real}", Owner(os.path.basename(real), "?", "UNKNOWN (not owned by an installed "
                                         "distribution)", "system"), dest)
        else:
            pkg = _dpkg_package(real)
            name = os.path.basename(real)
            add(f"system:{name}", Owner(name, pkg or "", _system_licence(real, pkg), "system",
                                        note=f"from {real}" + (f" (Debian package {pkg})" if pkg else "")), dest)
    return owners


def fixed_entries() -> list[Owner]:
    entries: list[Owner] = []
    try:
        import PyInstaller

        entries.append(Owner("PyInstaller bootloader", PyInstaller.__version__,
                             "GPL-2.0-or-later WITH Bootloader-exception", "fixed",
                             note="the executables' start-up code; the exception allows any licence for the "
                                  "program it starts"))
    except ImportError:
        pass
    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except ImportError:
        qt = "?"
    entries.append(Owner("Qt", qt, "LGPL-3.0-only", "fixed",
                         note="QtCore, QtGui, QtWidgets, QtPrintSupport and their plugins, through PySide6 and "
                              "shiboken6 (also LGPL-3.0-only). They are separate shared libraries in this folder "
                              "(_internal/PySide6/Qt/lib) and may be replaced by compatible builds. Qt's "
                              "third-party parts: https://doc.qt.io/qt-6/licenses-used-in-qt.html"))
    entries.append(Owner("IPAex Gothic (ipaexg.ttf)", "00401", "IPA Font License Agreement v1.0", "fixed",
                         note="embedded in every PDF sheet; the licence is resources/fonts/IPA_Font_License.txt"))
    return entries


def render(owners: dict[str, Owner], extra: list[Owner]) -> str:
    import desk

    lines = [f"desk {desk.__version__}: licences of what this folder holds",
             "Generated at build time by scripts/bundle_licenses.py from the files PyInstaller collected.", ""]
    groups = (("Fixed parts", extra),
              ("desk itself", [o for o in owners.values() if o.kind == "project"]),
              ("Python distributions", sorted((o for o in owners.values() if o.kind == "distribution"),
                                              key=lambda o: o.name.lower())),
              ("Python", [o for o in owners.values() if o.kind == "python"]),
              ("Shared libraries from the build machine's operating system",
               sorted((o for o in owners.values() if o.kind == "system"), key=lambda o: o.name.lower())))
    for title, items in groups:
        if not items:
            continue
        lines += [f"== {title} ==", ""]
        for o in items:
            lines.append(f"{o.name} {o.version}".rstrip())
            lines.append(LICENCE_PREFIX + o.licence)
            if o.name in ("PySide6_Essentials", "shiboken6"):
                lines.append("  used under: LGPL-3.0-only")
            if o.note:
                lines.append(f"  note: {o.note}")
            vendored = sorted(Path(f).name for f in o.files if Path(f).parent.name.endswith(".libs"))
            if vendored:  # libraries the wheel carries (auditwheel), each under its own licence
                lines.append(f"  vendored libraries: {', '.join(vendored)}")
            if o.files:
                lines.append(f"  files: {len(o.files)}")
            lines.append("")
    lines.append(GPL_CHECK_PASSED)
    return "\n".join(lines) + "\n"


def gpl_offenders(owners: Iterable[Owner]) -> list[Owner]:
    return [o for o in owners if gpl_only(o.licence)]


def check_and_write_licenses(analysis, path: Path, *, root: Path) -> list[Owner]:  # type: ignore[no-untyped-def]
    """Called from build.spec: write ``path``; stop the build when a GPL-only licence is bundled."""
    owners = collect_owners(_toc_sources(analysis), root)
    extra = fixed_entries()
    bad = gpl_offenders([*owners.values(), *extra])
    if bad:
        detail = "\n".join(f"  {o.name} {o.version}: {o.licence} ({sorted(o.files)[:3]} …)" for o in bad)
        raise SystemExit(f"bundle_licenses: GPL-licensed code would be bundled; exclude it:\n{detail}")
    unknown = [o for o in owners.values() if o.licence.startswith("UNKNOWN")]
    for o in unknown:
        print(f"bundle_licenses: WARNING: no licence known for {o.name} ({sorted(o.files)[:3]})", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(owners, extra), encoding="utf-8")
    return [*extra, *owners.values()]


def check_file(path: Path) -> list[str]:
    """The licence lines of an existing LICENSES.txt that name a GPL-only licence."""
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines()
            if line.startswith(LICENCE_PREFIX) and gpl_only(line[len(LICENCE_PREFIX):])]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: bundle_licenses.py PATH/LICENSES.txt", file=sys.stderr)
        return 2
    bad = check_file(Path(argv[0]))
    for line in bad:
        print(f"GPL-only: {line.strip()}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
