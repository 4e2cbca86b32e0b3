# `ocrtop status` on data written the way the platform writes it: every
# number in --json checked, the text rendering, --check and the alerts.
. "$OCRTOP_SRCDIR/tests/lib.sh"

now_s=$(date +%s)
now_ms=$((now_s * 1000))
today=$(date -u +%F)
yesterday=$(date -u -d @$((now_s - 86400)) +%F)

{
	# The backend's MULTI: LPUSH + HSET + INCR; created_at in ms (Date.now()).
	i=1
	while [ $i -le 1234 ]; do
		echo MULTI
		echo "LPUSH ocr:task:queue task-$i"
		echo "HSET ocr:task:data:task-$i user_id user-$((i % 7)) file_id file-$i status pending priority 5 created_at $((now_ms - 3600000 + i))"
		echo "INCR ocr:stats:tasks:total"
		echo EXEC
		i=$((i + 1))
	done
	# Priority tasks, created_at in seconds as in the seeds' docs.
	for s in 0 1 3 5 5 8 9 10 10 10; do
		i=$((i + 1))
		echo "ZADD ocr:task:priority $s ptask-$i"
		echo "HSET ocr:task:data:ptask-$i status pending priority $s created_at $now_s"
	done
	echo "ZADD ocr:task:priority 9.5 frac"
	echo "ZADD ocr:task:priority -2 negative"
	echo "ZADD ocr:task:priority 11 over"
	echo "ZADD ocr:task:priority 0.99 almost-one"
	for j in 1 2 3; do
		echo "HSET ocr:task:data:run-$j status processing worker_id worker-001 started_at $((now_ms - 1000))"
	done
	echo "HSET ocr:task:data:old-1 status processing started_at $((now_s - 7200))"
	echo "HSET ocr:task:data:old-2 status processing started_at $((now_ms - 7200000))"
	for j in 1 2 3 4 5; do echo "HSET ocr:task:data:done-$j status completed completed_at $now_ms"; done
	echo "HSET ocr:task:data:bad-1 status failed error boom"
	echo "SET ocr:stats:tasks:completed 5"
	echo "HSET ocr:stats:daily:$today tasks_completed 45 tasks_failed 2 avg_processing_time 3500"
	echo "HSET ocr:stats:daily:$yesterday tasks_completed 40 tasks_failed 1 avg_processing_time 3612.5"
} | rcli >/dev/null
# Sessions as the backend writes them (SETEX 604800, JSON).
{
	for u in 1 2 3; do
		n=$((u * 3))
		while [ $n -gt 0 ]; do
			resp SETEX "ocr:session:u$u-$n" 604800 "{\"user_id\":\"user-$u\",\"email\":\"u$u@example.com\",\"role\":\"user\",\"ip_address\":\"10.0.0.$n\",\"created_at\":$now_ms,\"last_activity\":$now_ms}"
			n=$((n - 1))
		done
	done
	# Idle: last_activity two hours ago, in seconds and in ms.
	resp SETEX ocr:session:idle-s 604800 "{\"user_id\":\"user-9\",\"last_activity\":$((now_s - 7200))}"
	resp SETEX ocr:session:idle-ms 604800 "{\"user_id\":\"user-9\",\"last_activity\":$((now_ms - 7200000))}"
	resp SET ocr:session:junk "not json"
} | pipe_in

out=$("$OCRTOP" -u "$TEST_URL" status --json); rc=$?
is "$rc" 0 "status --json exits 0"
printf '%s' "$out" | jq -e . >/dev/null
ok $? "the output is one valid JSON document"
is "$(jget "$out" 'keys_unsorted')" '["queue","tasks","sessions","counters","daily","redis","alerts"]' "top-level names"
is "$(jget "$out" .queue.depth)" 1234 "queue.depth is LLEN"
is "$(jget "$out" .queue.priority_depth)" 14 "queue.priority_depth is ZCARD"
is "$(jget "$out" '.queue.priority_by_score')" \
	'{"0":3,"1":1,"2":0,"3":1,"4":0,"5":2,"6":0,"7":0,"8":1,"9":2,"10":4}' \
	"priority_by_score: [k,k+1) buckets, negatives in 0, 10 and above in 10"
is "$(jget "$out" '[.queue.priority_top[].score]')" '[11,10,10,10,9.5]' "the top 5 by score"
is "$(jget "$out" '.queue.priority_top[0].task_id')" '"over"' "the top task id"
age=$(jget "$out" .queue.oldest_age_s)
ok "$(awk -v a="$age" 'BEGIN { exit !(a > 3590 && a < 3700) }'; echo $?)" "oldest_age_s is about an hour ($age)"
is "$(jget "$out" .tasks.by_status)" '{"pending":1244,"processing":5,"completed":5,"failed":1,"other":0}' "tasks.by_status"
is "$(jget "$out" .tasks.stuck)" 2 "tasks.stuck counts started_at in s and in ms"
is "$(jget "$out" .tasks.scanned)" 1255 "tasks.scanned"
is "$(jget "$out" .sessions.count)" 20 "sessions.count"
is "$(jget "$out" .sessions.users)" 4 "sessions.users"
is "$(jget "$out" .sessions.idle)" 2 "sessions.idle (seconds and milliseconds)"
is "$(jget "$out" .sessions.malformed)" 1 "sessions.malformed"
is "$(jget "$out" .sessions.top_users)" \
	'[{"user_id":"user-3","sessions":9},{"user_id":"user-2","sessions":6},{"user_id":"user-1","sessions":3},{"user_id":"user-9","sessions":2}]' \
	"sessions.top_users"
is "$(jget "$out" .counters)" '{"total":1234,"completed":5,"failed":null}' "counters, null when absent"
is "$(jget "$out" '.daily | length')" 7 "seven days by default"
is "$(jget "$out" '.daily[0]')" "{\"date\":\"$today\",\"tasks_completed\":45,\"tasks_failed\":2,\"avg_processing_time\":3500}" "today's stats (UTC)"
is "$(jget "$out" '.daily[1]')" "{\"date\":\"$yesterday\",\"tasks_completed\":40,\"tasks_failed\":1,\"avg_processing_time\":3612.5}" "yesterday's stats"
is "$(jget "$out" '.daily[2].tasks_completed')" null "a day without stats is null"
is "$(jget "$out" '.redis | keys_unsorted')" \
	'["version","uptime_s","role","used_memory","maxmemory","maxmemory_policy","connected_clients","blocked_clients","ops_per_sec","hit_rate","evicted_keys","last_bgsave_ok","aof_enabled","keys"]' \
	"the redis section's names"
is "$(jget "$out" .redis.role)" '"master"' "redis.role"
is "$(jget "$out" .redis.keys)" "$(rcli DBSIZE)" "redis.keys is the db's key count"
is "$(jget "$out" .redis.last_bgsave_ok)" true "redis.last_bgsave_ok"
is "$(jget "$out" .redis.aof_enabled)" false "redis.aof_enabled"
is "$(jget "$out" '[.alerts[].severity]')" '["critical","warning"]' "alerts: waiting work with no idle worker, stuck tasks"
like "$(jget "$out" '.alerts[0].message')" "1,234 tasks queued, the oldest for 1h 0m, and no worker is waiting" "the waiting-work alert"
like "$(jget "$out" '.alerts[1].message')" "2 tasks processing for more than 10m" "the stuck alert"

out=$("$OCRTOP" -u "$TEST_URL" status --json --days 3 --stuck-after 3h --max-wait 2h)
is "$(jget "$out" '.daily | length')" 3 "--days 3"
is "$(jget "$out" .tasks.stuck)" 0 "--stuck-after 3h"
is "$(jget "$out" '.alerts | length')" 0 "no alerts when nothing waits too long"
out=$("$OCRTOP" -u "$TEST_URL" status --json --idle-minutes 180)
is "$(jget "$out" .sessions.idle)" 0 "--idle-minutes 180"
out=$("$OCRTOP" -u "$TEST_URL" status --json --scan-count 7)
is "$(jget "$out" '[.tasks.scanned, .sessions.count]')" '[1255,20]' "--scan-count 7 gives the same counts"

# A worker waiting on the queue (blocked) silences the waiting-work alert.
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" BRPOP some:other:list 20 >/dev/null &
brpop=$!
sleep 0.3
out=$("$OCRTOP" -u "$TEST_URL" status --json)
is "$(jget "$out" .redis.blocked_clients)" 1 "a blocked client is counted"
is "$(jget "$out" '[.alerts[].severity]')" '["warning"]' "an idle worker means no waiting-work alert"
kill "$brpop" 2>/dev/null; wait "$brpop" 2>/dev/null

# Text: aligned, with thousands separators, and every section present.
out=$("$OCRTOP" -u "$TEST_URL" status); rc=$?
is "$rc" 0 "status (text) exits 0"
like "$out" "^ocrtop status · unix://$OCRTOP_TEST_SOCK · Redis [0-9.]+ master" "the header names the endpoint and Redis"
like "$out" "^Queue     FIFO 1,234 · oldest 1h 0m · priority 14" "the queue line"
like "$out" "by score 0:3 1:1 2:0 3:1" "the histogram"
like "$out" "^Tasks     1,255 hashes: pending 1,244 · processing 5 \\(stuck 2\\)" "the tasks line"
like "$out" "^Sessions  20 · users 4 · idle 2 · malformed 1" "the sessions line"
like "$out" "^Counters  total 1,234 · completed 5 · failed \\?" "the counters line"
like "$out" "$today +45 +2 +3.5s" "the daily table"
like "$out" "^Alerts    CRITICAL  1,234 tasks queued" "the alerts"

# --check: Nagios exit codes.
out=$("$OCRTOP" -u "$TEST_URL" status --check); rc=$?
is "$rc" 2 "--check: critical exits 2"
like "$out" "^OCRTOP CRITICAL - .*\\| queue=1234 priority=14" "--check prints one line with perfdata"
is "$(printf '%s\n' "$out" | wc -l)" 1 "--check prints exactly one line"
out=$("$OCRTOP" -u "$TEST_URL" status --check --max-wait 2h); rc=$?
is "$rc" 1 "--check: a warning exits 1"
out=$("$OCRTOP" -u "$TEST_URL" status --check --max-wait 2h --stuck-after 3h); rc=$?
is "$rc" 0 "--check: OK exits 0"
like "$out" "^OCRTOP OK - queue 1,234" "--check: the OK line"

# Namespaces and the seeds' per-key overrides.
rcli RPUSH other:task:queue a b >/dev/null
rcli RPUSH myqueue x >/dev/null
out=$("$OCRTOP" -u "$TEST_URL" -n other status --json --days 0)
is "$(jget "$out" .queue.depth)" 2 "--namespace other reads other:task:queue"
out=$(REDIS_TASK_QUEUE_PREFIX=myqueue "$OCRTOP" -u "$TEST_URL" status --json --days 0)
is "$(jget "$out" .queue.depth)" 1 "REDIS_TASK_QUEUE_PREFIX names the queue"
out=$(REDIS_TASK_QUEUE_PREFIX=myqueue "$OCRTOP" -u "$TEST_URL" -n other status --json --days 0)
is "$(jget "$out" .queue.depth)" 2 "--namespace on the command line wins over the per-key overrides"
out=$(REDIS_SESSION_PREFIX=nowhere "$OCRTOP" -u "$TEST_URL" status --json --days 0)
is "$(jget "$out" .sessions.count)" 0 "REDIS_SESSION_PREFIX moves the sessions"
is "$(jget "$out" .tasks.scanned)" 1255 "...while tasks are still found (two SCAN walks)"

# Health alerts from other servers.
start_redis replica --replicaof 127.0.0.1 1
out=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status --json)
is "$(jget "$out" .redis.role)" '"slave"' "a replica's role"
like "$(jget "$out" '.alerts[].message')" "link to the master is down" "a replica with its master down is critical"

mkdir "$OCRTOP_TEST_DIR/gone"
start_redis nosave --dir "$OCRTOP_TEST_DIR/gone"
rmdir "$OCRTOP_TEST_DIR/gone"
"$REDIS_CLI" -s "$EXTRA_SOCK" SET k v >/dev/null
"$REDIS_CLI" -s "$EXTRA_SOCK" BGSAVE >/dev/null
sleep 0.5
out=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status --json)
is "$(jget "$out" .redis.last_bgsave_ok)" false "a failed BGSAVE is seen"
like "$(jget "$out" '.alerts[].message')" "background save failed" "a failed BGSAVE is critical"

start_redis lru --maxmemory 2mb --maxmemory-policy allkeys-lru
i=0
while [ $i -lt 40 ]; do
	resp SET "ocr:cache:blob:$i" "$(head -c 100000 /dev/zero | tr '\0' x)"
	i=$((i + 1))
done | "$REDIS_CLI" -s "$EXTRA_SOCK" --pipe >/dev/null
out=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status --json)
ok "$([ "$(jget "$out" .redis.evicted_keys)" -gt 0 ] && echo 0 || echo 1)" "evictions are counted"
like "$(jget "$out" '.alerts[] | select(.severity == "critical") | .message')" "evicted under maxmemory-policy allkeys-lru" \
	"evictions under allkeys-lru are critical"
like "$(jget "$out" '.alerts[].message')" "memory at [0-9]+% of maxmemory" "memory near maxmemory is flagged"
done_testing
