#!/usr/bin/env bash
# Refreshes resources/translations/desk_ja.ts from the strings in desk/ui (existing translations are
# kept; strings no longer in the code are dropped) and builds desk_ja.qm from it.
# Idempotent and quiet; prints one line and exits 0 when the Qt tools are not installed.
#   scripts/build_translations.sh            update the .ts, then build the .qm
#   scripts/build_translations.sh --release  only build the .qm from the committed .ts
set -euo pipefail
cd "$(dirname "$0")/.."

TS_DIR=resources/translations
LANGS=(ja)

find_tool() {  # find_tool lupdate -> path of pyside6-lupdate (or the Qt binary inside PySide6)
  local name=$1 candidate
  for candidate in ".venv/bin/pyside6-$name" "$(command -v "pyside6-$name" 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  local py=.venv/bin/python
  [ -x "$py" ] || py=$(command -v python3 || true)
  if [ -n "$py" ]; then
    candidate=$("$py" - "$name" 2>/dev/null <<'EOF' || true
import pathlib, sys
try:
    import PySide6
except ImportError:
    raise SystemExit(0)
root = pathlib.Path(PySide6.__file__).parent
for p in (root / sys.argv[1], root / "Qt" / "libexec" / sys.argv[1], root / (sys.argv[1] + ".exe")):
    if p.is_file():
        print(p)
        break
EOF
)
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  fi
  return 1
}

LRELEASE=$(find_tool lrelease) || { echo "build_translations: lrelease not found (install PySide6); skipped"; exit 0; }

mkdir -p "$TS_DIR"
if [ "${1:-}" != "--release" ]; then
  if LUPDATE=$(find_tool lupdate); then
    mapfile -t SOURCES < <(find desk/ui -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort)
    for lang in "${LANGS[@]}"; do
      "$LUPDATE" -silent -locations none -no-obsolete -source-language en -target-language "$lang" \
        "${SOURCES[@]}" -ts "$TS_DIR/desk_$lang.ts" >/dev/null
    done
  else
    echo "build_translations: lupdate not found; building the .qm from the existing .ts"
  fi
fi

for lang in "${LANGS[@]}"; do
  ts="$TS_DIR/desk_$lang.ts"
  [ -f "$ts" ] || continue
  "$LRELEASE" -silent "$ts" -qm "$TS_DIR/desk_$lang.qm" >/dev/null
done
