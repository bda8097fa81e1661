#!/usr/bin/env bash
# Builds the desktop bundle (build.spec) into DISTDIR (default: dist/ beside the source, ignored by
# git) with PyInstaller from .venv, then prints the folder's size. Linux and macOS; on Windows run
# the same PyInstaller command from .venv\Scripts\python.exe (see README, "Desktop bundle").
# The committed resources/translations/desk_ja.qm is shipped as it is (tests keep it current).
#   scripts/build_bundle.sh [DISTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/desk-bundle-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PY=.venv/bin/python
[ -x "$PY" ] || { echo "build_bundle: no .venv; run scripts/setup.sh first" >&2; exit 1; }
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q "pyinstaller>=6.3"
"$PY" -m PyInstaller build.spec --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK"
NAME=$("$PY" -c "import desk; print(f'{desk.APP_NAME}-{desk.__version__}')")
echo "build_bundle: $DIST/$NAME ($(du -sh "$DIST/$NAME" | cut -f1)); licences in $DIST/$NAME/_internal/LICENSES.txt"
