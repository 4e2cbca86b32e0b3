# Shared helpers for bench/bench-*.sh: compiling the helpers, a private
# redis-server, timers, peak RSS and Redis's own accounting.
#   . "$SRCDIR/bench/lib.sh"; bench_init BUILDDIR SRCDIR
# Everything a script makes goes to $BENCH_TMP (removed on exit) or
# $BENCH_BIN ($BUILDDIR/bench: compiled helpers and reports).
set -u
: "${CC:=cc}"
: "${REDIS_SERVER:=redis-server}"
: "${REDIS_CLI:=redis-cli}"
LC_ALL=C
export LC_ALL

BENCH_TMP=
REDIS_PID=

_bench_cleanup() {
	if [ -n "$REDIS_PID" ]; then
		kill "$REDIS_PID" 2>/dev/null
		wait "$REDIS_PID" 2>/dev/null
	fi
	[ -n "$BENCH_TMP" ] && rm -rf "$BENCH_TMP"
}

# bench_init BUILDDIR SRCDIR: sets BENCH_BUILDDIR, BENCH_SRCDIR, BENCH_BIN
# and BENCH_TMP, installs the cleanup, builds the rusage helper.
bench_init() {
	BENCH_BUILDDIR=$1
	BENCH_SRCDIR=$2
	BENCH_BIN=$BENCH_BUILDDIR/bench
	mkdir -p "$BENCH_BIN" || exit 1
	trap _bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ocrtop-bench.XXXXXX") || exit 1
	bench_cc rusage "$BENCH_SRCDIR/bench/rusage.c"
}

# bench_log MESSAGE: progress on stderr.
bench_log() { printf 'bench: %s\n' "$*" >&2; }

# bench_die MESSAGE: fails the benchmark.
bench_die() {
	printf 'bench: FAIL: %s\n' "$*" >&2
	exit 1
}

# bench_cc NAME SOURCE... [FLAGS...]: compiles a helper to $BENCH_BIN/NAME
# with $CC (C11, optimised, warnings on).
bench_cc() {
	_out=$1
	shift
	$CC -std=c11 -O2 -g -Wall -Wextra ${BENCH_CFLAGS-} -o "$BENCH_BIN/$_out" "$@" ||
		bench_die "cannot compile $_out"
}

# redis_start: starts a private redis-server on a Unix socket in $BENCH_TMP
# (no TCP, no persistence); sets REDIS_SOCK and REDIS_PID. Killed on exit.
redis_start() {
	REDIS_SOCK=$BENCH_TMP/redis.sock
	"$REDIS_SERVER" --port 0 --unixsocket "$REDIS_SOCK" --unixsocketperm 700 \
		--save "" --appendonly no --dir "$BENCH_TMP" --logfile "$BENCH_TMP/redis.log" \
		--daemonize no >/dev/null 2>&1 &
	REDIS_PID=$!
	_i=0
	until rcli ping >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ "$_i" -gt 100 ] && bench_die "redis-server did not start: $(tail -5 "$BENCH_TMP/redis.log")"
		sleep 0.05
	done
}

# rcli ARG...: redis-cli against the private server.
rcli() { "$REDIS_CLI" -s "$REDIS_SOCK" "$@"; }

# bench_load_platform TASKS SESSIONS USERS: loads gen-platform's platform
# (built into $BENCH_BIN) through redis-cli --pipe, checks that every
# command went in and that DBSIZE is what the generator says, and leaves
# its summary in $BENCH_TMP/expect.json. Sets nkeys, used_memory and
# load_ms.
bench_load_platform() {
	_t0=$(now_ms)
	"$BENCH_BIN/gen-platform" --tasks "$1" --sessions "$2" --users "$3" \
		--now "$(($(date +%s) * 1000))" --expect "$BENCH_TMP/expect.json" |
		rcli --pipe >"$BENCH_TMP/pipe.out" 2>&1 ||
		bench_die "redis-cli --pipe: $(tail -3 "$BENCH_TMP/pipe.out")"
	load_ms=$(($(now_ms) - _t0))
	_n=$(jq .commands "$BENCH_TMP/expect.json")
	grep -q "errors: 0, replies: $_n\$" "$BENCH_TMP/pipe.out" ||
		bench_die "the load did not go in cleanly: $(tail -1 "$BENCH_TMP/pipe.out") ($_n commands sent)"
	nkeys=$(rcli DBSIZE)
	[ "$nkeys" = "$(jq .keys "$BENCH_TMP/expect.json")" ] ||
		bench_die "DBSIZE $nkeys, expected $(jq .keys "$BENCH_TMP/expect.json")"
	used_memory=$(rcli INFO memory | tr -d '\r' | sed -n 's/^used_memory_human://p')
}

# now_ms: a monotonic clock in milliseconds.
now_ms() { "$BENCH_BIN/rusage" --now; }

# measure FILE COMMAND [ARG...]: runs COMMAND (its output is the caller's)
# and writes "wall_ms max_rss_kb" to FILE; returns COMMAND's status.
measure() {
	_f=$1
	shift
	"$BENCH_BIN/rusage" -o "$_f" "$@"
}

# cmdstat: prints "command calls usec" for each command in INFO
# commandstats (command in lower case, "client|setname" for subcommands).
cmdstat() {
	rcli INFO commandstats | tr -d '\r' | awk -F '[:,=]' '
		/^cmdstat_/ {
			c = u = 0
			for (i = 2; i < NF; i += 2) {
				if ($i == "calls") c = $(i + 1)
				if ($i == "usec") u = $(i + 1)
			}
			print substr($1, 9), c, u
		}'
}

# cmdstat_delta BEFORE AFTER: "command calls usec" for what ran between two
# cmdstat readings saved in files. The first reading's own INFO lands in
# AFTER: its call is taken off, its few microseconds stay.
cmdstat_delta() {
	awk 'NR == FNR { c[$1] = $2; u[$1] = $3; next }
		{
			n = $2 - c[$1] - ($1 == "info")
			if (n > 0) print $1, n, $3 - u[$1]
		}' "$1" "$2"
}

# redis_cpu_ms: CPU time (user + system, all threads) the private
# redis-server has used so far, in ms (10 ms ticks); nothing without /proc.
# Unlike commandstats it includes reading requests and writing replies.
redis_cpu_ms() {
	[ -r "/proc/$REDIS_PID/stat" ] || return 0
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$REDIS_PID/stat"
}

# slowlog_start: logs every command slower than 0.5 ms from now on.
slowlog_start() {
	rcli CONFIG SET slowlog-log-slower-than 500 >/dev/null &&
	rcli CONFIG SET slowlog-max-len 1024 >/dev/null &&
	rcli SLOWLOG RESET >/dev/null
}

# slowlog_read: prints "COUNT MAX_US COMMAND" for the commands logged since
# slowlog_start ("0 0 -" when none took over 0.5 ms).
slowlog_read() {
	rcli --json SLOWLOG GET 1024 | jq -r '
		if length == 0 then "0 0 -"
		else (max_by(.[2]) as $m | "\(length) \($m[2]) \($m[3][0] | ascii_upcase)")
		end'
}

# median N...: the middle value (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# max N...: the largest value.
max() { printf '%s\n' "$@" | sort -n | tail -1; }

# calc EXPR: evaluates an awk expression, e.g. `calc "$a / $b"`, with two
# decimals.
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

# bench_node_redis DIR USE: node-redis v4 (the seeds' client; v5's
# scanIterator yields batches, which the seeds' loops do not expect),
# installed into DIR once and kept. Sets node_version ("node vX,
# node-redis Y") or, when the node baseline cannot run, node_why (why).
# USE=0 (BENCH_NODE=0) skips it.
bench_node_redis() {
	node_why= node_version=
	if [ "$2" = 0 ]; then
		node_why="skipped (BENCH_NODE=0)"
	elif ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		node_why="skipped: node or npm is not installed"
	else
		if ! grep -q '"version": "4\.' "$1/node_modules/redis/package.json" 2>/dev/null; then
			bench_log "installing node-redis v4 from npm into $1"
			npm install --prefix "$1" --no-audit --no-fund --no-save --loglevel=error redis@4 \
			    >"$BENCH_TMP/npm.log" 2>&1 ||
				node_why="skipped: npm install redis@4 failed ($(tail -1 "$BENCH_TMP/npm.log"))"
		fi
		[ -n "$node_why" ] || node_version="node $(node --version), node-redis $(sed -n \
			's/^  "version": "\(.*\)",$/\1/p' "$1/node_modules/redis/package.json")"
	fi
	[ -z "$node_why" ] || bench_log "node loop $node_why"
}
