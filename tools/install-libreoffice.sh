#!/usr/bin/env bash
# Installs LibreOffice Calc (headless) for the spreadsheet-engine test tier: LibreOffice 25.2 from
# bookworm-backports (7.4 in bookworm lacks XLOOKUP, LET, FILTER …), plus pdftoppm and CJK fonts for reports.
# Idempotent: does nothing when LibreOffice 24 or newer is already on PATH.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then
  major=$(soffice --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -1 | cut -d. -f1 || true)
  if [ -n "${major:-}" ] && [ "$major" -ge 24 ] && command -v pdftoppm >/dev/null 2>&1; then exit 0; fi
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
src=/etc/apt/sources.list.d/debian.sources
bp=/etc/apt/sources.list.d/srm-xl-backports.sources
if [ -f "$src" ] && [ ! -f "$bp" ]; then
  uris=$(awk '/^URIs:/{print $2; exit}' "$src")
  key=$(awk '/^Signed-By:/{print $2; exit}' "$src")
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' "$uris" "$key" | $SUDO tee "$bp" >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
apt="$SUDO apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends"
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
if apt-cache policy libreoffice-calc-nogui | grep -q bookworm-backports; then
  $apt install -t bookworm-backports libreoffice-calc-nogui >/dev/null
else
  $apt install libreoffice-calc-nogui >/dev/null
fi
$apt install poppler-utils fonts-noto-cjk >/dev/null
soffice --version
