#!/bin/sh
# `ocrtop logout-all USER --yes` on a platform of 200k task hashes and 200k
# sessions of 2,000 users, against seed 000's "logout from all devices"
# loop (SCAN, then GET, JSON.parse and DEL one key at a time) in C with
# hiredis (bench/seeds-logout.c) and in node with node-redis v4
# (bench/seeds-logout.js, installed from npm into BUILDDIR/bench/node),
# all on one private redis-server, interleaved. Every run deletes the same
# user's sessions from the same keyspace: the census checks that the user
# has none left and that nothing else went, then they are put back.
# Prints a markdown summary and writes it to BUILDDIR/bench-logout.md;
# fails when a goal is not met: >= 20x the baseline (the node loop, the C
# loop without node), no ocrtop command over 5 ms in SLOWLOG (the median
# run's slowest), peak RSS < 30 MB.
#
# usage: bench-logout.sh BUILDDIR SRCDIR
# BENCH_RUNS rounds (3; medians are reported), each with
# BENCH_OCRTOP_RUNS runs of ocrtop (3) and one of each loop; BENCH_SCAN_COUNT, the
# loops' SCAN COUNT (100; 0 sends none, as seed 000's code does: the
# server's default of 10); BENCH_USER_SESSIONS, the logged-out user's
# session count to aim for (100, the mean); BENCH_NODE=0 skips node;
# BENCH_PINNED=0 lets the scheduler place the programs; BENCH_TASKS,
# BENCH_SESSIONS, BENCH_USERS (200000, 200000, 2000); BENCH_VERBOSE=1
# shows progress.
[ $# -eq 2 ] || { echo "usage: $0 BUILDDIR SRCDIR" >&2; exit 2; }
. "$2/bench/lib.sh"
# Absolute paths: the programs run from the scratch dir.
bench_init "$(cd "$1" && pwd)" "$(cd "$2" && pwd)"

ntasks=${BENCH_TASKS:-200000}
nsessions=${BENCH_SESSIONS:-200000}
nusers=${BENCH_USERS:-2000}
runs=${BENCH_RUNS:-3}
oruns=${BENCH_OCRTOP_RUNS:-3}
scan_count=${BENCH_SCAN_COUNT:-100}
want=${BENCH_USER_SESSIONS:-100}
use_node=${BENCH_NODE:-1}
B=$BENCH_BUILDDIR
S=$BENCH_SRCDIR
T=$BENCH_TMP
OCRTOP=$T/ocrtop
NODE_DIR=$BENCH_BIN/node
CLIENT=ocrtop:logout-all	# the name ocrtop gives its connection
SLOWLOG_LEN=100000
[ -x "$BENCH_BUILDDIR/ocrtop" ] || bench_die "no $BENCH_BUILDDIR/ocrtop: build first (make bench does)"
# Every run uses the binary as it is now, even if it is rebuilt meanwhile.
cp "$BENCH_BUILDDIR/ocrtop" "$T/ocrtop" || bench_die "cannot copy ocrtop"
rev=$(git -C "$BENCH_SRCDIR" rev-parse --short HEAD 2>/dev/null) || rev=
if [ -n "$rev" ] && ! git -C "$BENCH_SRCDIR" diff --quiet HEAD -- src 2>/dev/null; then
	rev="$rev (with uncommitted changes in src/)"
fi
for tool in jq pkg-config "$REDIS_CLI" "$REDIS_SERVER"; do
	command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is needed"
done
# The platform's settings of this machine must not leak into the runs, and
# ocrtop's audit log goes to the scratch dir.
unset REDIS_URL REDIS_HOST REDIS_PORT REDIS_DB REDIS_PASSWORD REDIS_USERNAME \
	REDIS_CONNECTION_TIMEOUT REDIS_COMMAND_TIMEOUT REDIS_TASK_QUEUE_PREFIX \
	REDIS_TASK_DATA_PREFIX REDIS_SESSION_PREFIX REDIS_PUBSUB_CHANNEL OCRTOP_READ_ONLY
XDG_STATE_HOME=$T/state
export XDG_STATE_HOME

# log MESSAGE: progress, shown with BENCH_VERBOSE=1.
log() { [ "${BENCH_VERBOSE:-0}" = 1 ] && bench_log "$@"; return 0; }

# ---------------------------------------------------------------- build
libs_cflags=$(pkg-config --cflags hiredis jansson) || bench_die "pkg-config knows no hiredis or jansson"
libs=$(pkg-config --libs hiredis jansson)
bench_cc gen-platform "$S/bench/gen-platform.c" "$S/bench/fake.c"
BENCH_CFLAGS="-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings"
bench_cc seeds-logout $libs_cflags "$S/bench/seeds-logout.c" $libs
BENCH_CFLAGS=	# (read by bench_cc)

bench_node_redis "$NODE_DIR" "$use_node"

# ---------------------------------------------------------------- load
redis_start
log "loading $ntasks tasks, $nsessions sessions ($nusers users) with redis-cli --pipe"
bench_load_platform "$ntasks" "$nsessions" "$nusers"

# The user: the one whose session count is nearest $want (the generator
# skews users: a few hold thousands), the lowest id among equals.
"$BENCH_BIN/seeds-logout" census -l "$REDIS_SOCK" >"$T/owners" || bench_die "census failed"
set -- $(sort "$T/owners" | uniq -c | awk -v w="$want" '{ d = $1 - w; print (d < 0 ? -d : d), $2, $1 }' |
	sort -k1,1n -k2,2 | head -1)
[ $# -eq 3 ] || bench_die "no sessions to pick a user from"
user=$2
# Its sessions, saved to put back after each run.
census=$("$BENCH_BIN/seeds-logout" census -u "$user" -s "$T/user.resp" "$REDIS_SOCK") ||
	bench_die "census failed"
[ "$census" = "sessions=$nsessions user=$3" ] || bench_die "census: $census, expected $nsessions and $3"
nuser=$3
log "user $user: $nuser of $nsessions sessions; $nkeys keys ($used_memory)"

# Pinned (the default): redis-server on the first CPU, the timed program on
# the last, so that every round trip crosses cores, as it crosses a network
# in production (as in bench-worker.sh); left to itself the scheduler
# often runs both on one core, where a round trip costs a fraction as much
# on this kind of VM and the ratio swings from run to run.
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
pin=
pin_why=
if [ "${BENCH_PINNED:-1}" = 0 ]; then
	pin_why="not pinned (BENCH_PINNED=0)"
elif [ "$ncpu" -lt 2 ]; then
	pin_why="not pinned: one CPU"
elif ! command -v taskset >/dev/null 2>&1; then
	pin_why="not pinned: no taskset"
else
	pin="taskset -c $((ncpu - 1))"
	taskset -p -c 0 "$REDIS_PID" >/dev/null || bench_die "taskset -p failed"
fi

# Warm-up: the first start of a binary that is not in the page cache reads
# it from disk (seconds here, after a rebuild); that is not logout-all's
# cost. Then what a start costs alone, for the report.
"$OCRTOP" --version >/dev/null 2>&1 || bench_die "ocrtop --version failed"
measure "$T/start.rusage" $pin "$OCRTOP" --version >/dev/null || bench_die "ocrtop --version failed"
read -r start_wall start_rss <"$T/start.rusage"
[ -z "$node_why" ] && NODE_PATH=$NODE_DIR/node_modules node -e "require('redis')"

# ---------------------------------------------------------------- runs
# add VAR VALUE: appends VALUE to the list in VAR.
add() { eval "$1=\"\${$1-} \$2\""; }
# list VALUES...: "a, b, c".
list() { echo "$@" | sed 's/ /, /g'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }

# check WHO: the user has no session left and every other one is there;
# then puts the user's sessions back.
check() {
	_got=$("$BENCH_BIN/seeds-logout" census -u "$user" "$REDIS_SOCK") || bench_die "census failed after $1"
	[ "$_got" = "sessions=$((nsessions - nuser)) user=0" ] ||
		bench_die "$1 left $_got; expected sessions=$((nsessions - nuser)) user=0"
	rcli --pipe <"$T/user.resp" >"$T/pipe.out" 2>&1 &&
		grep -q "errors: 0, replies: $nuser\$" "$T/pipe.out" ||
		bench_die "putting the sessions back failed: $(tail -1 "$T/pipe.out")"
}

# timed NAME I COMMAND...: runs COMMAND from the scratch dir (no
# ./.env.redis applies), pinned, output in $T/NAME.I.out and .err; sets
# wall, rss, cpu (redis-server's, ms).
timed() {
	_name=$1 _i=$2
	shift 2
	_r0=$(redis_cpu_ms)
	(cd "$T" && measure "$T/$_name.$_i.rusage" $pin "$@") >"$T/$_name.$_i.out" 2>"$T/$_name.$_i.err" ||
		bench_die "$_name failed: $(head -3 "$T/$_name.$_i.err")"
	_r1=$(redis_cpu_ms)
	cpu=
	[ -n "$_r0" ] && cpu=$((_r1 - _r0))
	read -r wall rss <"$T/$_name.$_i.rusage"
}

# run_ocrtop I: one logout-all with every command in SLOWLOG; sets the
# above and slow_n (ocrtop's commands), slow_us, slow_cmd (its slowest).
run_ocrtop() {
	_run=$1
	rcli CONFIG SET slowlog-log-slower-than 0 >/dev/null &&
		rcli CONFIG SET slowlog-max-len "$SLOWLOG_LEN" >/dev/null &&
		rcli SLOWLOG RESET >/dev/null || bench_die "CONFIG SET on the private server failed"
	timed ocrtop "$_run" "$OCRTOP" -u "unix://$REDIS_SOCK" logout-all "$user" --yes --json
	rcli --json SLOWLOG GET "$SLOWLOG_LEN" >"$T/slowlog.$_run.json" || bench_die "SLOWLOG GET failed"
	rcli CONFIG SET slowlog-log-slower-than 10000 >/dev/null
	[ "$(jq length "$T/slowlog.$_run.json")" -lt "$SLOWLOG_LEN" ] || bench_die "the slow log filled up"
	# Entries: [id, time, microseconds, [command, args..], client, name].
	jq -r --arg n "$CLIENT" '.[] | select(.[5] == $n) | "\(.[3][0] | ascii_upcase) \(.[2])"' \
		"$T/slowlog.$_run.json" >"$T/ocrtop.$_run.cmds"
	set -- $(sort -k2,2n "$T/ocrtop.$_run.cmds" | awk '{ n++; c = $1; u = $2 } END { print n + 0, u + 0, c }')
	slow_n=$1 slow_us=$2 slow_cmd=${3:--}
	[ "$slow_n" -gt 0 ] || bench_die "no command of client $CLIENT in SLOWLOG"
	_got=$(jq -c '[.deleted, .scanned, (.users | map("\(.user_id):\(.deleted)") | join(",")), .interrupted]' \
		"$T/ocrtop.$_run.out" 2>/dev/null)
	[ "$_got" = "[$nuser,$nsessions,\"$user:$nuser\",false]" ] ||
		bench_die "ocrtop: [deleted, scanned, users (id:deleted), interrupted] $_got; expected $nuser, $nsessions, $user:$nuser"
}

# run_loop NAME I COMMAND...: one run of seed 000's loop.
run_loop() {
	_name=$1
	timed "$@"
	grep -q "^result scanned=$nsessions deleted=$nuser\( \|\$\)" "$T/$_name.$2.out" ||
		bench_die "$_name: $(tail -1 "$T/$_name.$2.out"); expected $nsessions scanned, $nuser deleted"
}

load_1=$(loadavg)
order1="ocrtop c" order2="c ocrtop"
[ -z "$node_why" ] && order1="ocrtop c node" order2="node c ocrtop"
o_slow_us=0 o_slow_cmd=- o_slow_n=0 o_slow_runs=''
i=1
while [ "$i" -le "$runs" ]; do
	# Alternate the order, so that drift in the machine's load does not
	# always favour the same side.
	if [ $((i % 2)) -eq 1 ]; then order=$order1; else order=$order2; fi
	for step in $order; do
		case $step in
		ocrtop)	# A few short runs (the round's median): one alone is too
			# easily hit by the machine's other work.
			j=1 walls=
			while [ "$j" -le "$oruns" ]; do
				run_ocrtop "$i.$j"
				check ocrtop
				add walls "$wall"; add o_rss "$rss"; add o_cpu "$cpu"; add o_slow "$slow_us"
				o_slow_n=$slow_n
				o_slow_runs="${o_slow_runs:+$o_slow_runs, }$(calc "$slow_us / 1000")"
				if [ "$slow_us" -gt "$o_slow_us" ]; then o_slow_us=$slow_us o_slow_cmd=$slow_cmd; fi
				j=$((j + 1))
			done
			o_all="${o_all:+$o_all; }$(list $walls)"
			wall=$(median $walls)
			add o_wall "$wall" ;;
		c)	run_loop c "$i" "$BENCH_BIN/seeds-logout" loop -c "$scan_count" "$REDIS_SOCK" "$user"
			check c
			add c_wall "$wall"; add c_cpu "$cpu"
			c_cmds=$(sed -n 's/.*commands=//p' "$T/c.$i.out") ;;
		node)	run_loop node "$i" env NODE_PATH="$NODE_DIR/node_modules" \
			    node "$S/bench/seeds-logout.js" "$REDIS_SOCK" "$user" "$scan_count"
			check node
			add n_wall "$wall"; add n_cpu "$cpu" ;;
		esac
		log "round $i/$runs: $step $wall ms (load $(loadavg))"
	done
	i=$((i + 1))
done
load_2=$(loadavg)
[ -n "$pin" ] && taskset -p -c "0-$((ncpu - 1))" "$REDIS_PID" >/dev/null

# ---------------------------------------------------------------- report
m() { eval "median \$$1"; }
all() { eval "list \$$1"; }
cpu() { if [ -n "$(eval echo "\${$1-}")" ]; then echo "$(m "$1") ms"; else echo n/a; fi; }
# ratio VAR A B: VAR = median over the rounds of A / B in each round (runs
# next to each other share the machine's load), VAR_all = those ratios.
ratio() {
	_rs=$(eval "awk -v a=\"\$$2\" -v b=\"\$$3\"" \''BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) printf "%.1f\n", x[i] / y[i] }'\')
	eval "$1=\$(median \$_rs)"
	eval "$1_all=\$(list \$_rs)"
}
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }

ratio x_c c_wall o_wall
x_goal=$x_c
rss_mb=$(calc "$(max $o_rss) / 1024")
slow_med=$(m o_slow)
over5=$(cat "$T"/ocrtop.*.cmds | awk '$2 > 5000 { n++ } END { print n + 0 }')
# ocrtop's commands by kind, over all runs: count, total and slowest.
by_cmd=$(cat "$T"/ocrtop.*.cmds | awk -v r="$((runs * oruns))" '{ n[$1]++; u[$1] += $2; if ($2 > x[$1]) x[$1] = $2 }
	END { for (k in n) printf "%d %s %d %.0f %.2f\n", u[k], k, n[k] / r, u[k] / r / 1000, x[k] / 1000 }' |
	sort -rn | head -3 | awk '{ printf "%s%s x%d %s ms (max %s ms)", (NR > 1 ? ", " : ""), $2, $3, $4, $5 }')
if [ -n "$node_why" ]; then
	node_row="| seed 000's loop, node-redis v4 | $node_why | | | |"
	node_ratio="- Against the node loop: not measured, $node_why."
	node_goal=
	c_goal="| >= 20x seed 000's loop: in C (the baseline without node) | ${x_c}x | $(verdict "$x_c >= 20") |"
else
	ratio x_n n_wall o_wall
	x_goal=$x_n
	node_row="| seed 000's loop, node-redis v4 | $(m n_wall) ms | $(all n_wall) ms | $(cpu n_cpu) | - |"
	node_ratio="- Against the node loop ($node_version): **${x_n}x** (rounds: $x_n_all)."
	node_goal="| >= 20x seed 000's loop: node-redis (the baseline) | ${x_n}x | $(verdict "$x_n >= 20") |"
	c_goal="| (the same loop in C, for reference) | ${x_c}x | $(verdict "$x_c >= 20") (not a goal) |"
fi
if [ "$scan_count" = 0 ]; then count_text="no COUNT (as seed 000's code: the server's default, 10)"
else count_text="COUNT $scan_count (seed 000's code passes none: the server's default is 10)"; fi
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)

cat >"$T/summary.md" <<EOF
### ocrtop logout-all: 1 user of $nusers, $nsessions sessions + $ntasks tasks

Measured $(date -u +%F)${rev:+ at commit $rev} on $ncpu cores${cpu_model:+ ($cpu_model)}; $("$REDIS_SERVER" --version | cut -d' ' -f1-3).
Keyspace: $nkeys keys, $used_memory in Redis, over a Unix socket; ${pin:+redis-server pinned to CPU 0, each timed program to CPU $((ncpu - 1))}${pin_why}.
User $user: $nuser sessions, deleted by every run and put back after it (checked: none of theirs left, the other $((nsessions - nuser)) there).
Load average (1, 5, 15 min): $load_1 before the runs, $load_2 after them.
Median of $runs rounds, interleaved (the order alternates); in each, ocrtop's time is the median of $oruns runs.
The loops' SCAN: MATCH ocr:session:* $count_text.

| | wall time (median) | all runs | redis-server CPU (median) | peak RSS |
|---|---:|---|---:|---:|
| \`ocrtop logout-all USER --yes\` | $(m o_wall) ms | $o_all ms | $(cpu o_cpu) | $rss_mb MB |
| seed 000's loop, C + hiredis + jansson | $(m c_wall) ms | $(all c_wall) ms | $(cpu c_cpu) | - |
$node_row

- Against the C loop: **${x_c}x** (rounds: $x_c_all); it sent $c_cmds commands, ocrtop $o_slow_n.
$node_ratio
- ocrtop's start alone (\`ocrtop --version\`) takes $start_wall ms and $(calc "$start_rss / 1024") MB of its peak RSS.
- ocrtop's main commands per run, from SLOWLOG (every command logged, client $CLIENT):
  $by_cmd.
- Slowest ocrtop command in each run: $o_slow_runs ms (the slowest of all: $o_slow_cmd);
  over 5 ms: $over5 of $(cat "$T"/ocrtop.*.cmds | wc -l) commands.
  SLOWLOG times are wall clock inside redis-server: a process that takes its CPU away shows as a slow command;
  the goal is judged on the median run's slowest.

| goal | measured | |
|---|---|---|
${node_goal:+$node_goal
}$c_goal
| no ocrtop command over 5 ms (SLOWLOG) | $(calc "$slow_med / 1000") ms, median run (all runs: $(calc "$o_slow_us / 1000") ms, $o_slow_cmd) | $(verdict "$slow_med <= 5000") |
| peak RSS < 30 MB | $rss_mb MB | $(verdict "$rss_mb < 30") |
EOF
cp "$T/summary.md" "$B/bench-logout.md" || bench_die "cannot write $B/bench-logout.md"
cat "$T/summary.md"
awk "BEGIN { exit !($x_goal >= 20 && $slow_med <= 5000 && $rss_mb < 30) }" ||
	bench_die "a goal is not met (see $B/bench-logout.md)"
