"""Linux bundle: a smaller copy of ICU's data library (libicudata.so.NN) for the bundle (build.spec).

The PySide6 wheels for Linux bring their own ICU, and its data library holds everything ICU knows:
31 MB, the largest file of the bundle. Qt uses ICU for little (the symbols libQt6Core imports):
collation (QCollator: the file dialog sorts names with it), case mapping, time-zone names and
canonical IDs (ucal_*), and text converters for encodings other than UTF (QStringConverter). So
the data library is rebuilt with only

- the locales desk shows: the root locale, Japanese and English (the other locales fall back to root:
  QCollator("de") still sorts by the root collation);
- every item that is not locale data (normalisation, properties, time-zone rules, converter aliases…);
- converters for Japanese encodings (Shift_JIS / CP932, EUC-JP, ISO-2022-JP) and the Latin, Cyrillic,
  Greek, Hebrew, Arabic and Thai single-byte ones (ISO-8859-x, windows-125x, IBM code pages);

and without break-iterator dictionaries, transliterators, number spell-out rules and unit names,
which Qt never asks ICU for. Measured (ICU 73, PySide6 6.12): 31.0 → 4.6 MB.

Tools (build time only, nothing of them is shipped): ``icupkg`` (Debian package ``icu-devtools``)
to list and remove items of the data package, ``objcopy``, ``as`` and ``ld`` (``binutils``) to take
the package out of the library and put the smaller one into a new library with the same soname and
symbol. Without them the full library is bundled (and the build says so).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

#: A locale's resource: ``ja``, ``en_US_POSIX``, ``zh_Hant_TW``, ``de_`` (names that are not locales,
#: such as ``pool``, ``root``, ``supplementalData``, ``zoneinfo64``, have more than three letters
#: first; ``res_index``, each tree's list of its locales, is the one exception and is kept).
LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
KEPT_LOCALES = re.compile(r"^(root|ja|en)(_|$)")
#: Trees Qt never reads: break iteration (ubrk), transliteration (utrans), spelled-out numbers and unit names.
DROPPED_TREES = ("brkitr/", "translit/", "rbnf/", "unit/")
#: Converter tables kept: Japanese multi-byte ones and the single-byte ones of European and Middle
#: Eastern code pages (Chinese, Korean and EBCDIC tables are the large ones left out).
KEPT_CONVERTERS = re.compile(
    r"^(ibm-943_|ibm-33722_|euc-jp|ibm-954_|jisx-|icu-internal-25546|iso-8859_|ibm-(437|850|878|912|913|914"
    r"|915|920|921|923|1089|1168|9005|813|125[0-8]|534[6-9]|535[0-4])_|windows-874-|macos-0_2)"
)


def dropped_items(items: list[str]) -> list[str]:
    """The items of an ICU data package (``icupkg -l`` names) that the bundle leaves out."""
    dropped = []
    for item in items:
        name = item.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        locale = name.endswith(".res") and stem != "res_index" and LOCALE_ITEM.match(stem)
        if (item.startswith(DROPPED_TREES)
                or (name.endswith(".cnv") and not KEPT_CONVERTERS.match(name))
                or (locale and not KEPT_LOCALES.match(stem))):
            dropped.append(item)
    return dropped


def tools_missing() -> list[str]:
    return [tool for tool in ("icupkg", "objcopy", "readelf", "as", "ld") if shutil.which(tool) is None]


def trimmed_icudata(library: Path, work: Path) -> Path:
    """Build the smaller copy of ``library`` (a libicudata.so.NN) in ``work``; returns its path."""
    dynamic = subprocess.run(["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True,
                             check=True).stdout
    symbol = re.search(r"\b(icudt(\d+)_dat)\b", dynamic)
    soname = re.search(r"\(SONAME\).*\[([^\]]+)\]",
                       subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True,
                                      check=True).stdout)
    if symbol is None or soname is None:
        raise RuntimeError(f"{library}: no icudtNN_dat symbol or soname")
    work.mkdir(parents=True, exist_ok=True)
    package = work / f"icudt{symbol.group(2)}l.dat"  # icupkg names items after the package file
    # The data is the library's only read-only section, starting at the symbol.
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(package)], check=True)
    items = subprocess.run(["icupkg", "-l", str(package)], capture_output=True, text=True, check=True).stdout.split()
    drop = work / "dropped.txt"
    drop.write_text("\n".join(dropped_items(items)) + "\n", encoding="ascii")
    smaller = work / "small" / package.name
    smaller.parent.mkdir(exist_ok=True)
    smaller.unlink(missing_ok=True)
    subprocess.run(["icupkg", "-r", str(drop), str(package), str(smaller)], check=True, capture_output=True)
    source = work / "icudata.s"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol.group(1)}\n"
        f"\t.type {symbol.group(1)}, @object\n"
        "\t.balign 16\n"
        f"{symbol.group(1)}:\n"
        f'\t.incbin "{smaller}"\n'
        f"\t.size {symbol.group(1)}, . - {symbol.group(1)}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    obj = work / "icudata.o"
    out = work / soname.group(1)
    subprocess.run(["as", "-o", str(obj), str(source)], check=True)
    subprocess.run(["ld", "-shared", "-soname", soname.group(1), "-o", str(out), str(obj)], check=True)
    return out
