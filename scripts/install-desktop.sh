#!/usr/bin/env bash
# Puts desk in the current user's application menu on Linux: a .desktop file and the icon, under
# ${XDG_DATA_HOME:-~/.local/share} (no root needed). Run it from the bundle folder or the checkout.
#   scripts/install-desktop.sh                 install, starting the bundle's desk if found, else scripts/run.sh
#   scripts/install-desktop.sh --exec PATH     install, starting PATH
#   scripts/install-desktop.sh --uninstall     remove both again
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor
DESKTOP=$APPS/desk.desktop

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

EXEC=""
case "${1:-}" in
  --uninstall)
    rm -f "$DESKTOP" "$ICONS/256x256/apps/desk.png" "$ICONS/scalable/apps/desk.svg"
    refresh
    echo "desk removed from the application menu"
    exit 0 ;;
  --exec)
    [ -n "${2:-}" ] || { echo "install-desktop: --exec needs the program to start" >&2; exit 2; }
    EXEC=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") ;;
  "") ;;
  *) echo "install-desktop: unknown option $1 (use --exec PATH or --uninstall)" >&2; exit 2 ;;
esac
if [ -z "$EXEC" ]; then
  for candidate in "$ROOT/desk" "$ROOT/dist/desk/desk" "$ROOT/scripts/run.sh"; do
    if [ -x "$candidate" ] && [ -f "$candidate" ]; then EXEC=$candidate; break; fi
  done
fi
[ -n "$EXEC" ] || { echo "install-desktop: no desk program found; give one with --exec PATH" >&2; exit 2; }

ICON_PNG=$ROOT/resources/icons/desk.png
[ -f "$ICON_PNG" ] || ICON_PNG=$ROOT/_internal/resources/icons/desk.png  # the bundle keeps data in _internal
[ -f "$ICON_PNG" ] || { echo "install-desktop: icon desk.png not found" >&2; exit 2; }
mkdir -p "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
install -m 0644 "$ICON_PNG" "$ICONS/256x256/apps/desk.png"
ICON_SVG=${ICON_PNG%.png}.svg
[ -f "$ICON_SVG" ] && install -m 0644 "$ICON_SVG" "$ICONS/scalable/apps/desk.svg"

# Exec with a path holding spaces is quoted as the Desktop Entry spec asks.
QUOTED=$(printf '%s' "$EXEC" | sed 's/["`$\\]/\\&/g')
cat > "$DESKTOP.tmp" <<DESKTOP_ENTRY
[Desktop Entry]
Type=Application
Version=1.0
Name=desk
Name[ja]=desk ワクチン接種会場の人員手配
GenericName=Vaccination venue staffing
GenericName[ja]=接種会場の人員手配
Comment=Find registrants for vaccination venue postings, call them and record every placement
Comment[ja]=接種会場の募集に合う登録者を探し、連絡し、配置を記録します
Exec="$QUOTED" %F
Icon=desk
Terminal=false
Categories=Office;Database;
MimeType=text/csv;application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;
Keywords=vaccination;staffing;registrants;接種;募集;登録者;
StartupWMClass=desk
DESKTOP_ENTRY
mv "$DESKTOP.tmp" "$DESKTOP"
chmod 0644 "$DESKTOP"
refresh
echo "desk added to the application menu: $DESKTOP (starts $EXEC)"
