"""The embedded Japanese font for sheets: IPAex Gothic, shipped in resources/fonts.

Only the shipped file is used, never a system font: reportlab's built-in CID fonts are not
embedded (boxes on a machine without Japanese fonts), and Noto CJK ``.ttc`` files fail. A
TrueType font embedded as a subset carries a ToUnicode map, so ``pdftotext`` gives back exactly
what was written (髙, 﨑, （）・～ included) on any machine.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk import paths

FONT_NAME = "IPAexGothic"
FONT_FILE = "ipaexg.ttf"
LICENSE_FILE = "IPA_Font_License.txt"

_lock = threading.Lock()


class FontMissingError(RuntimeError):
    """The shipped font file is not where the installation keeps it."""


def font_path() -> Path:
    return paths.resources_dir() / "fonts" / FONT_FILE


def ensure_font() -> str:
    """Register the sheet font once per process (parsing it takes ~0.1 s) and return its name."""
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            path = font_path()
            if not path.is_file():
                raise FontMissingError(f"the sheet font is missing: {path} (reinstall desk)")
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME
