#!/usr/bin/env bash
# Installs LibreOffice Calc (headless) for the spreadsheet-engine test tier: LibreOffice 25.2 from
# bookworm-backports (7.4 in bookworm lacks XLOOKUP, LET, FILTER …), plus pdftoppm and CJK fonts for reports.
# Idempotent: does nothing when LibreOffice 25 or newer is already on PATH. Fails loudly when 25.2 cannot be had.
set -euo pipefail
have_lo() {
  command -v soffice >/dev/null 2>&1 || return 1
  local version major
  version=$(soffice --version 2>/dev/null || true)
  major=$(printf '%s\n' "$version" | grep -oE '[0-9]+\.[0-9]+' | head -1 | cut -d. -f1)
  [ -n "${major:-}" ] && [ "$major" -ge 25 ] && command -v pdftoppm >/dev/null 2>&1 || return 1
  local fonts
  fonts=$(fc-list 2>/dev/null || true)
  [[ "$fonts" == *"Noto Sans CJK"* ]]
}
if have_lo; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
src=/etc/apt/sources.list.d/debian.sources
bp=/etc/apt/sources.list.d/srm-xl-backports.sources
if [ ! -f "$bp" ]; then
  if [ -f "$src" ]; then
    uris=$(awk '/^URIs:/{print $2; exit}' "$src")
    key=$(awk '/^Signed-By:/{print $2; exit}' "$src")
  else
    uris=http://deb.debian.org/debian
    key=/usr/share/keyrings/debian-archive-keyring.gpg
  fi
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' "$uris" "$key" | $SUDO tee "$bp" >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
apt="$SUDO apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends"
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# The policy is read into a variable first: `apt-cache policy | grep -q` under pipefail fails on SIGPIPE.
policy=$(apt-cache policy libreoffice-calc-nogui)
case "$policy" in
  *bookworm-backports*) ;;
  *) echo "LibreOffice 25.2 is not available from bookworm-backports on this machine" >&2; exit 1 ;;
esac
$apt install -t bookworm-backports libreoffice-calc-nogui >/dev/null
$apt install poppler-utils fonts-noto-cjk >/dev/null
version=$(soffice --version)
echo "$version"
case "$version" in
  "LibreOffice 2"[5-9]*) ;;
  *) echo "expected LibreOffice 25.2 or newer, found: $version" >&2; exit 1 ;;
esac
