#!/bin/sh
# The dashboard (`ocrtop -u unix://SOCK`) on a platform of 200k task hashes
# and 200k sessions, in a private tmux: keypress-to-screen latency while
# Redis is idle, blocked, busy, stopped (SIGSTOP) and gone (killed); the
# Redis time its commands use per second at steady state (INFO
# commandstats, SLOWLOG) on the overview and on the screens that read more;
# its RSS over at least 10 minutes. Prints a markdown summary and writes it
# to BUILDDIR/bench-dashboard.md.
#
# It takes about 12 minutes (the RSS goal is "after 10 minutes").
# BENCH_QUICK=1 shortens every phase (about 4 minutes): a smoke run, not a
# measurement. BENCH_TASKS, BENCH_SESSIONS, BENCH_USERS change the keyspace
# (200000, 200000, 2000). For comparisons, BENCH_OCRTOP_ENV adds NAME=VALUE
# words to the dashboard's environment (e.g. glibc malloc tunables) and
# BENCH_OCRTOP_ARGS adds options (e.g. --scan-count 250).
#
# usage: bench-dashboard.sh BUILDDIR SRCDIR
#
# What runs, in order (full durations; quick ones in brackets):
#  1. redis-server alone with the keyspace for 20 s [5]: its idle CPU.
#  2. The dashboard starts in a 120x40 tmux pane; RSS (VmRSS, VmHWM) and
#     the footer's census age are sampled every 10 s from now on.
#  3. Cost windows, nothing but the dashboard connected and no keys
#     pressed: the overview 120 s [20], then Queue, Tasks, Sessions and
#     Redis 60 s [10] each.
#  4. Latency, keys at about 10/s: Redis idle 60 s [10]; Redis blocked by
#     DEBUG SLEEP 0.5 every second 30 s [8]; Redis busy 60 s [10]
#     (redis-benchmark -c 20 on the same 2 cores, plus DEBUG SLEEP 0.5
#     every 3 s).
#  5. The overview again, as a cost window lasting until the dashboard has
#     run 10 minutes [1] (at least 60 s [10]).
#  6. Latency with Redis stopped by SIGSTOP 30 s [8] (then SIGCONT and the
#     time to recover), and with Redis killed 30 s [8].
. "$2/bench/lib.sh"
bench_init "$1" "$2"

ntasks=${BENCH_TASKS:-200000}
nsessions=${BENCH_SESSIONS:-200000}
nusers=${BENCH_USERS:-2000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	quick=1 idle_s=5 cost_main_s=20 cost_screen_s=10 lat_s=10 lat_down_s=8 rss_min_s=60 cost_last_s=10
else
	quick=0 idle_s=20 cost_main_s=120 cost_screen_s=60 lat_s=60 lat_down_s=30 rss_min_s=600 cost_last_s=60
fi
ocrtop_env=${BENCH_OCRTOP_ENV:-}
ocrtop_args=${BENCH_OCRTOP_ARGS:-}
B=$BENCH_BUILDDIR
S=$BENCH_SRCDIR
T=$BENCH_TMP
OCRTOP=$B/ocrtop
[ -x "$OCRTOP" ] || bench_die "no $OCRTOP: build first (make bench does)"
for tool in jq tmux "$REDIS_CLI" "$REDIS_SERVER"; do
	command -v "$tool" >/dev/null 2>&1 || bench_die "$tool is needed"
done
: "${REDIS_BENCHMARK:=redis-benchmark}"
command -v "$REDIS_BENCHMARK" >/dev/null 2>&1 ||
	bench_die "$REDIS_BENCHMARK is needed for the busy-Redis scenario (Debian: redis-tools)"
# The platform's settings of this machine must not leak into the runs.
unset REDIS_URL REDIS_HOST REDIS_PORT REDIS_DB REDIS_PASSWORD REDIS_USERNAME \
	REDIS_CONNECTION_TIMEOUT REDIS_COMMAND_TIMEOUT REDIS_TASK_QUEUE_PREFIX \
	REDIS_TASK_DATA_PREFIX REDIS_SESSION_PREFIX REDIS_PUBSUB_CHANNEL TMUX NO_COLOR

bench_cc gen-platform "$S/bench/gen-platform.c" "$S/bench/fake.c"

# ---------------------------------------------------------------- helpers
TMUX_SOCK=$T/tmux.sock
LAT=$T/latency.log
SAMPLER_PID='' BUSY_PIDS='' REDIS_STOPPED='' APP_PID='' TMUX_PID=''

_dash_cleanup() {
	[ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
	for _p in $BUSY_PIDS; do
		kill "$_p" 2>/dev/null
	done
	[ -n "$REDIS_STOPPED" ] && [ -n "$REDIS_PID" ] && kill -CONT "$REDIS_PID" 2>/dev/null
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	for _p in $SAMPLER_PID $BUSY_PIDS; do
		wait "$_p" 2>/dev/null
	done
	_bench_cleanup
}
trap _dash_cleanup EXIT

# redis_start_debug: lib.sh's redis_start with DEBUG enabled (DEBUG SLEEP
# blocks the server for real in the blocked and busy scenarios).
redis_start_debug() {
	REDIS_SOCK=$T/redis.sock
	"$REDIS_SERVER" --port 0 --unixsocket "$REDIS_SOCK" --unixsocketperm 700 \
		--save "" --appendonly no --dir "$T" --logfile "$T/redis.log" \
		--enable-debug-command yes --daemonize no >/dev/null 2>&1 &
	REDIS_PID=$!
	_i=0
	until rcli ping >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ "$_i" -gt 100 ] && bench_die "redis-server did not start: $(tail -5 "$T/redis.log")"
		sleep 0.05
	done
}

# tm ARG...: the private tmux server (UTF-8 whatever the caller's locale).
tm() { LC_ALL=C.UTF-8 tmux -S "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t t; }
ESC=$(printf '\033')
# selected_tab: the number of the highlighted tab (the screen shown), from
# the pane's text with its attributes; empty if none is highlighted.
selected_tab() {
	tm capture-pane -e -p -t t | sed -n \
		-e "s/.*$ESC\\[4[0-7]m \\([1-9]\\) [A-Z][a-z]* *\\($ESC.*\\)\\{0,1\\}$/\\1/p" \
		-e "s/.*$ESC\\[48;5;[0-9]*m \\([1-9]\\) [A-Z][a-z]* *\\($ESC.*\\)\\{0,1\\}$/\\1/p" \
		-e "s/.*$ESC\\[7m \\([1-9]\\) [A-Z][a-z]* *\\($ESC.*\\)\\{0,1\\}$/\\1/p" | head -1
}
# footer_age: seconds since the last census finished, from the footer
# ("census 100% · 1m 7s ago"); empty while none has.
footer_age() {
	screen | tail -1 | sed -n 's/.*census 100% · \(.*\) ago.*/\1/p' |
		awk '{ s = 0; for (i = 1; i <= NF; i++) { n = $i + 0
			if ($i ~ /d$/) s += n * 86400; else if ($i ~ /h$/) s += n * 3600
			else if ($i ~ /ms$/) s += 0; else if ($i ~ /m$/) s += n * 60; else s += n }
			print int(s) }'
}
rss_kb() { awk -v f="$1" '$1 == f ":" { print $2 }' "/proc/$APP_PID/status" 2>/dev/null; }
# app_cpu_ms: CPU time the dashboard used so far (all threads), in ms.
app_cpu_ms() {
	sed 's/.*) //' "/proc/$APP_PID/stat" 2>/dev/null |
		awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($12 + $13) * 1000 / hz }'
}
# runq PID TID: "ns-waiting-for-a-CPU timeslices" of one thread so far.
runq() { awk '{ print $2, $3 }' "/proc/$1/task/$2/schedstat" 2>/dev/null || echo "0 0"; }
lat_lines() { if [ -f "$LAT" ]; then wc -l <"$LAT" | tr -d ' '; else echo 0; fi; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }
alive() { kill -0 "$APP_PID" 2>/dev/null || bench_die "the dashboard died: $(screen | tail -5)"; }

# wait_screen WANT TIMEOUT_MS: waits until screen WANT (1-9; "help": the
# help overlay is open; "nohelp": it is closed) is drawn. Sets waited (ms
# since $t_key, when the key was sent); returns 1 on timeout.
wait_screen() {
	while :; do
		case $1 in
		help) screen | grep -q 'Keys · ' && break ;;
		nohelp) screen | grep -q 'Keys · ' || break ;;
		*) [ "$(selected_tab)" = "$1" ] && break ;;
		esac
		waited=$(($(now_ms) - t_key))
		[ "$waited" -gt "$2" ] && return 1
	done
	waited=$(($(now_ms) - t_key))
	return 0
}

# goto KEY: switches screen and waits until it is drawn.
goto() {
	t_key=$(now_ms)
	tm send-keys -t t "$1"
	wait_screen "$1" 10000 || bench_die "key $1 did not switch the screen: $(screen | sed -n 1,5p)"
}

# stats FILE: "n p50 p99 max" of the numbers in FILE (nearest rank).
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		function rank(p,  r, i) { r = NR * p; i = int(r); if (i < r) i++; return i < 1 ? 1 : i }
		END { if (NR == 0) print 0, "-", "-", "-"; else print NR, v[rank(0.5)], v[rank(0.99)], v[NR] }'
}
us2ms() { case $1 in -) echo - ;; *) calc "$1 / 1000" ;; esac; }

# Keys pressed, in a loop: every screen, moves in the lists, Tab, and the
# help opened and closed. Enter is left out (a user's sessions are a walk
# of their own). Screen switches and the help are checked on the screen.
KEY_CYCLE='1 j k 2 j j k 3 j k 4 j k 5 6 7 j k 8 j Tab Tab ? x'

# drive NAME SECONDS: presses keys for SECONDS. Leaves the dashboard's own
# latency log lines (us) in $T/lat.NAME, and the time until tmux showed
# each checked key's effect (ms) in $T/ext.NAME; appends a row to
# $T/lat.rows.
drive() {
	_name=$1
	: >"$T/ext.$_name"
	: >"$T/send.$_name"
	goto 1
	_cur=1
	_l0=$(lat_lines)
	_sent=0 _checked=0 _drawn=0
	set -- "$1" "$2" $(runq "$APP_PID" "$APP_PID") $(runq "$TMUX_PID" "$TMUX_PID")
	_uw0=$3 _us0=$4 _tw0=$5 _ts0=$6
	_end=$(($(now_ms) + $2 * 1000))
	set -f
	while :; do
		for _k in $KEY_CYCLE; do
			case $_k in
			[1-9]) _want=$_k ;;
			Tab) _want=$((_cur % nscreens + 1)) ;;
			'?') _want=help ;;
			x) _want=nohelp ;;
			*) _want= ;;
			esac
			_t=$(now_ms)
			tm send-keys -t t "$_k"
			# The key is in the pane's terminal once send-keys returns.
			t_key=$(now_ms)
			echo "$((t_key - _t))" >>"$T/send.$_name"
			_sent=$((_sent + 1))
			if [ -n "$_want" ]; then
				_checked=$((_checked + 1))
				if wait_screen "$_want" 3000; then
					_drawn=$((_drawn + 1))
				else
					bench_log "  key $_k: screen $_want not drawn within 3 s"
				fi
				echo "$waited" >>"$T/ext.$_name"
				case $_want in [1-9]) _cur=$_want ;; esac
			fi
			sleep 0.1
			[ "$(now_ms)" -ge "$_end" ] && break 2
		done
	done
	set +f
	set -- $(runq "$APP_PID" "$APP_PID") $(runq "$TMUX_PID" "$TMUX_PID")
	# Average wait for a CPU per timeslice (ms): how starved the UI
	# thread and the tmux server were.
	_uq=$(awk -v w="$(($1 - _uw0))" -v s="$(($2 - _us0))" 'BEGIN { printf "%.2f", (s > 0 ? w / s / 1e6 : 0) }')
	_tq=$(awk -v w="$(($3 - _tw0))" -v s="$(($4 - _ts0))" 'BEGIN { printf "%.2f", (s > 0 ? w / s / 1e6 : 0) }')
	sleep 0.5
	alive
	sed -n "$((_l0 + 1)),\$p" "$LAT" >"$T/lat.$_name"
	set -- $(stats "$T/lat.$_name")
	_n=$1 _p50=$(us2ms "$2") _p99=$(us2ms "$3") _max=$(us2ms "$4")
	_send_max=$(stats "$T/send.$_name" | awk '{ print $4 }')
	set -- $(stats "$T/ext.$_name")
	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$_name" "$_sent" "$_n" "$_p50" "$_p99" "$_max" \
		"$2" "$3" "$4" "$_drawn" "$_checked" "$(load)" "$_uq" "$_tq" "$_send_max" >>"$T/lat.rows"
	bench_log "  $_name: $_sent keys, $_n redraws logged: p50 $_p50 ms, p99 $_p99 ms, max $_max ms;" \
		"seen by tmux p50 $2 ms, p99 $3 ms, max $4 ms; $_drawn/$_checked checked keys drawn;" \
		"run-queue wait per timeslice: UI thread $_uq ms, tmux $_tq ms; send-keys up to $_send_max ms; load $(load)"
}

# cost NAME KEY SECONDS: switches to screen KEY, lets the switch's own
# collector tick pass, then measures SECONDS of steady state: Redis's
# command time (commandstats), redis-server and ocrtop CPU (/proc), the
# commands over 1 ms (slow log), census ages in the footer. Appends a row
# to $T/cost.rows; the slow log is left in $T/cost.NAME.slow ("CMD US").
cost() {
	_name=$1
	goto "$2"
	sleep 3
	rcli CONFIG SET slowlog-log-slower-than 1000 >/dev/null &&
		rcli CONFIG SET slowlog-max-len 4096 >/dev/null &&
		rcli SLOWLOG RESET >/dev/null || bench_die "CONFIG SET on the private server failed"
	_clients=$(rcli INFO clients | tr -d '\r' | sed -n 's/^connected_clients://p')
	cmdstat >"$T/cost.$_name.cs0"
	_r0=$(redis_cpu_ms) _a0=$(app_cpu_ms) _t0=$(now_ms)
	_end=$((_t0 + $3 * 1000))
	while [ "$(now_ms)" -lt "$_end" ]; do
		_age=$(footer_age)
		[ -n "$_age" ] && echo "$(now_ms) $_age" >>"$T/footer"
		sleep 2
	done
	_t1=$(now_ms)
	_r1=$(redis_cpu_ms) _a1=$(app_cpu_ms)
	cmdstat >"$T/cost.$_name.cs1"
	alive
	rcli --json SLOWLOG GET -1 | jq -r '.[] | "\(.[3][0] | ascii_upcase) \(.[2])"' >"$T/cost.$_name.slow" ||
		bench_die "SLOWLOG GET failed"
	cmdstat_delta "$T/cost.$_name.cs0" "$T/cost.$_name.cs1" >"$T/cost.$_name.cmds"
	set -- $(awk '{ c += $2; u += $3 } END { printf "%d %d\n", c, u }' "$T/cost.$_name.cmds")
	_calls=$1 _usec=$2
	# The slowest command; how many over 1 and 5 ms; SCAN's p99 among
	# those logged; the slowest of the small commands (not SCAN or MGET,
	# which carry the census), whose work is microseconds: when one of
	# them is slow, the Redis thread was waiting for a CPU.
	set -- $(awk '{ n++; if ($2 > 5000) n5++; if ($2 > max) { max = $2; cmd = $1 }
			if ($1 != "SCAN" && $1 != "MGET" && $2 > small) { small = $2; scmd = $1 } }
		END { printf "%d %d %d %s %d %s\n", n, n5, max, (cmd == "" ? "-" : cmd), small, (scmd == "" ? "-" : scmd) }' \
		"$T/cost.$_name.slow")
	_scan99=$(awk '$1 == "SCAN" { print $2 }' "$T/cost.$_name.slow" | { cat >"$T/scan.tmp"; stats "$T/scan.tmp"; } |
		awk '{ print $3 }')
	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$_name" "$_t0" "$_t1" "$_calls" "$_usec" \
		"$((_r1 - _r0))" "$((_a1 - _a0))" "$1" "$2" "$3" "$4" "$5" "$6" "$_scan99" "$((_clients - 1))" \
		"$(load)" >>"$T/cost.rows"
	bench_log "  $_name: $(calc "$_usec / 10 / ($_t1 - $_t0)")% of Redis's time in commands" \
		"($_calls commands in $(((_t1 - _t0) / 1000)) s), redis-server CPU $((_r1 - _r0)) ms," \
		"slowest $(calc "$3 / 1000") ms ($4), $2 over 5 ms, load $(load)"
}

# by_command FILE SECONDS: "SCAN 46% (1150 us/call, 3.5/s), ..." for the
# four commands that took the most Redis time.
by_command() {
	awk '{ c[$1] += $2; u[$1] += $3; t += $3 }
		END { for (k in c) printf "%d %s %d %d\n", u[k], k, c[k], t }' "$1" | sort -rn | head -4 |
		awk -v secs="$2" '{ printf "%s%s %.0f%% (%.*f us/call, %.1f/s)", (NR > 1 ? ", " : ""), toupper($2),
			100 * $1 / $4, ($1 / $3 < 10), $1 / $3, $3 / secs }'
}

# load_redis SECONDS WHAT: background load on Redis for the busy scenarios
# ("sleep1": DEBUG SLEEP 0.5 every second; "bench": redis-benchmark -c 20
# plus DEBUG SLEEP 0.5 every 3 s). Sets BUSY_PIDS.
load_redis() {
	: >"$T/sleeps"
	if [ "$1" = bench ]; then
		"$REDIS_BENCHMARK" -s "$REDIS_SOCK" -c 20 -n 1000000000 -t set,get,incr,lpush,lpop,hset -q \
			>"$T/redis-benchmark.out" 2>&1 &
		BUSY_PIDS="$BUSY_PIDS $!"
		_pause=2.5
	else
		_pause=0.5
	fi
	(
		while :; do
			sleep "$_pause"
			"$REDIS_CLI" -s "$REDIS_SOCK" DEBUG SLEEP 0.5 >/dev/null 2>&1 && echo x >>"$T/sleeps"
		done
	) &
	BUSY_PIDS="$BUSY_PIDS $!"
}
unload_redis() {
	for _p in $BUSY_PIDS; do
		kill "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	BUSY_PIDS=
}
total_commands() { rcli INFO stats | tr -d '\r' | sed -n 's/^total_commands_processed://p'; }

# ---------------------------------------------------------------- load
load_start=$(load)
redis_start_debug
bench_log "loading $ntasks tasks, $nsessions sessions ($nusers users) with redis-cli --pipe"
bench_load_platform "$ntasks" "$nsessions" "$nusers"
bench_log "loaded $nkeys keys ($used_memory)"

# Redis alone (expiry cycles over the keys with TTLs, serverCron): what its
# CPU is without the dashboard.
r0=$(redis_cpu_ms) t0=$(now_ms)
sleep "$idle_s"
redis_idle_cpu=$(calc "($(redis_cpu_ms) - $r0) * 1000 / ($(now_ms) - $t0)")	# ms per s
bench_log "redis-server alone: $redis_idle_cpu ms CPU per second"

# ---------------------------------------------------------------- dashboard
: >"$LAT"
: >"$T/footer"
: >"$T/footer.bg"
: >"$T/rss"
: >"$T/lat.rows"
: >"$T/cost.rows"
tm -f /dev/null new-session -d -s t -x 120 -y 40 -c "$T" \
	"env $ocrtop_env OCRTOP_LATENCY_LOG='$LAT' LC_ALL=C.UTF-8 TERM=screen-256color '$OCRTOP' -u 'unix://$REDIS_SOCK' $ocrtop_args; echo EXIT=\$?; sleep 3600" ||
	bench_die "tmux would not start"
dash_t0=$(now_ms)
i=0
until screen | grep -q '1 Overview'; do
	i=$((i + 1))
	[ "$i" -gt 100 ] && bench_die "the dashboard did not draw: $(screen | head -5)"
	sleep 0.1
done
TMUX_PID=$(tm display-message -p '#{pid}')
# The tabs ("1 Overview  2 Queue ..."): Tab goes round all of them.
nscreens=$(screen | awk '/1 Overview/ { print gsub(/(^| )[1-9] [A-Z][a-z]+/, ""); exit }')
[ "${nscreens:-0}" -ge 8 ] || bench_die "cannot count the screens' tabs: $(screen | sed -n 1,3p)"
pane_pid=$(tm display-message -p -t t '#{pane_pid}')
if command -v pgrep >/dev/null 2>&1; then
	APP_PID=$(pgrep -P "$pane_pid" | head -1)
else
	APP_PID=$(grep -l "^PPid:[[:space:]]*$pane_pid\$" /proc/[0-9]*/status 2>/dev/null | head -1 | cut -d/ -f3)
fi
[ -n "$APP_PID" ] && [ -r "/proc/$APP_PID/status" ] || bench_die "cannot find the dashboard's pid (pane $pane_pid)"
grep -q ocrtop "/proc/$APP_PID/cmdline" || bench_die "pid $APP_PID is not ocrtop: $(tr '\0' ' ' <"/proc/$APP_PID/cmdline")"
rss_first=$(rss_kb VmRSS)
echo "$dash_t0 $rss_first $(rss_kb VmHWM)" >>"$T/rss"
bench_log "dashboard running (pid $APP_PID), RSS $((rss_first / 1024)) MB"

# Every 10 s until killed: "ms VmRSS VmHWM" and "ms census-age".
(
	while kill -0 "$APP_PID" 2>/dev/null; do
		sleep 10
		_t=$(now_ms)
		echo "$_t $(rss_kb VmRSS) $(rss_kb VmHWM)" >>"$T/rss"
		_age=$(footer_age)
		[ -n "$_age" ] && echo "$_t $_age" >>"$T/footer.bg"
	done
) &
SAMPLER_PID=$!

i=0
until screen | tail -1 | grep -q 'census 100%'; do
	i=$((i + 1))
	[ "$i" -gt 600 ] && bench_die "no census completed in 2 minutes: $(screen | tail -1)"
	sleep 0.2
done
first_census_ms=$(($(now_ms) - dash_t0))
rss_after_census=$(rss_kb VmRSS)
bench_log "first census complete after $first_census_ms ms; RSS $((rss_after_census / 1024)) MB"

# ---------------------------------------------------------------- cost
bench_log "Redis's time at steady state, no keys pressed (load $(load))"
cost overview 1 "$cost_main_s"
cost queue 2 "$cost_screen_s"
cost tasks 3 "$cost_screen_s"
cost sessions 4 "$cost_screen_s"
cost redis 8 "$cost_screen_s"

# ---------------------------------------------------------------- latency
bench_log "latency, Redis idle (keys at about 10/s for $lat_s s)"
cmdstat >"$T/keys.cs0"
kt0=$(now_ms)
drive idle "$lat_s"
kt1=$(now_ms)
cmdstat >"$T/keys.cs1"
cmdstat_delta "$T/keys.cs0" "$T/keys.cs1" >"$T/keys.cmds"
keys_usec=$(awk '{ u += $3 } END { printf "%d\n", u }' "$T/keys.cmds")
keys_share=$(calc "$keys_usec / 10 / ($kt1 - $kt0)")
keys_by=$(by_command "$T/keys.cmds" "$(((kt1 - kt0) / 1000))")
bench_log "  Redis time while keys were pressed: $keys_share% ($keys_by)"

bench_log "latency, Redis blocked by DEBUG SLEEP 0.5 every second"
load_redis sleep1
sleep 1
drive blocked "$lat_down_s"
unload_redis
blocked_sleeps=$(wc -l <"$T/sleeps" | tr -d ' ')

bench_log "latency, Redis busy: redis-benchmark -c 20 and DEBUG SLEEP 0.5 every 3 s"
c0=$(total_commands) bt0=$(now_ms)
load_redis bench
sleep 1
drive busy "$lat_s"
unload_redis
bt1=$(now_ms) c1=$(total_commands)
busy_ops=$(((c1 - c0) * 1000 / (bt1 - bt0)))
busy_sleeps=$(wc -l <"$T/sleeps" | tr -d ' ')
bench_log "  Redis did $busy_ops commands/s and slept 0.5 s $busy_sleeps times"

# ---------------------------------------------------------------- RSS at 10 min
# The overview once more, until the dashboard has run rss_min_s.
left=$(((dash_t0 + rss_min_s * 1000 - $(now_ms)) / 1000))
[ "$left" -lt "$cost_last_s" ] && left=$cost_last_s
bench_log "the overview again for $left s (RSS after $((rss_min_s / 60)) minutes)"
cost overview2 1 "$left"
rss_10=$(rss_kb VmRSS)
hwm_10=$(rss_kb VmHWM)
rss_10_at=$((($(now_ms) - dash_t0) / 1000))
echo "$(now_ms) $rss_10 $hwm_10" >>"$T/rss"

# ---------------------------------------------------------------- Redis away
bench_log "latency, Redis stopped (SIGSTOP) for $lat_down_s s"
kill -STOP "$REDIS_PID"
REDIS_STOPPED=1
drive stopped "$lat_down_s"
screen | grep -q 'disconnected' && stopped_banner=yes || stopped_banner=no
kill -CONT "$REDIS_PID"
REDIS_STOPPED=
t_key=$(now_ms)
recover=
while [ $(($(now_ms) - t_key)) -lt 30000 ]; do
	if screen | sed -n 2p | grep -q '● connected' && ! screen | grep -q 'disconnected'; then
		recover=$(($(now_ms) - t_key))
		break
	fi
	sleep 0.1
done
bench_log "  after SIGCONT: connected again after ${recover:-(more than 30000)} ms"

bench_log "latency, Redis killed for $lat_down_s s"
kill "$REDIS_PID"
wait "$REDIS_PID" 2>/dev/null
REDIS_PID=
sleep 1
drive killed "$lat_down_s"
screen | grep -q 'disconnected' && killed_banner=yes || killed_banner=no
rss_end=$(rss_kb VmRSS)
hwm_end=$(rss_kb VmHWM)
echo "$(now_ms) $rss_end $hwm_end" >>"$T/rss"
run_s=$((($(now_ms) - dash_t0) / 1000))
load_end=$(load)

# ---------------------------------------------------------------- report
# Census completions: each footer sample gives a finish time (sample time -
# age); samples 3 s apart or less in finish time are the same census.
cat "$T/footer" "$T/footer.bg" | awk '{ print $1 - $2 * 1000 }' | sort -n |
	awk 'NR == 1 || $1 - last > 3000 { print $1 } { last = $1 }' >"$T/finishes"
# census_in T0 T1: how many censuses finished between T0 and T1 (ms).
census_in() { awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { n++ } END { print n + 0 }' "$T/finishes"; }
# The steady-state period: the gaps between finishes before any key was
# pressed (from the first, fast, census on: the next starts 5 s after it).
census_gaps=$(awk -v kt0="$kt0" 'NR > 1 && $1 <= kt0 { printf "%s%.0f", (n++ ? ", " : ""), ($1 - prev) / 1000 }
	{ prev = $1 }' "$T/finishes")
ncensus=$(awk 'END { print NR }' "$T/finishes")

cost_table=$(awk -F'|' -v idle="$redis_idle_cpu" '
	{ secs = ($3 - $2) / 1000
	  if ($1 == "overview") name = "1 Overview"; else if ($1 == "queue") name = "2 Queue"
	  else if ($1 == "tasks") name = "3 Tasks"; else if ($1 == "sessions") name = "4 Sessions"
	  else if ($1 == "redis") name = "8 Redis"; else name = "1 Overview (again, later)"
	  if ($8 == 0) slow = "none over 1 ms"
	  else slow = sprintf("%.1f ms %s; %d over 1 ms, %d over 5 ms; SCAN p99 %.1f ms; %s", \
	      $10 / 1000, $11, $8, $9, $14 / 1000, \
	      $12 > 0 ? sprintf("small commands up to %.1f ms", $12 / 1000) : "only SCAN and MGET over 1 ms")
	  printf "| %s | %.0f s | **%.2f%%** (%.1f ms/s) | %.0f | %.1f%% | %.1f%% | %s | %s | %s |\n", name, secs, \
	      $5 / 10 / ($3 - $2), $5 / 1000 / secs, $4 / secs, ($6 / secs - idle) / 10, $7 / secs / 10, \
	      slow, $15, $16 }' "$T/cost.rows")
census_col=
while IFS='|' read -r name ct0 ct1 rest; do
	census_col="$census_col $name $(census_in "$ct0" "$ct1"),"
done <"$T/cost.rows"
census_col=${census_col%,}
worst_share=$(awk -F'|' '{ s = $5 / 10 / ($3 - $2); if (s > m) m = s } END { printf "%.2f", m }' "$T/cost.rows")
worst_cpu=$(awk -F'|' -v idle="$redis_idle_cpu" '{ s = ($6 / (($3 - $2) / 1000) - idle) / 10; if (s > m) m = s }
	END { printf "%.1f", m }' "$T/cost.rows")
set -- $(awk -F'|' '$10 > m { m = $10; c = $11 } $14 != "-" && $14 > s { s = $14 } $12 > sm { sm = $12 }
	END { printf "%.2f %s %.2f %.2f\n", m / 1000, (c == "" ? "-" : c), s / 1000, sm / 1000 }' "$T/cost.rows")
worst_slow=$1 worst_slow_cmd=$2 worst_scan99=$3 worst_small=$4
# small_note MS: the slowest of the small commands, if any took over 1 ms.
small_note() {
	case $1 in
	0|0.00) echo "only SCAN and MGET over 1 ms" ;;
	*) echo "small commands up to $1 ms" ;;
	esac
}
main_secs=$(awk -F'|' 'NR == 1 { printf "%.0f", ($3 - $2) / 1000 }' "$T/cost.rows")
main_by=$(by_command "$T/cost.overview.cmds" "$main_secs")
queue_secs=$(awk -F'|' '$1 == "queue" { printf "%.0f", ($3 - $2) / 1000 }' "$T/cost.rows")
queue_by=$(by_command "$T/cost.queue.cmds" "$queue_secs")
redis_secs=$(awk -F'|' '$1 == "redis" { printf "%.0f", ($3 - $2) / 1000 }' "$T/cost.rows")
redis_by=$(by_command "$T/cost.redis.cmds" "$redis_secs")

lat_table=$(awk -F'|' '{
	if ($1 == "idle") name = "Redis idle"; else if ($1 == "blocked") name = "Redis blocked (DEBUG SLEEP 0.5 every 1 s)"
	else if ($1 == "busy") name = "Redis busy (redis-benchmark -c 20 + DEBUG SLEEP 0.5 every 3 s)"
	else if ($1 == "stopped") name = "Redis stopped (SIGSTOP)"; else name = "Redis killed (connection refused)"
	printf "| %s | %d | %s / **%s** / %s ms | %s / %s / %s ms | %d/%d | %s / %s ms | %s |\n", name, $2, $4, $5, $6, \
	    $7, $8, $9, $10, $11, $13, $14, $12 }' "$T/lat.rows")
worst_p99=$(awk -F'|' '$5 + 0 > m { m = $5 + 0 } END { printf "%.1f", m }' "$T/lat.rows")
worst_ext_p99=$(awk -F'|' '$8 + 0 > m { m = $8 + 0 } END { printf "%d", m }' "$T/lat.rows")
all_drawn=$(awk -F'|' '{ d += $10; c += $11 } END { printf "%d/%d", d, c }' "$T/lat.rows")
all_drawn_ok=$(awk -F'|' '{ d += $10; c += $11 } END { print (d == c) }' "$T/lat.rows")
send_max=$(awk -F'|' '$15 + 0 > m { m = $15 + 0 } END { printf "%d", m }' "$T/lat.rows")
lat_logged=$(awk -F'|' '{ n += $3; s += $2 } END { printf "%d redraws logged for %d keys", n, s }' "$T/lat.rows")

# RSS: the series once a minute; per census cycle (from one finish to the
# next, up to the 10-minute sample) the lowest and highest sample: it
# climbs while a census walks and drops some time after it ends.
rss_series=$(awk -v t0="$dash_t0" '{ m = int(($1 - t0) / 60000); if (!(m in seen)) { seen[m] = 1;
	printf "%s%.1f", (n++ ? ", " : ""), $2 / 1024 } }' "$T/rss")
rss_peak=$(awk '$3 > m { m = $3 } END { print m }' "$T/rss")
awk -v t10="$((dash_t0 + rss_10_at * 1000))" 'NR == FNR { f[++nf] = $1; next }
	$1 <= t10 { c = 0; while (c < nf && f[c + 1] <= $1) c++
		if (!(c in max)) { min[c] = $2; order[++no] = c }
		if ($2 > max[c]) max[c] = $2; if ($2 < min[c]) min[c] = $2 }
	END { for (i = 1; i <= no; i++) print order[i], min[order[i]], max[order[i]] }' \
	"$T/finishes" "$T/rss" >"$T/rss.cycles"
rss_cycles=$(awk '$1 >= 1 { printf "%s%.1f-%.1f", (n++ ? ", " : ""), $2 / 1024, $3 / 1024 }' "$T/rss.cycles")
rss_steady_min=$(awk '$1 >= 1 && (m == "" || $2 < m) { m = $2 } END { print m + 0 }' "$T/rss.cycles")
rss_steady_max=$(awk '$1 >= 1 && $3 > m { m = $3 } END { print m + 0 }' "$T/rss.cycles")
start_mb=$(measure "$T/version.rusage" "$OCRTOP" --version >/dev/null && awk '{ printf "%.1f", $2 / 1024 }' "$T/version.rusage")
mb() { calc "$1 / 1024"; }

verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
rev=$(git -C "$S" rev-parse --short HEAD 2>/dev/null) || rev=
dirty=
[ -n "$rev" ] && [ -n "$(git -C "$S" status --porcelain -- src 2>/dev/null)" ] && dirty=" (with uncommitted changes in src/)"
note=
[ "$quick" = 1 ] && note="
**BENCH_QUICK=1: a smoke run with short phases; these are not measurements.**
"
[ -n "$ocrtop_env" ] && note="$note
**The dashboard ran with \`$ocrtop_env\` in its environment.**
"
[ -n "$ocrtop_args" ] && note="$note
**The dashboard ran with \`$ocrtop_args\`.**
"

cat >"$T/summary.md" <<EOF
### The dashboard on $ntasks tasks + $nsessions sessions ($nusers users)
$note
Measured $(date -u +%F)${rev:+ at commit $rev$dirty} on $(nproc 2>/dev/null || echo ?) cores${cpu_model:+ ($cpu_model)}; $("$REDIS_SERVER" --version | cut -d' ' -f1-3).
Keyspace: $nkeys keys, $used_memory in Redis. \`ocrtop -u unix://SOCK\` (default \`--interval 1s\`,
\`--census-share 1.5\`) in a 120x40 tmux pane, run for $run_s s. Load average (1/5/15 min):
$load_start at the start, $load_end at the end.

**Keypress to screen.** Keys at about 10/s (\`$KEY_CYCLE\`, in a loop). "ocrtop" is the
dashboard's own \`OCRTOP_LATENCY_LOG\` (from reading the key to \`doupdate()\` done); "tmux" is from
\`send-keys\` returning (the key is in the pane's terminal) until \`capture-pane\` shows the new
screen (the highlighted tab, or the help opened/closed), for screen switches and the help only:
it adds the wake-up, tmux, the polling shell (a few ms a round) and any wait for a CPU.
"CPU wait": the average time the UI thread / the tmux server waited for a CPU per timeslice
(/proc schedstat).

| scenario | keys | ocrtop p50 / p99 / max | tmux p50 / p99 / max | switches seen drawn | CPU wait UI / tmux | load |
|---|---:|---:|---:|---:|---:|---|
$lat_table

- $lat_logged (a line covers one read of the terminal: keys that arrive together share it);
  \`tmux send-keys\` itself took up to $send_max ms (not counted).
- Blocked: Redis slept 0.5 s $blocked_sleeps times. Busy: Redis ran $busy_ops commands/s and slept 0.5 s $busy_sleeps times.
- After SIGCONT the header said "● connected" again after ${recover:-more than 30000} ms; the
  "disconnected" banner was up at the end of the stopped run: $stopped_banner, of the killed run: $killed_banner.
- Redis time while the keys were pressed (Redis idle): **$keys_share%**: $keys_by.

**Cost to Redis at steady state**, no keys pressed, nothing else connected (the census had
completed). Redis time = sum of \`usec\` in INFO commandstats / wall time. CPU columns from /proc:
redis-server's above its idle $redis_idle_cpu ms/s with the same keys and no client (it includes
reading requests and writing replies, which commandstats leaves out, and excludes time spent
waiting for a CPU, which commandstats includes), and the dashboard's own. Slow log: commands
over 1 ms.

| screen | window | Redis time | commands/s | redis-server CPU | ocrtop CPU | commands over 1 ms | dashboard connections | load |
|---|---:|---:|---:|---:|---:|---|---:|---|
$cost_table

- Overview: $main_by.
- Queue: $queue_by.
- Redis: $redis_by.
- Censuses completed per window:$census_col. $ncensus in the whole run: the first after
  $(calc "$first_census_ms / 1000") s; before any key was pressed, one every ${census_gaps:-?} s.

**Memory (VmRSS)**, sampled every 10 s: $(mb "$rss_first") MB at start, $(mb "$rss_after_census") MB after the first
census, $(mb "$rss_10") MB after $rss_10_at s, $(mb "$rss_end") MB at the end (after the Redis-away runs); peak (VmHWM)
$(mb "$rss_peak") MB. Samples after the first census between $(mb "$rss_steady_min") and $(mb "$rss_steady_max") MB;
lowest-highest per census cycle: ${rss_cycles:-(none)} MB. Once a minute: $rss_series MB.
\`ocrtop --version\` alone peaks at $start_mb MB.

| goal | measured | |
|---|---|---|
| keypress p99 <= 50 ms, busy or unreachable Redis | ocrtop's worst p99 $worst_p99 ms, $all_drawn switches drawn (tmux worst p99 $worst_ext_p99 ms) | $(verdict "$worst_p99 <= 50 && $all_drawn_ok") |
| <= 2% of Redis's time at steady state (commandstats) | worst screen $worst_share% (redis-server CPU: $worst_cpu%) | $(verdict "$worst_share <= 2") |
| no command blocking Redis more than a few ms (< 5 ms): slowest seen | $worst_slow ms ($worst_slow_cmd); $(small_note "$worst_small") | $(verdict "$worst_slow < 5") |
| ... the census's largest command, SCAN, p99 of those over 1 ms | $worst_scan99 ms | $(verdict "$worst_scan99 < 5") |
| RSS <= 30 MB after 10 minutes (judged on the peak, VmHWM) | $(mb "$rss_10") MB at $rss_10_at s; up to $(mb "$rss_steady_max") MB sampled; VmHWM $(mb "$hwm_10") MB | $(if [ "$rss_10_at" -ge 600 ]; then verdict "$hwm_10 <= 30 * 1024"; else echo "not judged: the run was shorter than 10 minutes"; fi) |
EOF
cp "$T/summary.md" "$B/bench-dashboard.md" || bench_die "cannot write $B/bench-dashboard.md"
cat "$T/summary.md"
bench_log "summary written to $B/bench-dashboard.md"
