# `ocrtop worker` end to end: tasks enqueued exactly as the seeds do, real
# tesseract on real images, every field, TTL, counter, daily stat, result
# and notification checked; failures, retries, orphans, priority order,
# the registry, and crash safety (kill -9, SIGTERM).
. "$OCRTOP_SRCDIR/tests/lib.sh"

FIX="$OCRTOP_SRCDIR/tests/fixtures"
FILES="$OCRTOP_TEST_DIR/files"
mkdir -p "$FILES"
cp "$FIX/line.png" "$FILES/img-line.png"
cp "$FIX/line.jpg" "$FILES/img-jpeg"
cp "$FIX/line.tif" "$FILES/img-tif.tif"
cp "$FIX/page.png" "$FILES/img-page.png"
cp "$FIX/corrupt.png" "$FILES/img-corrupt.png"
cp "$OCRTOP_SRCDIR/bench/pages/05-report.png" "$FILES/img-slow.png"
today=$(date -u +%F)
W() { "$OCRTOP" -u "$TEST_URL" worker --files-dir "$FILES" "$@"; }
# (Workers in the background are started without W, so that $! is
# ocrtop itself, which keeps its pid when it re-executes.)

# enqueue ID FILE_ID [USER]: the backend's MULTI of LPUSH, HSET, INCR.
enqueue() {
	printf 'MULTI\nLPUSH ocr:task:queue %s\nHSET ocr:task:data:%s user_id %s file_id %s status pending priority 5 created_at %s\nINCR ocr:stats:tasks:total\nEXEC\n' \
		"$1" "$1" "${3:-user-1}" "$2" "$(($(date +%s) * 1000))" | rcli >/dev/null
}

# Listen to every notification while the tests run.
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" PSUBSCRIBE 'ocr:notifications*' > "$OCRTOP_TEST_DIR/notes" &
_extra_pids="$_extra_pids $!"
sleep 0.2

# --- success, three formats ------------------------------------------------
enqueue t-png img-line
enqueue t-jpg img-jpeg user-2
enqueue t-tif img-tif
unset OMP_THREAD_LIMIT
W --drain --threads 2 --log-json --log "$OCRTOP_TEST_DIR/log1" 2>"$OCRTOP_TEST_DIR/err1"; rc=$?
is "$rc" 0 "worker --drain exits 0 when the queue is done"
is "$(cat "$OCRTOP_TEST_DIR/err1")" "" "nothing on stderr with --log FILE (no library noise)"
for case in "t-png|The quick brown fox jumps over the lazy dog|9" "t-jpg|Invoice 4821 was paid on Monday|6" \
    "t-tif|Tesseract reads TIFF files too|5"; do
	t=${case%%|*}
	rest=${case#*|}
	text=${rest%|*}
	words=${rest#*|}
	is "$(rcli HGET ocr:task:data:$t status)" completed "$t: status completed"
	like "$(rcli HGET ocr:task:data:$t worker_id)" "^[^ ]+:[0-9]+:[0-9]+$" "$t: worker_id host:pid:thread"
	is "$(rcli HGET ocr:task:data:$t attempts)" 1 "$t: one attempt"
	started=$(rcli HGET ocr:task:data:$t started_at)
	completed=$(rcli HGET ocr:task:data:$t completed_at)
	ok "$([ "$completed" -ge "$started" ] && [ "$started" -gt 1600000000000 ] && echo 0 || echo 1)" \
		"$t: started_at <= completed_at, in milliseconds"
	ttl=$(rcli TTL ocr:task:data:$t)
	ok "$([ "$ttl" -gt 86000 ] && [ "$ttl" -le 86400 ] && echo 0 || echo 1)" "$t: the task expires in a day ($ttl s)"
	res=$(rcli GET ocr:cache:result:$t)
	is "$(jget "$res" .text)" "\"$text\"" "$t: the recognised text"
	ok "$(jget "$res" '.confidence > 0.6 and .confidence <= 1' | grep -q true && echo 0 || echo 1)" "$t: confidence in 0..1"
	is "$(jget "$res" .word_count)" "$words" "$t: the word count"
	is "$(jget "$res" .lang)" '"eng"' "$t: the language"
	is "$(jget "$res" '.processing_ms | type')" '"number"' "$t: processing_ms"
	is "$(jget "$res" '.worker_id')" "\"$(rcli HGET ocr:task:data:$t worker_id)\"" "$t: the result names the worker"
	ttl=$(rcli TTL ocr:cache:result:$t)
	ok "$([ "$ttl" -gt 3500 ] && [ "$ttl" -le 3600 ] && echo 0 || echo 1)" "$t: the result expires in an hour"
done
is "$(rcli GET ocr:stats:tasks:completed)" 3 "the completed counter"
is "$(rcli HGET ocr:stats:daily:$today tasks_completed)" 3 "today's tasks_completed (UTC date)"
sum=$(rcli HGET ocr:stats:daily:$today processing_time_sum)
n=$(rcli HGET ocr:stats:daily:$today processing_time_count)
is "$(rcli HGET ocr:stats:daily:$today avg_processing_time)" "$(( (sum * 2 + n) / (2 * n) ))" "avg_processing_time is the running mean"
ok "$([ "$(rcli TTL ocr:stats:daily:$today)" -gt 2500000 ] && echo 0 || echo 1)" "daily stats expire in 30 days"
sleep 0.3
for ch in ocr:notifications ocr:notifications:user:user-2 ocr:notifications:task:t-jpg; do
	like "$(grep -A1 -x "$ch" "$OCRTOP_TEST_DIR/notes" | tail -1)" '"type":"task_completed"' "a task_completed message on $ch"
done
msg=$(grep -A1 -x ocr:notifications:task:t-jpg "$OCRTOP_TEST_DIR/notes" | tail -1)
is "$(jget "$msg" '[.task_id, .user_id, .status, (.result.word_count), (.timestamp | type)]')" \
	'["t-jpg","user-2","completed",6,"number"]' "the message has the seeds' fields"
like "$(head -1 "$OCRTOP_TEST_DIR/log1")" '^\{"ts":' "--log-json writes JSON lines"
is "$(grep -c '"outcome":"completed"' "$OCRTOP_TEST_DIR/log1")" 3 "one log line per task"
unlike "$(cat "$OCRTOP_TEST_DIR/log1")" "quick brown" "the log never holds the recognised text"

# --- failures ----------------------------------------------------------------
enqueue t-corrupt img-corrupt
enqueue t-missing img-nowhere user-3
rcli LPUSH ocr:task:queue t-ghost >/dev/null
rcli HSET ocr:task:data:t-escape file_id x file_path /etc/passwd status pending >/dev/null
rcli LPUSH ocr:task:queue t-escape >/dev/null
W --drain --threads 1 --max-attempts 2 2>"$OCRTOP_TEST_DIR/err2"; rc=$?
is "$rc" 0 "failures do not stop the worker"
is "$(rcli HMGET ocr:task:data:t-corrupt status attempts | tr '\n' ' ')" "failed 1 " "an unreadable image fails at once"
like "$(rcli HGET ocr:task:data:t-corrupt error)" "^unreadable image" "...with a one-line error"
ok "$([ "$(rcli HGET ocr:task:data:t-corrupt failed_at)" -gt 0 ] && echo 0 || echo 1)" "...and failed_at"
is "$(rcli HMGET ocr:task:data:t-missing status attempts | tr '\n' ' ')" "failed 2 " "a missing file is retried, then fails at max attempts"
like "$(rcli HGET ocr:task:data:t-missing error)" "^file not found" "...saying the file was not found"
like "$(rcli HGET ocr:task:data:t-escape error)" "escapes --files-dir" "a file_path outside --files-dir is refused"
ok "$([ -n "$(rcli ZSCORE ocr:task:failed t-corrupt)" ] && [ -n "$(rcli ZSCORE ocr:task:failed t-missing)" ] && echo 0 || echo 1)" \
	"failed tasks are findable in ocr:task:failed"
is "$(rcli GET ocr:stats:tasks:failed)" 3 "the failed counter"
is "$(rcli HGET ocr:stats:daily:$today tasks_failed)" 3 "today's tasks_failed"
ok "$([ -n "$(rcli ZSCORE ocr:task:orphans t-ghost)" ] && echo 0 || echo 1)" "an id without data is set aside in ocr:task:orphans"
like "$(cat "$OCRTOP_TEST_DIR/err2")" "task_id=t-ghost outcome=orphan" "...and logged"
is "$(rcli LLEN ocr:task:queue)" 0 "nothing is left queued"
sleep 0.3
like "$(grep -A1 -x ocr:notifications:user:user-3 "$OCRTOP_TEST_DIR/notes" | tail -1)" '"type":"task_failed".*"error":"file not found' \
	"task_failed is published with the error"

# --- a transient failure that succeeds on retry ----------------------------
enqueue t-late img-late
W --max-tasks 1 -q; rc=$?
is "$(rcli HMGET ocr:task:data:t-late status attempts | tr '\n' ' ')" "pending 1 " "a transient failure puts the task back"
cp "$FIX/line.png" "$FILES/img-late.png"
W --drain -q
is "$(rcli HMGET ocr:task:data:t-late status attempts | tr '\n' ' ')" "completed 2 " "...and the retry succeeds"
is "$(rcli HGET ocr:task:data:t-late error)" "" "...clearing the old error"

# --- priority order ----------------------------------------------------------
for s in 1 9 5; do
	rcli ZADD ocr:task:priority $s prio-$s >/dev/null
	rcli HSET ocr:task:data:prio-$s file_id img-line status pending priority $s >/dev/null
done
enqueue fifo-1 img-line
enqueue fifo-2 img-line
W --drain --threads 1 --log-json --log "$OCRTOP_TEST_DIR/log3"
is "$(grep -o '"task_id":"[^"]*","outcome":"completed"' "$OCRTOP_TEST_DIR/log3" | cut -d'"' -f4 | tr '\n' ' ')" \
	"prio-9 prio-5 prio-1 fifo-1 fifo-2 " "the priority set first (highest score), then the FIFO's oldest"

# --- the registry ------------------------------------------------------------
for i in 1 2 3 4 5 6; do enqueue slow-$i img-page; done
$OCRTOP -u "$TEST_URL" worker --files-dir "$FILES" --threads 1 -q --max-tasks 6 &
wpid=$!
i=0
until [ -n "$(rcli ZRANGE ocr:workers 0 -1)" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
wid=$(rcli ZRANGE ocr:workers 0 0)
like "$wid" "^[^ ]+:$wpid:0$" "the worker is in the registry index as host:pid:thread"
is "$(rcli HGET "ocr:worker:$wid" pid)" "$wpid" "its hash names its pid"
ok "$([ "$(rcli TTL "ocr:worker:$wid")" -gt 0 ] && echo 0 || echo 1)" "its hash has a TTL"
i=0
until rcli CLIENT LIST | grep -q "name=ocrtop-worker:$wid " || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
like "$(rcli CLIENT LIST)" "name=ocrtop-worker:$wid " "its connection is named ocrtop-worker:..."
like "$(tr '\0' '\n' < /proc/$wpid/environ)" "^OMP_THREAD_LIMIT=1$" "it re-executed itself with OMP_THREAD_LIMIT=1"
wait "$wpid"
is "$(rcli ZCARD ocr:workers)" 0 "a worker that stops leaves the registry"

# --- crash safety: kill -9 mid-task, then recovery -----------------------------
rcli DEL ocr:stats:tasks:completed >/dev/null
n=12
i=1
while [ $i -le $n ]; do
	enqueue crash-$i img-page
	i=$((i + 1))
done
$OCRTOP -u "$TEST_URL" worker --files-dir "$FILES" --threads 1 --lease 2s -q &
wpid=$!
i=0
until [ "$(rcli ZCARD ocr:task:leases)" -ge 1 ] && [ "$(rcli GET ocr:stats:tasks:completed)" != "" ] || [ $i -gt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
until [ "$(rcli ZCARD ocr:task:leases)" -ge 1 ] || [ $i -gt 200 ]; do sleep 0.01; i=$((i + 1)); done
kill -9 "$wpid"
wait "$wpid" 2>/dev/null
ok "$([ "$(rcli ZCARD ocr:task:leases)" -ge 1 ] && echo 0 || echo 1)" "killed with -9 while a task was leased"
W --threads 2 --lease 2s --drain -q; rc=$?
is "$rc" 0 "a second worker drains, recovering the dead one's task"
is "$(rcli GET ocr:stats:tasks:completed)" "$n" "every task completed exactly once (counter = tasks)"
done_count=0
i=1
while [ $i -le $n ]; do
	[ "$(rcli HGET ocr:task:data:crash-$i status)" = completed ] && done_count=$((done_count + 1))
	i=$((i + 1))
done
is "$done_count" "$n" "every task's status is completed"
is "$(rcli ZCARD ocr:task:leases)" 0 "no lease is left"

# --- SIGTERM mid-task puts the task back --------------------------------------
enqueue term-1 img-slow
$OCRTOP -u "$TEST_URL" worker --files-dir "$FILES" --threads 1 --grace 0.001s -q &
wpid=$!
i=0
until [ "$(rcli ZCARD ocr:task:leases)" -ge 1 ] || [ $i -gt 500 ]; do sleep 0.005; i=$((i + 1)); done
kill -TERM "$wpid"
wait "$wpid"; rc=$?
is "$rc" 0 "SIGTERM: exit 0"
is "$(rcli HGET ocr:task:data:term-1 status)" pending "SIGTERM: the unfinished task is pending again"
is "$(rcli LINDEX ocr:task:queue -1)" term-1 "...at the front of the queue"
is "$(rcli HGET ocr:task:data:term-1 attempts)" 0 "...its attempt not counted"
is "$(rcli ZCARD ocr:task:leases)" 0 "SIGTERM leaves no lease behind"

# --- bad options ------------------------------------------------------------------
err=$("$OCRTOP" -u "$TEST_URL" worker --files-dir /nonexistent 2>&1); rc=$?
is "$rc" 2 "a missing --files-dir: exit 2"
like "$err" "not a directory" "...explained"
err=$("$OCRTOP" -u "$TEST_URL" worker --lang xxx --drain 2>&1); rc=$?
is "$rc" 1 "a missing traineddata: exit 1"
like "$err" "xxx" "...naming the language"
done_testing
