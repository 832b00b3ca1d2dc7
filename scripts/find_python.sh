#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter that really runs, or explain what to install.
# Order: python3.13 / python3.12 / python3 on PATH, then pyenv's installed versions.
set -u
works() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in python3.13 python3.12 python3; do
  p=$(command -v "$cand" 2>/dev/null) || continue
  if works "$p"; then "$p" -c 'import sys; print(sys.executable)'; exit 0; fi
done
root=${PYENV_ROOT:-$HOME/.pyenv}
if [ -d "$root/versions" ]; then
  for v in $(ls -1 "$root/versions" | sort -t. -k1,1nr -k2,2nr -k3,3nr); do
    p="$root/versions/$v/bin/python3"
    [ -x "$p" ] && works "$p" && { echo "$p"; exit 0; }
  done
fi
echo "motcua cần Python 3.12 trở lên (Python >= 3.12 is required)." >&2
echo "Cài đặt: 'apt-get install python3.13' (Debian 13) hoặc 'pyenv install 3.12'." >&2
exit 1
