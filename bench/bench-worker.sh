#!/bin/sh
# `ocrtop worker` on the benchmark pages and with the OCR step stubbed out,
# against the limits and baselines of the same jobs, all run here, on one
# private redis-server, interleaved. Prints a markdown summary and writes
# it to BUILDDIR/bench-worker.md.
#
# 1. OCR throughput: tasks enqueued as the platform's backend does
#    (bench/worker-tasks.c), drained by `ocrtop worker --drain -q` with 1
#    and 2 threads; against the raw tesseract C API in a tight loop (the
#    limit, bench/ocr-limit.c, 1 and 2 threads) and the tesseract command
#    once per page (psm 6 as the worker, and at its own defaults).
# 2. Queue overhead: the real worker pool with a stub OCR backend
#    (bench/queue-overhead.c), 1 and 2 threads, against seed 000's worker
#    loop (BRPOP, then one awaited command at a time) in node with
#    node-redis v4 (bench/seeds-worker.js, installed from npm into a
#    temporary directory) and in C with hiredis (bench/seeds-worker.c);
#    then the one-thread runs again (on half the tasks) with redis-server
#    and the program pinned to different CPUs.
# Every run starts from the same freshly loaded tasks and must leave the
# same end state (statuses, fields, TTLs, counters, daily stats).
#
# usage: bench-worker.sh BUILDDIR SRCDIR
# BENCH_RUNS rounds (3; medians are reported); BENCH_PASSES passes over
# the pages per OCR run (5); BENCH_CLI_PASSES for the command (1);
# BENCH_QUEUE_TASKS tasks per queue run (10000); BENCH_NODE=0 skips node;
# BENCH_PINNED=0 skips the pinned runs. About 4 minutes on 2 cores.
if [ $# -ne 2 ]; then
	echo "usage: bench-worker.sh BUILDDIR SRCDIR" >&2
	exit 2
fi
. "$2/bench/lib.sh"
bench_init "$1" "$2"

runs=${BENCH_RUNS:-3}
passes=${BENCH_PASSES:-5}
cli_passes=${BENCH_CLI_PASSES:-1}
qtasks=${BENCH_QUEUE_TASKS:-10000}
use_node=${BENCH_NODE:-1}
: "${TESSERACT:=tesseract}"
B=$BENCH_BUILDDIR
S=$BENCH_SRCDIR
T=$BENCH_TMP
OCRTOP=$B/ocrtop
PAGES=$S/bench/pages
[ -x "$OCRTOP" ] || bench_die "no $OCRTOP: build first (make bench does)"
[ -f "$B/libocrtop.a" ] || bench_die "no $B/libocrtop.a: build first"
for tool in "$REDIS_CLI" "$REDIS_SERVER" "$TESSERACT" pkg-config; do
	command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is needed"
done
set -- "$PAGES"/*.png
[ -f "$1" ] || bench_die "no pages in $PAGES"
npages=$#
page_files="$*"
page_ids=$(for p in "$@"; do basename "$p" .png; done)
ocr_tasks=$((passes * npages))
# The platform's settings of this machine must not leak into the runs.
unset REDIS_URL REDIS_HOST REDIS_PORT REDIS_DB REDIS_PASSWORD REDIS_USERNAME \
	REDIS_CONNECTION_TIMEOUT REDIS_COMMAND_TIMEOUT REDIS_TASK_QUEUE_PREFIX \
	REDIS_TASK_DATA_PREFIX REDIS_SESSION_PREFIX REDIS_PUBSUB_CHANNEL
# OpenMP limited to one thread, as ocrtop worker sets it for itself (it
# re-executes with it), for everything but the command at its defaults.
OMP_THREAD_LIMIT=1
export OMP_THREAD_LIMIT

# ---------------------------------------------------------------- build
libs_cflags=$(pkg-config --cflags hiredis jansson tesseract lept) ||
	bench_die "pkg-config knows no hiredis, jansson, tesseract or lept"
hiredis_libs=$(pkg-config --libs hiredis)
ocr_libs=$(pkg-config --libs tesseract lept)
ocrtop_libs=$(pkg-config --libs hiredis jansson ncursesw tesseract lept readline) ||
	bench_die "pkg-config lacks one of hiredis jansson ncursesw tesseract lept readline"
BENCH_CFLAGS="-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings"
bench_cc worker-tasks $libs_cflags "$S/bench/worker-tasks.c" $hiredis_libs
bench_cc seeds-worker $libs_cflags "$S/bench/seeds-worker.c" $hiredis_libs -pthread
bench_cc page-decode $libs_cflags "$S/bench/page-decode.c" $ocr_libs
bench_cc queue-overhead -I"$B" -I"$S/src" $libs_cflags "$S/bench/queue-overhead.c" \
	"$B/libocrtop.a" $ocrtop_libs -lm -pthread
BENCH_CFLAGS=	# (read by bench_cc)
bench_cc ocr-limit -D_GNU_SOURCE $libs_cflags "$S/bench/ocr-limit.c" $ocr_libs -pthread

NODE_DIR=$BENCH_BIN/node
bench_node_redis "$NODE_DIR" "$use_node"

# ---------------------------------------------------------------- helpers
# add VAR VALUE: appends VALUE to the list in VAR.
add() { eval "$1=\"\${$1-} \$2\""; }

# field KEY LINE: the value of KEY=value in LINE.
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# rate COUNT MS: per second, two decimals; rate0: no decimals.
rate() { calc "$1 * 1000 / $2"; }
rate0() { awk "BEGIN { printf \"%.0f\", $1 * 1000 / $2 }"; }

# list VALUES...: "a, b, c".
list() { echo "$@" | sed 's/ /, /g'; }

# load_tasks N: an empty Redis holding N tasks as the backend enqueues them.
load_tasks() {
	rcli FLUSHALL >/dev/null || bench_die "FLUSHALL on the private server failed"
	"$BENCH_BIN/worker-tasks" gen "$1" $page_ids | rcli --pipe >"$T/pipe.out" 2>&1 ||
		bench_die "redis-cli --pipe: $(tail -3 "$T/pipe.out")"
	grep -q "errors: 0, replies: $(($1 * 5))\$" "$T/pipe.out" ||
		bench_die "the tasks did not go in cleanly: $(tail -1 "$T/pipe.out")"
}

# check_tasks N WHO: the end state every correct worker leaves; sets span
# (ms from the first start to the last completion), first and last (those
# two times of day), words (in the first task's result), ocr_sum and ocr_n
# (ocrtop's daily processing time).
check_tasks() {
	"$BENCH_BIN/worker-tasks" check "$REDIS_SOCK" "$1" >"$T/check.out" ||
		bench_die "worker-tasks check failed after $2"
	_n=$1
	_want="tasks=$_n completed=$_n other=0 attempts_1=$_n worker_id=$_n timed=$_n task_ttl=$_n"
	_want="$_want results=$_n total=$_n counted_completed=$_n counted_failed=-1 daily_completed=$_n"
	_want="$_want queued=0 prioritised=0 leased=0"
	_got=$(sed -n 's/^state //p' "$T/check.out")
	[ "$_got" = "$_want" ] || bench_die "$2 left: $_got; expected: $_want"
	_span=$(sed -n 's/^span //p' "$T/check.out")
	span=$(field span_ms "$_span")
	first=$(field first_ms "$_span")
	last=$(field last_ms "$_span")
	words=$(field first_words "$_span")
	ocr_sum=$(field ocr_ms_sum "$_span")
	ocr_n=$(field ocr_ms_count "$_span")
	[ "$span" -gt 0 ] || bench_die "$2: no time between the first start and the last completion"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }

# clock: the time of day in ms, the clock of started_at and completed_at.
clock() { "$BENCH_BIN/worker-tasks" now; }

# ends NAME T0 T1: records how long the program took to start its first
# task (from T0, before it was started) and to exit after its last one.
ends() {
	add "$1_start" "$((first - $2))"
	add "$1_exit" "$(($3 - last))"
}

# ---------------------------------------------------------------- part 1
# ocr_worker THREADS: one drain of ocr_tasks tasks.
ocr_worker() {
	load_tasks "$ocr_tasks"
	_t0=$(clock)
	(cd "$T" && measure "$T/w.rusage" "$OCRTOP" -u "unix://$REDIS_SOCK" worker \
		--drain --threads "$1" -q --files-dir "$PAGES") >"$T/w.out" 2>&1 ||
		bench_die "ocrtop worker --threads $1 failed: $(head -3 "$T/w.out")"
	_t1=$(clock)
	read -r wall _rss <"$T/w.rusage"
	check_tasks "$ocr_tasks" "ocrtop worker --threads $1"
	ends "w$1" "$_t0" "$_t1"
	[ "$words" -gt 0 ] || bench_die "ocrtop worker --threads $1: no words in the first result"
	[ "$ocr_n" = "$ocr_tasks" ] || bench_die "ocrtop worker: daily stats count $ocr_n tasks"
	add "w$1_wall" "$(rate "$ocr_tasks" "$wall")"
	add "w$1_span" "$(rate "$ocr_tasks" "$span")"
	add "w$1_ocrms" "$(calc "$ocr_sum / $ocr_n")"
	bench_log "  worker, $1 thread(s): $ocr_tasks pages in $wall ms ($span ms first start to last" \
		"completion, exit $((_t1 - last)) ms after it), OCR step $(calc "$ocr_sum / $ocr_n") ms/page"
}

# ocr_limit THREADS: the raw C API loop.
ocr_limit() {
	"$BENCH_BIN/ocr-limit" -p "$passes" -t "$1" $page_files >"$T/l.out" 2>&1 ||
		bench_die "ocr-limit -t $1 failed: $(tail -3 "$T/l.out")"
	_r=$(grep '^result' "$T/l.out")
	add "l$1_rate" "$(field pages_per_s "$_r")"
	add "l$1_ms" "$(field ms_per_page "$_r")"
	bench_log "  limit, $1 thread(s): $(field pages_per_s "$_r") pages/s, $(field ms_per_page "$_r") ms/page"
}

# ocr_cli NAME OMP [ARGS...]: the command once per page; OMP "unset" or a limit.
ocr_cli() {
	_name=$1 _omp=$2
	shift 2
	(
		if [ "$_omp" = unset ]; then
			unset OMP_THREAD_LIMIT
		else
			OMP_THREAD_LIMIT=$_omp
		fi
		exec "$BENCH_BIN/ocr-limit" -c -C "$TESSERACT" -p "$cli_passes" "$@" $page_files
	) >"$T/c.out" 2>&1 || bench_die "the tesseract command failed: $(tail -3 "$T/c.out")"
	_r=$(grep '^result' "$T/c.out")
	add "${_name}_rate" "$(field pages_per_s "$_r")"
	bench_log "  tesseract command ($_name): $(field pages_per_s "$_r") pages/s"
}

redis_start
load_1=$(loadavg)
bench_log "part 1: OCR throughput, $ocr_tasks tasks ($passes passes over $npages pages), $runs rounds"
decode=$("$BENCH_BIN/page-decode" $page_files | sed -n 's/^result .*ms_per_page=//p')
i=1
while [ "$i" -le "$runs" ]; do
	bench_log "round $i/$runs (load $(loadavg))"
	# Alternate the order, so that drift in the machine's load does not
	# always favour the same side.
	if [ $((i % 2)) -eq 1 ]; then
		order="w1 l1 w2 l2 c6 cd"
	else
		order="l1 w1 l2 w2 cd c6"
	fi
	for step in $order; do
		case $step in
		w*)	ocr_worker "${step#w}" ;;
		l*)	ocr_limit "${step#l}" ;;
		c6)	ocr_cli cli6 1 -s 6 ;;
		cd)	ocr_cli clid unset ;;
		esac
	done
	i=$((i + 1))
done
load_2=$(loadavg)

# ---------------------------------------------------------------- part 2
# queue_run NAME WHO COMMAND...: one drain of qn tasks by COMMAND.
queue_run() {
	_name=$1 _who=$2
	shift 2
	load_tasks "$qn"
	_r0=$(redis_cpu_ms)
	_t0=$(clock)
	(cd "$T" && measure "$T/q.rusage" "$@") >"$T/q.out" 2>&1 ||
		bench_die "$_who failed: $(head -3 "$T/q.out")"
	_t1=$(clock)
	_r1=$(redis_cpu_ms)
	read -r wall _rss <"$T/q.rusage"
	queue_done "$_name" "$_who" "$_r0" "$_r1" "$_t0" "$_t1"
}

# queue_done NAME WHO CPU0 CPU1 T0 T1: checks and records a queue run.
queue_done() {
	check_tasks "$qn" "$2"
	ends "$1" "$5" "$6"
	add "$1_span" "$(rate0 "$qn" "$span")"
	add "$1_wall" "$(rate0 "$qn" "$wall")"
	[ -n "$3" ] && add "$1_cpu" "$(rate0 "($4 - $3)" "$qn")"
	bench_log "  $2: $(rate0 "$qn" "$span") tasks/s ($span ms first start to last completion," \
		"$wall ms in all, exit $(($6 - last)) ms after the last)"
}

# node_pair: two node loops at once.
node_pair() {
	load_tasks "$qn"
	_r0=$(redis_cpu_ms)
	_t0=$(clock)
	(cd "$T" && NODE_PATH=$NODE_DIR/node_modules node "$S/bench/seeds-worker.js" "$REDIS_SOCK" 0) \
		>"$T/n0.out" 2>&1 &
	_p0=$!
	(cd "$T" && NODE_PATH=$NODE_DIR/node_modules node "$S/bench/seeds-worker.js" "$REDIS_SOCK" 1) \
		>"$T/n1.out" 2>&1 &
	_p1=$!
	wait "$_p0" || bench_die "the node loop failed: $(head -3 "$T/n0.out")"
	wait "$_p1" || bench_die "the node loop failed: $(head -3 "$T/n1.out")"
	_t1=$(clock)
	wall=$((_t1 - _t0))
	_r1=$(redis_cpu_ms)
	queue_done n2 "seeds' loop in node, 2 processes" "$_r0" "$_r1" "$_t0" "$_t1"
}

# Pinned runs: redis-server on the first CPU, the program on the last, so
# that every round trip crosses cores, as it crosses a network in
# production; left to itself the scheduler sometimes runs both on one
# core, where a round trip costs a fraction as much on this kind of VM.
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
pin_why=
if [ "${BENCH_PINNED:-1}" = 0 ]; then
	pin_why="skipped (BENCH_PINNED=0)"
elif [ "$ncpu" -lt 2 ]; then
	pin_why="skipped: one CPU"
elif ! command -v taskset >/dev/null 2>&1; then
	pin_why="skipped: no taskset"
fi
pin_cpu=$((ncpu - 1))
ptasks=$((qtasks / 2))

bench_log "part 2: queue overhead, $qtasks tasks per run ($ptasks pinned), OCR stubbed, $runs rounds"
i=1
while [ "$i" -le "$runs" ]; do
	bench_log "round $i/$runs (load $(loadavg))"
	if [ $((i % 2)) -eq 1 ]; then
		order="q1 s1 n1 q2 s2 n2 pq1 ps1 pn1"
	else
		order="n1 s1 q1 n2 s2 q2 pn1 ps1 pq1"
	fi
	[ -n "$pin_why" ] && order=${order%% p*}
	for step in $order; do
		qn=$qtasks
		pinned=
		case $step in
		p*)	qn=$ptasks
			pinned="taskset -c $pin_cpu"
			taskset -p -c 0 "$REDIS_PID" >/dev/null || bench_die "taskset -p failed" ;;
		*)	[ -z "$pin_why" ] && taskset -p -c "0-$pin_cpu" "$REDIS_PID" >/dev/null ;;
		esac
		case ${step#p} in
		q*)	queue_run "$step" "ocrtop worker pool, ${step#*q} thread(s)${pinned:+, pinned}" \
			    $pinned "$BENCH_BIN/queue-overhead" -t "${step#*q}" "$PAGES" "$REDIS_SOCK" ;;
		s*)	queue_run "$step" "seeds' loop in C, ${step#*s} thread(s)${pinned:+, pinned}" \
			    $pinned "$BENCH_BIN/seeds-worker" -t "${step#*s}" "$REDIS_SOCK" ;;
		n1)	[ -z "$node_why" ] && queue_run "$step" "seeds' loop in node${pinned:+, pinned}" \
			    $pinned env NODE_PATH="$NODE_DIR/node_modules" node "$S/bench/seeds-worker.js" "$REDIS_SOCK" ;;
		n2)	[ -z "$node_why" ] && node_pair ;;
		esac
	done
	i=$((i + 1))
done
[ -z "$pin_why" ] && taskset -p -c "0-$pin_cpu" "$REDIS_PID" >/dev/null
load_3=$(loadavg)

# ---------------------------------------------------------------- report
m() { eval "median \$$1"; }
all() { eval "list \$$1"; }
# ratio VAR A B [SCALE]: sets VAR to the median over the rounds of
# A / B * SCALE in each round (A and B name lists in round order), and
# VAR_all to those ratios: runs next to each other share the machine's
# load, so their ratio is steadier than a ratio of medians.
ratio() {
	_rs=$(eval "awk -v a=\"\$$2\" -v b=\"\$$3\"" -v s="${4:-1}" \''BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) printf "%.2f\n", s * x[i] / y[i] }'\')
	eval "$1=\$(median \$_rs)"
	eval "$1_all=\$(list \$_rs)"
}
cpu() { if [ -n "$(eval echo "\${$1_cpu-}")" ]; then echo "$(m "$1_cpu") us"; else echo n/a; fi; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }

w1s=$(m w1_span) w2s=$(m w2_span) w1w=$(m w1_wall) w2w=$(m w2_wall)
l1=$(m l1_rate) l2=$(m l2_rate) c6=$(m cli6_rate) cd=$(m clid_rate)
ratio pct_span w1_span l1_rate 100
ratio pct_wall w1_wall l1_rate 100
ratio x_w_span w2_span w1_span
ratio x_w_wall w2_wall w1_wall
ratio x_l l2_rate l1_rate
ratio x_cli_span w1_span cli6_rate
ratio x_cli_wall w1_wall cli6_rate
ratio x_clid w1_wall clid_rate
ratio x_cli_max l1_rate cli6_rate
l1ms=$(m l1_ms) w1ms=$(m w1_ocrms)
pct_max=$(calc "100 * $l1ms / ($l1ms + $decode)")
q1=$(m q1_span) q2=$(m q2_span) s1=$(m s1_span) s2=$(m s2_span)
ratio x_s1 q1_span s1_span
ratio x_s2 q2_span s2_span
if [ -z "$pin_why" ]; then
	ratio x_ps1 pq1_span ps1_span
	pin_rows="| ocrtop worker pool, pinned | 1 | 1 | $(m pq1_span) | $(all pq1_span) | $(m pq1_wall) | $(m pq1_exit) ms | $(cpu pq1) |
| seeds' loop, C + hiredis, pinned | 1 | 12 | $(m ps1_span) | $(all ps1_span) | $(m ps1_wall) | $(m ps1_exit) ms | $(cpu ps1) |"
	pin_line="- Pinned (redis-server on CPU 0, the program on CPU $pin_cpu, $ptasks tasks): ocrtop / C loop ${x_ps1}x ($x_ps1_all)."
else
	pin_rows=
	pin_line="- Pinned runs $pin_why."
fi
# The node rows and goal, or why there are none.
if [ -z "$node_why" ]; then
	n1=$(m n1_span) n2=$(m n2_span)
	ratio x_n1 q1_span n1_span
	ratio x_n2 q2_span n2_span
	ratio x_n12 q2_span n1_span
	if [ -z "$pin_why" ]; then
		ratio x_pn1 pq1_span pn1_span
		pin_rows="$pin_rows
| seeds' loop, node-redis v4, pinned | 1 process | 12 | $(m pn1_span) | $(all pn1_span) | $(m pn1_wall) | $(m pn1_exit) ms | $(cpu pn1) |"
		pin_line="$pin_line ocrtop / node loop **${x_pn1}x** ($x_pn1_all)."
		pin_goal="; pinned, 1 vs 1: ${x_pn1}x"
		pin_verdict="; $(verdict "$x_pn1 >= 5") (pinned)"
	fi
	node_row1="| seeds' loop, node-redis v4 | 1 process | 12 | $n1 | $(all n1_span) | $(m n1_wall) | $(m n1_exit) ms | $(cpu n1) |"
	node_row2="| seeds' loop, node-redis v4 | 2 processes | 12 | $n2 | $(all n2_span) | $(m n2_wall) | $(m n2_exit) ms | $(cpu n2) |"
	node_goal="| queue: >= 5x the seeds' node loop | ${x_n1}x (1 thread vs 1 loop); ${x_n2}x (2 vs 2); ${x_n12}x (2 threads vs 1 loop)${pin_goal-} | $(verdict "$x_n1 >= 5") (1 vs 1); $(verdict "$x_n2 >= 5") (2 vs 2)${pin_verdict-} |"
	node_line="- ocrtop / node loop ($node_version): **${x_n1}x** with one thread against one loop (rounds: $x_n1_all),
  ${x_n2}x with two against two ($x_n2_all), ${x_n12}x with two threads against one loop ($x_n12_all)."
else
	node_row1="| seeds' loop, node-redis v4 | - | 12 | $node_why | | | | |"
	node_row2=
	node_goal="| queue: >= 5x the seeds' node loop | node loop $node_why | not measured |"
	node_line="- The node loop was $node_why; the C loop below does the same round trips."
fi
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
rev=$(git -C "$S" rev-parse --short HEAD 2>/dev/null) || rev=
if [ -n "$rev" ] && ! git -C "$S" diff --quiet HEAD -- src 2>/dev/null; then
	rev="$rev (with uncommitted changes in src/)"
fi

cat >"$T/summary.md" <<EOF
### ocrtop worker: $ocr_tasks page tasks, $qtasks stubbed tasks

Measured $(date -u +%F)${rev:+ at commit $rev} on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo ?) cores${cpu_model:+ ($cpu_model)}; $("$REDIS_SERVER" --version | cut -d' ' -f1-3); $("$TESSERACT" --version 2>&1 | head -1), leptonica $(pkg-config --modversion lept).
Load average (1, 5, 15 min): $load_1 at the start, $load_2 after part 1, $load_3 at the end.
Median of $runs rounds, every program once per round, interleaved (the order alternates between rounds).
Every run started from freshly enqueued tasks (MULTI LPUSH + HSET + INCR, as the backend does) and left the same
end state: all tasks completed with worker_id, started_at, completed_at, attempts 1, the 24 h TTL and a result with
a 1 h TTL; counters total = completed = tasks, daily tasks_completed = tasks, nothing queued or leased.

**OCR throughput**: $npages pages (bench/pages), $passes passes per run (the command: $cli_passes), eng, psm 6
unless said, OMP_THREAD_LIMIT=1 unless said.

| | threads | pages/s (median) | all runs | note |
|---|---:|---:|---|---|
| \`ocrtop worker --drain\`, first start to last completion | 1 | $w1s | $(all w1_span) | OCR step $w1ms ms/page |
| \`ocrtop worker --drain\`, process start to exit | 1 | $w1w | $(all w1_wall) | first task after $(m w1_start) ms, exit $(m w1_exit) ms after the last |
| raw C API loop (the limit) | 1 | $l1 | $(all l1_rate) | $l1ms ms/page, pages decoded before timing |
| \`ocrtop worker --drain\`, first start to last completion | 2 | $w2s | $(all w2_span) | OCR step $(m w2_ocrms) ms/page |
| \`ocrtop worker --drain\`, process start to exit | 2 | $w2w | $(all w2_wall) | first task after $(m w2_start) ms, exit $(m w2_exit) ms after the last |
| raw C API loop (the limit) | 2 | $l2 | $(all l2_rate) | $(m l2_ms) ms/page |
| \`tesseract page.png - --psm 6\` once per page | 1 | $c6 | $(all cli6_rate) | |
| \`tesseract page.png -\` once per page (psm 3, OMP_THREAD_LIMIT unset) | 1 | $cd | $(all clid_rate) | its defaults |

Ratios are medians of each round's ratio (the rounds' in brackets).

- Worker, 1 thread, as a share of the 1-thread limit: **${pct_span}%** ($pct_span_all) from the first start to the
  last completion; ${pct_wall}% ($pct_wall_all) from process start to exit.
- 2 threads / 1 thread: worker **${x_w_span}x** ($x_w_span_all), ${x_w_wall}x ($x_w_wall_all) from process start to
  exit; limit ${x_l}x ($x_l_all).
- Worker (1 thread) / the command once per page at psm 6: **${x_cli_span}x** ($x_cli_span_all), ${x_cli_wall}x
  from process start to exit; against the command at its defaults ${x_clid}x ($x_clid_all).
- The worker's OCR step (read, decode, recognise: processing_ms) takes $w1ms ms/page against the limit's $l1ms;
  decoding the PNG alone takes $decode ms/page (bench/page-decode.c), which the limit does before timing:
  a worker that decoded and did nothing else would reach ${pct_max}% of the limit.
- The limit itself is ${x_cli_max}x ($x_cli_max_all) the command at psm 6: no worker can do better than that.
- "First task after": from starting the process to the first started_at (process start, engine start-up,
  connecting); "exit": from the last completed_at until the process has exited (the drain's exit).

**Queue overhead**: $qtasks tasks per run, OCR stubbed (a fixed two-word result). Rates are tasks over the time
from the first started_at to the last completed_at in the task hashes; "process" adds start-up and exit.

| | threads | round trips per task | tasks/s (median) | all runs | tasks/s, process | exit after the last | redis-server CPU per task |
|---|---:|---:|---:|---|---:|---:|---:|
| ocrtop worker pool (complete + next claim in one write) | 1 | 1 | $q1 | $(all q1_span) | $(m q1_wall) | $(m q1_exit) ms | $(cpu q1) |
| ocrtop worker pool | 2 | 1-2 | $q2 | $(all q2_span) | $(m q2_wall) | $(m q2_exit) ms | $(cpu q2) |
$node_row1
${node_row2:+$node_row2
}| seeds' loop, C + hiredis | 1 | 12 | $s1 | $(all s1_span) | $(m s1_wall) | $(m s1_exit) ms | $(cpu s1) |
| seeds' loop, C + hiredis | 2 | 12 | $s2 | $(all s2_span) | $(m s2_wall) | $(m s2_exit) ms | $(cpu s2) |
${pin_rows:+$pin_rows
}
$node_line
- ocrtop / C loop: ${x_s1}x ($x_s1_all) one against one, ${x_s2}x ($x_s2_all) two against two.
$pin_line

| goal | measured | |
|---|---|---|
| OCR: >= 95% of the limit per thread | ${pct_span}% first start to last completion; ${pct_wall}% process to exit | $(verdict "$pct_span >= 95"); $(verdict "$pct_wall >= 95") |
| OCR: 2 threads >= 1.8x one thread | worker ${x_w_span}x; ${x_w_wall}x process to exit (limit ${x_l}x) | $(verdict "$x_w_span >= 1.8"); $(verdict "$x_w_wall >= 1.8") |
| OCR: >= 2x the command once per task | same work (psm 6, OMP_THREAD_LIMIT=1): ${x_cli_span}x (the limit: ${x_cli_max}x); its defaults: ${x_clid}x | $(verdict "$x_cli_span >= 2") (same work); $(verdict "$x_clid >= 2") (its defaults) |
$node_goal
EOF
cp "$T/summary.md" "$B/bench-worker.md" || bench_die "cannot write $B/bench-worker.md"
cat "$T/summary.md"
bench_log "summary written to $B/bench-worker.md"
