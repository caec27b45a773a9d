# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run-tests and run-demo: installs the Debian packages the build,
# the tests and the demo need, when they are missing.

SEGMENTA_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libsqlite3-dev sqlite3 libcsv-dev libjson-glib-dev
  libgtk-4-dev libadwaita-1-dev libgsl-dev libopenblas-dev
  libarchive-dev libxml2-dev libxlsxwriter-dev
  desktop-file-utils appstream xvfb xauth
)

# Packages for the sanitizer and fuzzing builds; CI wants them, a person
# trying the demo does not.
SEGMENTA_TEST_PACKAGES=(
  clang libclang-rt-14-dev
)

segmenta_install_packages ()
{
  local missing=()
  local pkg

  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done

  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi

  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
