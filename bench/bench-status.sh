#!/bin/sh
# `ocrtop status` on a platform of 200k task hashes and 200k sessions,
# against the seeds' way of counting them (bench/baseline-walk.c), both run
# here on the same private redis-server. Prints a markdown summary and
# writes it to BUILDDIR/bench-status.md.
#
# usage: bench-status.sh BUILDDIR SRCDIR
# Smaller runs: BENCH_TASKS, BENCH_SESSIONS, BENCH_USERS (200000, 200000,
# 2000); BENCH_RUNS runs of each program (3; the median is reported).
. "$2/bench/lib.sh"
bench_init "$1" "$2"

ntasks=${BENCH_TASKS:-200000}
nsessions=${BENCH_SESSIONS:-200000}
nusers=${BENCH_USERS:-2000}
runs=${BENCH_RUNS:-3}
B=$BENCH_BUILDDIR
S=$BENCH_SRCDIR
T=$BENCH_TMP
OCRTOP=$B/ocrtop
[ -x "$OCRTOP" ] || bench_die "no $OCRTOP: build first (make bench does)"
for tool in jq "$REDIS_CLI" "$REDIS_SERVER"; do
	command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is needed"
done
# The platform's settings of this machine must not leak into the runs.
unset REDIS_URL REDIS_HOST REDIS_PORT REDIS_DB REDIS_PASSWORD REDIS_USERNAME \
	REDIS_CONNECTION_TIMEOUT REDIS_COMMAND_TIMEOUT REDIS_TASK_QUEUE_PREFIX \
	REDIS_TASK_DATA_PREFIX REDIS_SESSION_PREFIX REDIS_PUBSUB_CHANNEL

libs_cflags=$(pkg-config --cflags hiredis jansson 2>/dev/null) || libs_cflags=-I/usr/include/hiredis
libs=$(pkg-config --libs hiredis jansson 2>/dev/null) || libs="-lhiredis -ljansson"
bench_cc gen-platform "$S/bench/gen-platform.c" "$S/bench/fake.c"
bench_cc baseline-walk $libs_cflags "$S/bench/baseline-walk.c" $libs
bench_cc session-parse -I"$B" -I"$S/src" $libs_cflags "$S/bench/session-parse.c" "$S/bench/fake.c" \
	"$B/libocrtop.a" $libs -lm

# ---------------------------------------------------------------- load
redis_start
bench_log "loading $ntasks tasks, $nsessions sessions ($nusers users) with redis-cli --pipe"
bench_load_platform "$ntasks" "$nsessions" "$nusers"
bench_log "loaded $nkeys keys ($used_memory) in $load_ms ms"

# ---------------------------------------------------------------- runs
# run_one NAME I COMMAND...: runs COMMAND once, from the scratch dir (no
# ./.env.redis applies), with its output in $T/NAME.I.json; sets wall, rss,
# calls, usec, cpu, slow_n, slow_us, slow_cmd.
run_one() {
	_name=$1 _i=$2
	shift 2
	slowlog_start || bench_die "CONFIG SET on the private server failed"
	cmdstat >"$T/$_name.$_i.cs0"
	_r0=$(redis_cpu_ms)
	(cd "$T" && measure "$T/$_name.$_i.rusage" "$@") >"$T/$_name.$_i.json" 2>"$T/$_name.$_i.err" ||
		bench_die "$_name failed: $(head -3 "$T/$_name.$_i.err")"
	_r1=$(redis_cpu_ms)
	cmdstat >"$T/$_name.$_i.cs1"
	cpu=
	[ -n "$_r0" ] && cpu=$((_r1 - _r0))
	read -r wall rss <"$T/$_name.$_i.rusage"
	cmdstat_delta "$T/$_name.$_i.cs0" "$T/$_name.$_i.cs1" >"$T/$_name.$_i.cmds"
	set -- $(awk '{ c += $2; u += $3 } END { printf "%d %d\n", c, u }' "$T/$_name.$_i.cmds")
	calls=$1 usec=$2
	set -- $(slowlog_read)
	slow_n=$1 slow_us=$2 slow_cmd=$3
}

o_wall= o_rss= o_usec= o_cpu= o_slow_us=0 o_slow_cmd=- o_slow_n=0 o_slow_capped=
b_wall= b_rss= b_usec= b_cpu=
i=1
while [ "$i" -le "$runs" ]; do
	bench_log "run $i/$runs: ocrtop status --json"
	run_one ocrtop "$i" "$OCRTOP" -u "unix://$REDIS_SOCK" status --json
	o_wall="$o_wall $wall" o_rss="$o_rss $rss" o_usec="$o_usec $usec" o_cpu="$o_cpu $cpu" o_calls=$calls
	o_slow_n=$((o_slow_n + slow_n))
	[ "$slow_n" -ge 1024 ] && o_slow_capped=+	# the slow log is full
	if [ "$slow_us" -gt "$o_slow_us" ]; then
		o_slow_us=$slow_us o_slow_cmd=$slow_cmd
	fi
	bench_log "  $wall ms, $((rss / 1024)) MB peak, $calls commands, $usec us in Redis commands, ${cpu:-?} ms redis-server CPU"
	bench_log "run $i/$runs: baseline walk (SCAN + one round trip per key)"
	run_one baseline "$i" "$BENCH_BIN/baseline-walk" "$REDIS_SOCK"
	b_wall="$b_wall $wall" b_rss="$b_rss $rss" b_usec="$b_usec $usec" b_cpu="$b_cpu $cpu" b_calls=$calls
	bench_log "  $wall ms, $calls commands, $usec us in Redis commands, ${cpu:-?} ms redis-server CPU"
	i=$((i + 1))
done

# ---------------------------------------------------------------- checks
counts_expect=$(jq -c '[.tasks.pending, .tasks.processing, .tasks.completed, .tasks.failed,
	.tasks.other, .sessions, .users]' "$T/expect.json")
i=1
while [ "$i" -le "$runs" ]; do
	got=$(jq -c '[.tasks.by_status.pending, .tasks.by_status.processing, .tasks.by_status.completed,
		.tasks.by_status.failed, .tasks.by_status.other, .sessions.count, .sessions.users]' \
		"$T/ocrtop.$i.json")
	[ "$got" = "$counts_expect" ] || bench_die "ocrtop run $i counted $got, the data holds $counts_expect"
	got=$(jq -c '[.tasks.pending, .tasks.processing, .tasks.completed, .tasks.failed,
		.tasks.other, .sessions, .users]' "$T/baseline.$i.json")
	[ "$got" = "$counts_expect" ] || bench_die "baseline run $i counted $got, the data holds $counts_expect"
	got=$(jq -c '[.tasks.stuck, .sessions.idle, .sessions.malformed]' "$T/ocrtop.$i.json")
	want=$(jq -c '[.stuck, .idle, 0]' "$T/expect.json")
	[ "$got" = "$want" ] || bench_die "ocrtop run $i: stuck/idle/malformed $got, the data holds $want"
	i=$((i + 1))
done
bench_log "both programs agree with the data: [pending,processing,completed,failed,other,sessions,users] = $counts_expect"

bench_log "session-parse micro-benchmark ($nsessions values)"
"$BENCH_BIN/session-parse" --values "$nsessions" --users "$nusers" >"$T/parse.out" ||
	bench_die "session-parse failed"
parse() { sed -n "s/^$1 //p" "$T/parse.out"; }

# ---------------------------------------------------------------- report
ow=$(median $o_wall) bw=$(median $b_wall)
ou=$(median $o_usec) bu=$(median $b_usec)
oc=n/a bc=n/a
[ -n "$(echo $o_cpu)" ] && oc="$(median $o_cpu) ms" bc="$(median $b_cpu) ms"
orss=$(max $o_rss)
speedup=$(calc "$bw / $ow")
rss_mb=$(calc "$orss / 1024")
measure "$T/start.rusage" "$OCRTOP" --version >/dev/null || bench_die "ocrtop --version failed"
read -r start_wall start_rss <"$T/start.rusage"
# The commands that took ocrtop's Redis time, over all its runs.
cat "$T"/ocrtop.*.cmds >"$T/ocrtop.cmds"
by_command=$(awk '{ c[$1] += $2; u[$1] += $3; t += $3 }
	END { for (k in c) printf "%d %s %d %d\n", u[k], k, c[k], t }' "$T/ocrtop.cmds" | sort -rn | head -4 |
	awk '{ printf "%s%s %.0f%% (%.*f us/call)", (NR > 1 ? ", " : ""), toupper($2), 100 * $1 / $4,
		($1 / $3 < 10), $1 / $3 }')
if [ "$o_slow_n" -eq 0 ]; then
	slowest="none over 0.5 ms"
else
	slowest="$(calc "$o_slow_us / 1000") ms ($o_slow_cmd); $o_slow_n$o_slow_capped commands over 0.5 ms in $runs runs"
fi
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
rev=$(git -C "$S" rev-parse --short HEAD 2>/dev/null) || rev=

cat >"$T/summary.md" <<EOF
### ocrtop status: $ntasks tasks + $nsessions sessions ($nusers users)

Measured $(date -u +%F)${rev:+ at commit $rev} on $(nproc 2>/dev/null || echo ?) cores${cpu_model:+ ($cpu_model)}; $("$REDIS_SERVER" --version | cut -d' ' -f1-3).
Keyspace: $nkeys keys, $used_memory in Redis, loaded by \`redis-cli --pipe\` in $(calc "$load_ms / 1000") s.
Counts (both programs, and what the generator wrote): $(jq -r '"pending \(.tasks.pending), processing \(.tasks.processing), completed \(.tasks.completed), failed \(.tasks.failed); \(.sessions) sessions of \(.users) users"' "$T/expect.json").
Median of $runs runs each, interleaved.

| | ocrtop status --json | baseline walk |
|---|---:|---:|
| wall time (median) | $ow ms | $bw ms |
| wall time (all runs) | $(echo $o_wall | sed 's/ /, /g') ms | $(echo $b_wall | sed 's/ /, /g') ms |
| Redis commands | $o_calls | $b_calls |
| Redis server time (commandstats usec, median) | $(calc "$ou / 1000") ms | $(calc "$bu / 1000") ms |
| redis-server CPU incl. network I/O (/proc, median) | $oc | $bc |
| peak RSS (max) | $rss_mb MB | $(calc "$(max $b_rss) / 1024") MB |

- Speedup: **${speedup}x** (baseline median / ocrtop median).
- Of ocrtop's peak RSS, $(calc "$start_rss / 1024") MB is there before any work (\`ocrtop --version\`).
- Where ocrtop's Redis command time went: $by_command.
- Slowest single Redis command during ocrtop's runs: $slowest.
- Session values, parsed in one process: ocrtop's session_scan + session_user_id +
  session_time_ms $(parse ocrtop_ns) ns/value,
  jansson json_loadb + json_object_get $(parse jansson_ns) ns/value: $(parse ratio)x
  (median of $(parse runs) passes over $(parse values) values; same user ids and counts).

| goal | measured | |
|---|---|---|
| >= 10x faster than the baseline | ${speedup}x | $(verdict "$speedup >= 10") |
| about 1-2 s | $(calc "$ow / 1000") s | $(verdict "$ow <= 2000") |
| peak RSS < 30 MB | $rss_mb MB | $(verdict "$rss_mb < 30") |
| no census command over a few ms (< 5 ms) | $(# The commands that took ocrtop's Redis time, over all its runs.
cat "$T"/ocrtop.*.cmds >"$T/ocrtop.cmds"
by_command=$(awk '{ c[$1] += $2; u[$1] += $3; t += $3 }
	END { for (k in c) printf "%d %s %d %d\n", u[k], k, c[k], t }' "$T/ocrtop.cmds" | sort -rn | head -4 |
	awk '{ printf "%s%s %.0f%% (%.*f us/call)", (NR > 1 ? ", " : ""), toupper($2), 100 * $1 / $4,
		($1 / $3 < 10), $1 / $3 }')
if [ "$o_slow_n" -eq 0 ]; then echo "< 0.5 ms"; else echo "$(calc "$o_slow_us / 1000") ms"; fi) | $(verdict "$o_slow_us < 5000") |
EOF
cp "$T/summary.md" "$B/bench-status.md" || bench_die "cannot write $B/bench-status.md"
cat "$T/summary.md"
bench_log "summary written to $B/bench-status.md"
