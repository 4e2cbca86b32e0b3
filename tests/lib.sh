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
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
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

# ---------------------------------------------------------------- tmux
# A private tmux server per test (socket in the scratch dir), so screen
# tests drive the real binary at a fixed size and read it with
# capture-pane, as a person would see it.
TMUX_SOCK="$OCRTOP_TEST_DIR/tmux.sock"

# tmux_start W H COMMAND...: runs COMMAND in a new session "t"; when it
# exits, the pane shows "EXIT=<status>" and stays.
tmux_start() {
	_w=$1
	_h=$2
	shift 2
	# A server killed just before may still be going away: retry.
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$_w" -y "$_h" \
			"env LC_ALL=C.UTF-8 TERM=screen-256color $*; echo EXIT=\$?; sleep 600" 2>/dev/null &&
			return 0
		sleep 0.2
	done
	diag "tmux would not start"
	return 1
}
# tmux_stop: ends the private tmux server and waits until it is gone.
tmux_stop() {
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		tmux -S "$TMUX_SOCK" has-session 2>/dev/null || return 0
		sleep 0.1
	done
}
tmux_keys() { tmux -S "$TMUX_SOCK" send-keys -t t "$@"; }
tmux_screen() { tmux -S "$TMUX_SOCK" capture-pane -p -t t; }
tmux_resize() { tmux -S "$TMUX_SOCK" resize-window -t t -x "$1" -y "$2"; }
# tmux_app_pid: the program running in the pane (a child of its shell).
tmux_app_pid() { pgrep -P "$(tmux -S "$TMUX_SOCK" display-message -p -t t '#{pane_pid}')" | head -1; }
tmux_title() { tmux -S "$TMUX_SOCK" display-message -p -t t '#{pane_title}'; }

# tmux_wait PATTERN [SECONDS]: waits until the screen matches the extended
# regular expression; returns 1 (leaving the screen in $SCREEN) on timeout.
tmux_wait() {
	_deadline=$(( $(date +%s) + ${2:-10} ))
	while :; do
		SCREEN=$(tmux_screen)
		printf '%s\n' "$SCREEN" | grep -Eq -- "$1" && return 0
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.1
	done
}

# screen_has PATTERN [SECONDS] DESCRIPTION: a test that the screen shows it.
screen_has() {
	if tmux_wait "$1" "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$SCREEN" | sed 's/^/#   | /'
		echo "#   pattern: $1"
	fi
}
