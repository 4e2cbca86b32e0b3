#!/bin/sh
# make bench: runs every bench/bench-*.sh in order; stops at the first one
# that fails.  usage: run.sh BUILDDIR SRCDIR
set -u
[ $# -eq 2 ] || { echo "usage: $0 BUILDDIR SRCDIR" >&2; exit 2; }
for b in "$2"/bench/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b")"
	sh "$b" "$1" "$2" || { echo "bench: $(basename "$b") failed" >&2; exit 1; }
done
