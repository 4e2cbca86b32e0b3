# `ocrtop demo` in a private tmux: it starts its own redis-server on a
# Unix socket in a temp dir, loads a platform, keeps it moving (a producer
# and in-process workers recognising real pages), shows its endpoint, and
# q leaves no redis-server and no temp dir behind; --keep leaves them for
# a second terminal. `ocrtop seed` loads the same data into the Redis
# named, refusing a namespace that holds keys unless --force.
. "$OCRTOP_SRCDIR/tests/lib.sh"

export TMPDIR="$OCRTOP_TEST_DIR/tmp"
mkdir -p "$TMPDIR"

tmux_start 110 32 "$OCRTOP" demo --interval 0.5
screen_has "ocrtop demo · unix://$TMPDIR/ocrtop-demo\\.[A-Za-z0-9]+/redis\\.sock" 20 \
	"the header shows the demo's own unix:// endpoint"
sock=$(printf '%s\n' "$SCREEN" | grep -oE "$TMPDIR/ocrtop-demo\\.[A-Za-z0-9]+/redis\\.sock" | head -1)
dir=$(dirname "$sock")
ok "$([ -S "$sock" ] && echo 0 || echo 1)" "the socket is in a temp dir of its own"
is "$(stat -c %a "$sock")" 700 "...only its owner may connect"
port=$("$REDIS_CLI" -s "$sock" CONFIG GET port | tail -1)
is "$port" 0 "the demo's redis-server listens on no TCP port"
screen_has "completed [0-9,]{4,}" 15 "the overview shows thousands of completed tasks"
screen_has "sessions [0-9]{3} +users [0-9]{2} +idle [1-9]" 5 "...hundreds of sessions, dozens of users, some idle"
screen_has "here: [0-9]+ threads?, [1-9][0-9]* done" 90 "the in-process workers complete tasks"
total0=$("$REDIS_CLI" -s "$sock" GET ocr:stats:tasks:total)
sleep 3
total1=$("$REDIS_CLI" -s "$sock" GET ocr:stats:tasks:total)
ok "$([ "$total1" -gt "$total0" ] && echo 0 || echo 1)" "the producer keeps adding tasks ($total0 -> $total1)"
result=$("$REDIS_CLI" -s "$sock" --scan --pattern 'ocr:cache:result:*' | head -1)
like "$("$REDIS_CLI" -s "$sock" GET "$result")" '"confidence"' "results are cached as the platform expects"
tmux_keys 7
screen_has "task_completed" 10 "the feed shows the workers' notifications"
tmux_keys q
screen_has "^EXIT=0" 20 "q quits with status 0"
ok "$([ ! -e "$dir" ] && echo 0 || echo 1)" "the temp dir is gone"
ok "$(pgrep -f "redis-server unixsocket:$sock" >/dev/null && echo 1 || echo 0)" "the demo's redis-server is gone"
tmux_stop

# --keep: the server outlives ocrtop, and ocrtop says how to attach.
tmux_start 110 32 "$OCRTOP" demo --keep --workers 1
screen_has "ocrtop demo · unix://" 20 "demo --keep starts"
tmux_keys q
screen_has "attach: +ocrtop -u unix://" 20 "on exit it prints how to attach"
kept=$(printf '%s\n' "$SCREEN" | grep -oE "unix://[^ ]+redis\\.sock" | head -1)
stop_pid=$(printf '%s\n' "$SCREEN" | grep -oE "kill [0-9]+" | awk '{print $2}')
out=$("$OCRTOP" -u "$kept" status --json)
ok "$([ "$(jget "$out" .tasks.scanned)" -gt 1000 ] && echo 0 || echo 1)" "a second ocrtop attaches to the kept demo"
kill "$stop_pid" 2>/dev/null
rm -rf "${kept#unix://}" "$(dirname "${kept#unix://}")"
tmux_stop

err=$("$OCRTOP" -u "$TEST_URL" demo 2>&1); rc=$?
is "$rc" 2 "demo with --url is a usage error"
like "$err" "runs its own redis-server" "...saying why"

# seed
out=$("$OCRTOP" -u "$TEST_URL" seed); rc=$?
is "$rc" 0 "seed into an empty namespace"
like "$out" "seeded namespace 'ocr'.*3000 tasks, 400 sessions of 40 users" "seed says what it loaded"
st=$("$OCRTOP" -u "$TEST_URL" status --json)
ok "$([ "$(jget "$st" .tasks.scanned)" -ge 3000 ] && echo 0 || echo 1)" "the tasks are there"
is "$(jget "$st" .sessions.malformed)" 2 "a few malformed sessions, as real data has"
ok "$([ "$(jget "$st" .sessions.idle)" -gt 0 ] && echo 0 || echo 1)" "some sessions idle past 30 minutes"
is "$(jget "$st" '.daily | length')" 7 "daily statistics for every day shown"
for s in pending processing completed failed other; do
	ok "$([ "$(jget "$st" ".tasks.by_status.$s")" -gt 0 ] && echo 0 || echo 1)" "tasks with status $s"
done
before=$(rcli DBSIZE)
err=$("$OCRTOP" -u "$TEST_URL" seed 2>&1); rc=$?
is "$rc" 4 "seed refuses a namespace that holds keys"
like "$err" "namespace 'ocr' already holds keys.*--force" "...and says how to insist"
is "$(rcli DBSIZE)" "$before" "...having written nothing"
"$OCRTOP" -u "$TEST_URL" seed --force --tasks 10 --sessions 5 --users 2 >/dev/null; rc=$?
is "$rc" 0 "seed --force adds to it"
ok "$([ "$(rcli DBSIZE)" -gt "$before" ] && echo 0 || echo 1)" "...more keys now"
"$OCRTOP" -u "$TEST_URL" -n other seed --tasks 20 --sessions 5 --users 3 >/dev/null; rc=$?
is "$rc" 0 "seed into another namespace (-n)"
users=$(jget "$("$OCRTOP" -u "$TEST_URL" -n other status --json)" .sessions.users)
ok "$([ "$users" -ge 1 ] && [ "$users" -le 3 ] && echo 0 || echo 1)" "...with the shape asked for ($users of 3 users have sessions)"
err=$("$OCRTOP" -u "$TEST_URL" -n third --read-only seed 2>&1); rc=$?
is "$rc" 4 "seed refuses in read-only mode"
is "$(rcli --scan --pattern 'third:*' | wc -l)" 0 "...writing nothing"
done_testing
