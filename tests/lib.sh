# Shell test library: TAP output and helpers for driving ocrtop against the
# private redis-server that tests/with-redis started.
#   . "$OCRTOP_SRCDIR/tests/lib.sh"
set -u
: "${OCRTOP:?run through make check}"
: "${OCRTOP_TEST_SOCK:?run through tests/with-redis}"
: "${REDIS_CLI:=redis-cli}"
: "${REDIS_SERVER:=redis-server}"
LC_ALL=C.UTF-8
TZ=UTC
export LC_ALL TZ

_tap_n=0
_tap_failed=0
_extra_pids=""
_lib_cleanup() {
	for p in $_extra_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}
trap _lib_cleanup EXIT

# ok COND-EXIT-STATUS DESCRIPTION: use as `cmd; ok $? "description"`.
ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

# is GOT EXPECTED DESCRIPTION
is() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_tap_n - $3"
	else
		echo "not ok $_tap_n - $3"
		printf '%s\n' "got:      $1" "expected: $2" | sed 's/^/#   /'
		_tap_failed=$((_tap_failed + 1))
	fi
}

# like TEXT PATTERN DESCRIPTION: grep -E PATTERN matches TEXT.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | head -20 | sed 's/^/#   got: /'
		echo "#   pattern: $2"
	fi
}

# unlike TEXT PATTERN DESCRIPTION
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '%s\n' "$1" | grep -E -- "$2" | head -5 | sed 's/^/#   matched: /'
	else
		ok 0 "$3"
	fi
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # SKIP $1"
}

diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}

# rcli ARGS...: redis-cli against the test server.
rcli() { "$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" "$@"; }

# jget JSON FILTER: a value from JSON with jq (-c: compact, one line).
jget() { printf '%s' "$1" | jq -c "$2"; }

# resp ARG...: prints the arguments as one RESP command, for
# `redis-cli --pipe` (binary-safe for anything a shell string can hold).
resp() {
	_lc=$LC_ALL
	LC_ALL=C	# ${#} counts bytes
	printf '*%d\r\n' "$#"
	for _a in "$@"; do
		printf '$%d\r\n%s\r\n' "${#_a}" "$_a"
	done
	LC_ALL=$_lc
}

# pipe_in: loads RESP from stdin into the test server, quietly.
pipe_in() { "$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" --pipe >/dev/null; }

# has_control_bytes TEXT: true if TEXT holds C0 controls other than \n,
# DEL, or raw C1 bytes: what a terminal would act on.
has_control_bytes() {
	printf '%s' "$1" | LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')"
}

# start_redis NAME [redis-server args...]: starts another private server on
# a socket $OCRTOP_TEST_DIR/NAME.sock, killed when the test exits; prints
# nothing, sets EXTRA_SOCK and EXTRA_PID.
start_redis() {
	_name=$1
	shift
	EXTRA_SOCK="$OCRTOP_TEST_DIR/$_name.sock"
	"$REDIS_SERVER" --port 0 --unixsocket "$EXTRA_SOCK" --unixsocketperm 700 --save "" \
		--appendonly no --dir "$OCRTOP_TEST_DIR" --logfile "$OCRTOP_TEST_DIR/$_name.log" \
		--daemonize no "$@" >/dev/null 2>&1 &
	EXTRA_PID=$!
	_extra_pids="$_extra_pids $EXTRA_PID"
	_i=0
	until [ -S "$EXTRA_SOCK" ]; do
		_i=$((_i + 1))
		[ "$_i" -gt 100 ] && { diag "redis $_name did not start"; return 1; }
		sleep 0.05
	done
}

# A URL for the test server.
TEST_URL="unix://$OCRTOP_TEST_SOCK"
