"""Rasterise resources/icons/desk.svg into the application icons the bundle needs.

    .venv/bin/python resources/icons/make_icons.py

writes, next to the SVG:

- ``desk.png``  256 x 256 (the window icon, Linux desktop files);
- ``desk.ico``  16 … 256 px, PNG-compressed entries (Windows executable icon);
- ``desk.icns`` 16 … 1024 px, PNG entries (macOS application icon).

Qt renders the SVG (QSvgRenderer, part of PySide6-Essentials); the .ico and .icns containers are
written here by hand (both are a small header and a table of PNG images), so no Pillow is needed.
The files are committed: a build does not have to run this.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "desk.svg"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size.
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024))


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError(f"could not encode a {size}px PNG")
    buf.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRY per size + the PNG images (Windows Vista and later read PNG entries)."""
    sizes = sorted(pngs)
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    body = b""
    for s in sizes:
        png = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(body))
        body += png
    return out + body


def icns(pngs: dict[bytes, bytes]) -> bytes:
    body = b"".join(struct.pack(">4sI", kind, len(png) + 8) + png for kind, png in pngs.items())
    return struct.pack(">4sI", b"icns", len(body) + 8) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - needed for QPainter
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"make_icons: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = render_png(renderer, size)
        return cache[size]

    (HERE / "desk.png").write_bytes(png(256))
    (HERE / "desk.ico").write_bytes(ico({s: png(s) for s in ICO_SIZES}))
    (HERE / "desk.icns").write_bytes(icns({kind: png(s) for kind, s in ICNS_TYPES}))
    for name in ("desk.png", "desk.ico", "desk.icns"):
        print(f"make_icons: {HERE / name} ({(HERE / name).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
