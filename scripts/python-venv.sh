#!/usr/bin/env bash
# `python-venv.sh NAME REQUIREMENTS`: the Python venv NAME in the tool cache ($EGATE_TOOLS,
# default /var/cache/egate-tools) with the packages of REQUIREMENTS, made again only when
# that file changes. Prints the venv's path.
set -euo pipefail
CACHE=${EGATE_TOOLS:-/var/cache/egate-tools}
venv="$CACHE/$1" requirements="$2"
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  printf '\n== python venv %s with %s\n' "$1" "$(tr '\n' ' ' < "$requirements")" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$requirements" >&2
  cp "$requirements" "$venv/requirements.txt"
fi
echo "$venv"
