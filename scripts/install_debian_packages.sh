#!/usr/bin/env bash
# Install the Debian packages motcua needs (fonts for PDFs; Chromium and poppler for browser
# tests and PDF checks). Usage: install_debian_packages.sh [fonts|browser|all]
set -u
what=${1:-fonts}
pkgs=(fonts-liberation2 fonts-noto-core)
[ "$what" = browser ] || [ "$what" = all ] && pkgs+=(chromium poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Thiếu gói: ${missing[*]} — hãy cài bằng trình quản lý gói của hệ điều hành." >&2; exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && { command -v sudo >/dev/null 2>&1 && sudo="sudo -n" || sudo=none; }
if [ "$sudo" = none ]; then
  echo "Thiếu gói Debian: ${missing[*]}. Chạy: sudo apt-get install ${missing[*]}" >&2; exit 0
fi
echo "Đang cài gói Debian: ${missing[*]}"
if ! { $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || \
       { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }; }; then
  echo "Không cài được: ${missing[*]}. Chạy: sudo apt-get install ${missing[*]}" >&2
fi
exit 0
