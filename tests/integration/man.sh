# The man page: lint-clean, and it documents every option, command and
# environment variable that --help lists.
. "$OCRTOP_SRCDIR/tests/lib.sh"

page="$OCRTOP_BUILDDIR/man/ocrtop.1"
ok "$([ -s "$page" ] && echo 0 || echo 1)" "the man page was generated"
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
is "$warnings" "" "man --warnings reports nothing"
text=$(LC_ALL=C.UTF-8 MANWIDTH=100 man -E UTF-8 -l "$page" 2>/dev/null | col -b)
for sect in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
	like "$text" "^$sect" "section $sect"
done
for cmd in $("$OCRTOP" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	like "$text" "^ +ocrtop.* $cmd( |$)|^ +$cmd( |$)" "command $cmd is documented"
	for o in $("$OCRTOP" help "$cmd" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		like "$text" "$o" "option $o (from $cmd) is documented"
	done
done
for v in $("$OCRTOP" --help | grep -oE '\b(REDIS|OCRTOP)_[A-Z_]+|NO_COLOR' | sort -u); do
	like "$text" "$v" "environment variable $v is documented"
done
done_testing
