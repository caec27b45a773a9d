#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks a shared-mime-info package the way it will be used: compiles it
# with update-mime-database into a scratch MIME database (which reports bad
# elements and attributes on stderr but still exits 0, so stderr is the
# verdict), then asks GIO what type a project file gets.
#
# Usage: check-mime-package.sh PACKAGE.xml MIME-TYPE GLOB PARENT-TYPE
set -eu

if [ $# -ne 4 ]; then
  echo "usage: $0 PACKAGE.xml MIME-TYPE GLOB PARENT-TYPE" >&2
  exit 2
fi
package=$1 mime_type=$2 glob=$3 parent=$4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/mime/packages" "$tmp/home"
cp "$package" "$tmp/mime/packages/"

if ! XDG_DATA_DIRS="$tmp" XDG_DATA_HOME="$tmp/home" \
     update-mime-database "$tmp/mime" >"$tmp/log" 2>&1; then
  cat "$tmp/log" >&2
  echo "FAIL: update-mime-database failed on $package" >&2
  exit 1
fi
if [ -s "$tmp/log" ]; then
  cat "$tmp/log" >&2
  echo "FAIL: update-mime-database reported problems in $package" >&2
  exit 1
fi

# globs2 lines are WEIGHT:TYPE:GLOB[:FLAGS].
if ! grep -qF ":$mime_type:$glob" "$tmp/mime/globs2"; then
  echo "FAIL: $package does not map $glob to $mime_type" >&2
  exit 1
fi
if ! grep -qxF "$mime_type $parent" "$tmp/mime/subclasses"; then
  echo "FAIL: $package does not make $mime_type a subclass of $parent" >&2
  exit 1
fi
echo "ok: $glob -> $mime_type, subclass of $parent"

# What the desktop will see for a real file, if GIO's tool is around.
if command -v gio >/dev/null 2>&1; then
  file="$tmp/example${glob#\*}"
  printf 'SQLite format 3\000' >"$file"
  head -c 84 /dev/zero >>"$file"
  got=$(XDG_DATA_DIRS="$tmp:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
        XDG_DATA_HOME="$tmp/home" \
        gio info -a standard::content-type "$file" |
        sed -n 's/^ *standard::content-type: //p')
  if [ "$got" != "$mime_type" ]; then
    echo "FAIL: GIO sees $file as '$got', expected $mime_type" >&2
    exit 1
  fi
  echo "ok: GIO sees a $glob file as $mime_type"
fi
