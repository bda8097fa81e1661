#!/usr/bin/env bash
# Sets up what desk needs on a fresh Debian machine: system packages (when run as root or with sudo),
# a virtual environment in .venv, and the package with its development tools. icu-devtools (icupkg)
# is for the bundle build (build.spec cuts ICU's data); dbus-daemon for the keyring tests.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv binutils fonts-ipaexfont poppler-utils xvfb xauth
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  postgresql
  icu-devtools dbus-daemon
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v -E "^WARNING: Location" || true
.venv/bin/python -c "import desk, PySide6, sqlalchemy" || { echo "setup: the package did not install"; exit 1; }
# Translations: build .qm from the .ts sources when the tools are there.
if [ -x scripts/build_translations.sh ]; then scripts/build_translations.sh >/dev/null; fi
