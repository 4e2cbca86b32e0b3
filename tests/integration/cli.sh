# The command line: help, versions, and one clear line for every mistake.
. "$OCRTOP_SRCDIR/tests/lib.sh"

out=$("$OCRTOP" --help); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "^  status " "--help lists the status command"
like "$out" "--url URL" "--help lists global options"
like "$out" "REDIS_PASSWORD" "--help names the environment variables"

out=$("$OCRTOP" --version); rc=$?
is "$rc" 0 "--version exits 0"
like "$out" "^ocrtop [0-9]" "--version names ocrtop's version"
for lib in hiredis tesseract leptonica ncurses readline jansson; do
	like "$out" "$lib" "--version names $lib"
done

out=$("$OCRTOP" help status); rc=$?
is "$rc" 0 "help status exits 0"
like "$out" "--scan-count N" "help status lists the command's options"
like "$out" "global options" "help status lists the global options"
out=$("$OCRTOP" status --help); rc=$?
is "$rc" 0 "status --help exits 0 without connecting"
like "$out" "usage: ocrtop status" "status --help shows its usage"

check_usage_error() {
	_desc=$1
	shift
	err=$("$@" 2>&1 >/dev/null); rc=$?
	is "$rc" 2 "$_desc: exit status 2"
	is "$(printf '%s\n' "$err" | grep -c .)" 1 "$_desc: one line on stderr"
}
check_usage_error "unknown command" "$OCRTOP" frobnicate
like "$err" "unknown command 'frobnicate'" "the unknown command is named"
check_usage_error "unknown global option" "$OCRTOP" --frob status
check_usage_error "unknown command option" "$OCRTOP" status --frob
like "$err" "unknown option '--frob'" "the unknown option is named"
check_usage_error "missing option value" "$OCRTOP" status --days
like "$err" "needs a value" "a missing value is explained"
check_usage_error "bad number" "$OCRTOP" status --days many
like "$err" "--days: expected a number" "a bad number is explained"
check_usage_error "number out of range" "$OCRTOP" worker --psm 14
like "$err" "worker --psm: expected a number from 0 to 13" "the range is given"
check_usage_error "number that overflows" "$OCRTOP" requeue --batch 99999999999999999999 task-1
like "$err" "--batch: expected a number from 1 to 10000" "an overflow is a bad number too"
check_usage_error "bad duration" "$OCRTOP" status --stuck-after soon
check_usage_error "bad timeout" "$OCRTOP" --timeout never status
check_usage_error "stray operand" "$OCRTOP" status extra
err=$("$OCRTOP" status --json --check 2>&1 >/dev/null); rc=$?
is "$rc" 3 "--json with --check: with --check, a usage error is UNKNOWN (3)"
err=$("$OCRTOP" status --check --days x 2>&1 >/dev/null); rc=$?
is "$rc" 3 "--check with a bad option value: UNKNOWN (3)"
check_usage_error "TLS URL" "$OCRTOP" -u rediss://h:6380 status
like "$err" "TLS" "rediss:// is refused with a word about TLS"
check_usage_error "not a URL" "$OCRTOP" -u http://h status
check_usage_error "empty namespace" "$OCRTOP" --namespace "" status

out=$("$OCRTOP" -u "$TEST_URL" status --json --days 0); rc=$?
is "$rc" 0 "global options may also follow the command's"
out=$("$OCRTOP" status -u "$TEST_URL" --json --days 0); rc=$?
is "$rc" 0 "global options work after the command"
done_testing
