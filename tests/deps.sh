#!/bin/sh
# Install the Debian packages cchc needs when they are missing.
#   deps.sh --check      exit 1 when a library needed to build is missing
#   deps.sh PKG...       apt-get install those of PKG... not installed yet
set -eu

have_build_libs() {
	command -v pkg-config >/dev/null 2>&1 &&
	pkg-config --exists libpcre2-8 zlib libutf8proc libxml-2.0 libzip &&
	{ [ -f /usr/include/csv.h ] || [ -f /usr/local/include/csv.h ]; } &&
	pkg-config --exists libcrypto
}

if [ "${1:-}" = --check ]; then
	have_build_libs
	exit
fi

missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing (not a Debian system: install them by hand)" >&2
	exit 1
fi
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
