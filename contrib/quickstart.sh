#!/bin/sh
# The README's quick start: installs what is missing (Debian packages),
# builds ocrtop with warnings as errors, then runs the demo or the tests.
#
#   sh contrib/quickstart.sh demo    # set up, then open the dashboard on a demo platform
#   sh contrib/quickstart.sh test    # set up, then run the whole test suite
#
# Builds in ./build (out of tree). Needs root or sudo only to install packages.
set -eu
mode=${1:-test}
case $mode in
demo|test|build) ;;
*) echo "usage: sh contrib/quickstart.sh demo|test|build" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages="build-essential autoconf automake pkg-config libhiredis-dev libjansson-dev
libncurses-dev libreadline-dev libtesseract-dev libleptonica-dev tesseract-ocr-eng
redis-server redis-tools tmux jq man-db bsdextrautils zsh procps"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing$missing"
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null; then
		sudo="sudo"
	else
		echo "quickstart: need root (or sudo) to install:$missing" >&2
		exit 1
	fi
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi
fi
mkdir -p build
cd build
if [ ! -f Makefile ] || [ ../configure -nt Makefile ]; then
	../configure --enable-werror
fi
make -j"$(nproc)"

case $mode in
build)
	echo "quickstart: built $top/build/ocrtop"
	;;
test)
	status=0
	make -j"$(nproc)" check || status=$?
	sed -n '/^# TOTAL/,/^# ERROR/p' test-suite.log
	exit "$status"
	;;
demo)
	exec ./ocrtop demo
	;;
esac
