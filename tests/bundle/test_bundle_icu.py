"""The Linux bundle's smaller ICU data library (scripts/bundle_icu.py, used by build.spec).

What is left out of ICU's data, and what Qt still does with the smaller library: the PySide6 of the
venv is run with the rebuilt library preloaded (same soname, so Qt uses it instead of the wheel's)
and must sort Japanese as before, open the Japanese text converters and name Japan's time zone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bundle_icu  # noqa: E402


def test_kept_and_dropped_items() -> None:
    kept = ["root.res", "ja.res", "ja_JP.res", "en.res", "en_US_POSIX.res", "pool.res", "res_index.res",
            "supplementalData.res", "zoneinfo64.res", "metaZones.res", "likelySubtags.res", "nfkc.nrm",
            "cnvalias.icu", "coll/ucadata.icu", "coll/root.res", "coll/ja.res", "coll/res_index.res",
            "zone/ja.res", "zone/root.res", "zone/pool.res", "region/ja.res",
            "ibm-943_P15A-2003.cnv", "euc-jp-2007.cnv", "jisx-212.cnv", "ibm-5348_P100-1997.cnv",
            "iso-8859_14-1998.cnv", "windows-874-2000.cnv"]
    dropped = ["de.res", "zh_Hant_TW.res", "sr_Latn.res", "coll/de.res", "coll/de__PHONEBOOK.res", "zone/fr.res",
               "brkitr/cjdict.dict", "brkitr/root.res", "translit/root.res", "rbnf/ja.res", "unit/ja.res",
               "gb18030.cnv", "ibm-1388_P103-2001.cnv", "euc-tw-2014.cnv", "windows-936-2000.cnv",
               "ibm-37_P100-1995.cnv"]
    assert bundle_icu.dropped_items(kept + dropped) == dropped


def _wheel_icudata() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


PROBE = """
import functools, json, sys
from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QStringDecoder, QTimeZone
app = QCoreApplication(sys.argv)
collator = QCollator(QLocale("ja_JP"))
collator.setNumericMode(True)
names = ["ぱ", "は", "バ", "カ", "漢字", "b", "A", "a10", "a9"]
zone = QTimeZone(b"Asia/Tokyo")
print(json.dumps({
    "sorted": sorted(names, key=functools.cmp_to_key(collator.compare)),
    "codecs": [QStringDecoder(name).isValid() for name in ("Shift_JIS", "windows-31j", "EUC-JP", "ISO-2022-JP")],
    "zone": zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("ja_JP")),
    "upper": QLocale("tr_TR").toUpper("i"),
}, ensure_ascii=False))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or _wheel_icudata() is None or bundle_icu.tools_missing(),
                    reason="Linux PySide6 wheel with ICU, icupkg and binutils")
def test_qt_works_with_the_smaller_library(tmp_path: Path) -> None:
    library = _wheel_icudata()
    assert library is not None
    smaller = bundle_icu.trimmed_icudata(library, tmp_path / "icu")
    assert smaller.name == library.name
    assert smaller.stat().st_size < library.stat().st_size / 4

    def probe(preload: Path | None) -> dict[str, object]:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if preload is not None:
            env["LD_PRELOAD"] = str(preload)
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                             encoding="utf-8", check=True, timeout=60).stdout
        return dict(json.loads(out.strip().splitlines()[-1]))

    result = probe(smaller)
    assert result == probe(None)
    assert result["codecs"] == [True, True, True, True]
    assert result["zone"] == "日本標準時"
