"""Fixtures for the sheet tests: text as pdftotext reads it on a machine without Japanese fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _no_font_env(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig knows no fonts at all: a machine without Japanese fonts."""
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><dir>{tmp / 'nofonts'}</dir><cachedir>{tmp / 'cache'}</cachedir></fontconfig>",
                    encoding="utf-8")
    (tmp / "nofonts").mkdir(exist_ok=True)
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@pytest.fixture
def pdftext(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``pdftext(pdf_bytes, page=None) -> str``: pdftotext's output, run without any system fonts."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    env = _no_font_env(tmp_path)
    counter = iter(range(10_000))

    def run(data: bytes, page: int | None = None) -> str:
        path = tmp_path / f"sheet-{next(counter)}.pdf"
        path.write_bytes(data)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], env=env,
                              capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    return run

