# Operator actions on tasks: the exact effect of each on Redis (what it
# must and must not touch), idempotence, refusals, dry runs, read-only,
# bulk selection with preview and interruption, fsck, and the audit trail.
. "$OCRTOP_SRCDIR/tests/lib.sh"

export XDG_STATE_HOME="$OCRTOP_TEST_DIR/state"
AUDIT="$XDG_STATE_HOME/ocrtop/audit.log"
O() { "$OCRTOP" -u "$TEST_URL" "$@"; }
now_ms=$(($(date +%s) * 1000))
# snapshot: every key with its type and value, to compare before/after
# (but the audit stream, where dry runs and refusals are recorded).
snapshot() {
	rcli --scan | grep -vx 'ocr:audit' | sort | while read -r k; do
		printf '%s %s %s\n' "$k" "$(rcli TYPE "$k")" "$(rcli DUMP "$k" | od -An -tx1 | tr -d ' \n')"
	done
}
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" PSUBSCRIBE 'ocr:notifications*' > "$OCRTOP_TEST_DIR/notes" &
_extra_pids="$_extra_pids $!"
sleep 0.2

# --- requeue by id ------------------------------------------------------------
rcli HSET ocr:task:data:f1 user_id u1 file_id x status failed error boom failed_at 1 worker_id w attempts 2 >/dev/null
rcli ZADD ocr:task:failed 1 f1 >/dev/null
out=$(O requeue f1 --yes); rc=$?
is "$rc" 0 "requeue ID: exit 0"
like "$out" "requeued +f1 +to the FIFO list" "requeue ID: says where the task went"
is "$(rcli HMGET ocr:task:data:f1 status error failed_at worker_id attempts | tr '\n' ' ')" "pending    2 " \
	"requeue: pending, error, failed_at and worker_id cleared, attempts kept"
is "$(rcli LRANGE ocr:task:queue 0 -1 | tr '\n' ' ')" "f1 " "requeue: in the FIFO list"
is "$(rcli ZSCORE ocr:task:failed f1)" "" "requeue: out of ocr:task:failed"
sleep 0.2
like "$(grep -A1 -x ocr:notifications:task:f1 "$OCRTOP_TEST_DIR/notes" | tail -1)" '"type":"task_requeued"' \
	"requeue: task_requeued published on the task's channel"
out=$(O requeue f1 --yes); rc=$?
is "$rc" 0 "requeue twice: exit 0"
like "$out" "already queued: f1" "requeue twice: already queued"
is "$(rcli LLEN ocr:task:queue)" 1 "requeueing twice equals requeueing once"
rcli HSET ocr:task:data:f2 status failed priority 9 attempts 3 >/dev/null
O requeue f2 --reset-attempts --yes >/dev/null
is "$(rcli ZSCORE ocr:task:priority f2)" 9 "a task with a priority above the default goes to the priority set"
is "$(rcli HGET ocr:task:data:f2 attempts)" 0 "--reset-attempts"
rcli HSET ocr:task:data:done1 status completed >/dev/null
rcli EXPIRE ocr:task:data:done1 86400 >/dev/null
O requeue done1 --yes >/dev/null
is "$(rcli TTL ocr:task:data:done1)" -1 "a requeued completed task no longer expires"
out=$(O requeue nosuch --yes); rc=$?
is "$rc" 3 "a missing id: exit 3"
like "$out" "not found: nosuch" "...named"
is "$(rcli EXISTS ocr:task:data:nosuch)" 0 "...and not resurrected"
# Held by a live worker: refused, not duplicated.
rcli HSET ocr:task:data:live status processing worker_id w1 >/dev/null
rcli ZADD ocr:task:leases $((now_ms + 600000)) live >/dev/null
out=$(O requeue live --yes); rc=$?
is "$rc" 4 "a task held by a live worker: exit 4"
like "$out" "held by a live worker" "...said"
is "$(rcli HGET ocr:task:data:live status)" processing "...and untouched"
# Processing without a lease (another worker): refused unless --force.
rcli HSET ocr:task:data:other status processing worker_id platform-7 started_at $now_ms >/dev/null
out=$(O requeue other --yes); rc=$?
is "$rc" 4 "processing by a worker without a lease: refused"
O requeue other --force --yes >/dev/null
is "$(rcli HGET ocr:task:data:other status)" pending "...unless --force"

# --- bulk --------------------------------------------------------------------------
rcli DEL ocr:task:queue ocr:task:priority >/dev/null
i=1
while [ $i -le 30 ]; do
	rcli HSET "ocr:task:data:bulk-$i" status failed user_id "u$((i % 2))" priority $((i % 11)) \
		created_at $((now_ms - i * 60000)) error x >/dev/null
	i=$((i + 1))
done
before=$(snapshot)
out=$(O requeue --failed --dry-run); rc=$?
is "$rc" 0 "--dry-run: exit 0"
like "$out" "^requeue 30 tasks: 13 priority 6-10, 17 FIFO, oldest 30m" "the preview shows the blast radius"
like "$out" "dry run: nothing was changed" "...and says nothing changed"
is "$(snapshot)" "$before" "--dry-run changes nothing"
err=$(O requeue --failed </dev/null 2>&1 >/dev/null); rc=$?
is "$rc" 4 "no terminal and no --yes: refused"
like "$err" "not confirmed" "...said"
is "$(snapshot)" "$before" "...and nothing changed"
out=$(O requeue --failed --user u1 --yes); rc=$?
is "$rc" 0 "--failed --user: exit 0"
is "$(rcli LLEN ocr:task:queue)$(rcli ZCARD ocr:task:priority)" 96 "--user selects only that user's tasks (9 FIFO + 6 priority)"
# Interrupted between batches: nothing half-moved.
"$OCRTOP" -u "$TEST_URL" requeue --failed --batch 2 --rate 10 --yes >"$OCRTOP_TEST_DIR/int" 2>&1 &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"; rc=$?
is "$rc" 130 "Ctrl-C stops a bulk action: exit 130"
like "$(cat "$OCRTOP_TEST_DIR/int")" "interrupted between batches" "...with a summary"
queued=$(( $(rcli LLEN ocr:task:queue) + $(rcli ZCARD ocr:task:priority) ))
pending=0
for i in $(seq 1 30); do [ "$(rcli HGET "ocr:task:data:bulk-$i" status)" = pending ] && pending=$((pending + 1)); done
is "$queued" "$pending" "every task is either requeued whole or untouched"
ok "$([ "$pending" -lt 30 ] && echo 0 || echo 1)" "...and some were not reached ($pending of 30)"
# --stuck: processing too long, or a dead worker's lease.
rcli HSET ocr:task:data:s-old status processing started_at $((now_ms - 3600000)) >/dev/null
rcli HSET ocr:task:data:s-new status processing started_at $now_ms >/dev/null
rcli HSET ocr:task:data:s-dead status processing started_at $now_ms >/dev/null
rcli ZADD ocr:task:leases 1 s-dead >/dev/null
out=$(O requeue --stuck --yes); rc=$?
is "$rc" 0 "--stuck: exit 0"
is "$(rcli HMGET ocr:task:data:s-old ocr:task:data:s-new | head -0; rcli HGET ocr:task:data:s-old status) $(rcli HGET ocr:task:data:s-new status) $(rcli HGET ocr:task:data:s-dead status)" \
	"pending processing pending" "--stuck takes old processing tasks and dead workers' tasks, not fresh ones"
is "$(rcli ZSCORE ocr:task:leases s-dead)" "" "...clearing the dead lease"

# --- priority, front, cancel, delete --------------------------------------------------
rcli DEL ocr:task:queue ocr:task:priority >/dev/null
for t in a b c; do rcli HSET ocr:task:data:$t status pending >/dev/null; rcli LPUSH ocr:task:queue $t >/dev/null; done
O priority b 8 --yes >/dev/null; rc=$?
is "$rc" 0 "priority: exit 0"
is "$(rcli ZSCORE ocr:task:priority b) $(rcli LRANGE ocr:task:queue 0 -1 | tr '\n' ' ')" "8 c a " \
	"priority moves the task from the FIFO into the priority set"
is "$(rcli HGET ocr:task:data:b priority)" 8 "...and records it on the task"
err=$(O priority b 11 --yes 2>&1); rc=$?
is "$rc" 2 "a score over 10: exit 2"
O front c --yes >/dev/null
is "$(rcli LINDEX ocr:task:queue -1)" c "front: the task runs next in the FIFO"
rcli ZADD ocr:task:priority 9 top >/dev/null
rcli HSET ocr:task:data:top status pending >/dev/null
O front b --yes >/dev/null
is "$(rcli ZREVRANGE ocr:task:priority 0 0)" b "front: a priority task goes to the top of the set"
O cancel a --yes >/dev/null; rc=$?
is "$rc" 0 "cancel: exit 0"
is "$(rcli HGET ocr:task:data:a status)" cancelled "cancel: status cancelled"
ok "$([ "$(rcli HGET ocr:task:data:a cancelled_at)" -gt 0 ] && echo 0 || echo 1)" "...with cancelled_at"
is "$(rcli LPOS ocr:task:queue a)" "" "...out of the queue"
sleep 0.2
like "$(grep -A1 -x ocr:notifications:task:a "$OCRTOP_TEST_DIR/notes" | tail -1)" '"type":"task_cancelled"' "...notified"
out=$(O cancel a --yes); rc=$?
is "$rc" 0 "cancelling twice is harmless"
like "$out" "already so: a" "...and says so"
rcli HSET ocr:task:data:fin status completed >/dev/null
out=$(O cancel fin --yes); rc=$?
is "$rc" 4 "a completed task cannot be cancelled"
rcli SET ocr:cache:result:c '{"text":"x"}' >/dev/null
O delete c --yes >/dev/null; rc=$?
is "$rc" 0 "delete: exit 0"
is "$(rcli EXISTS ocr:task:data:c ocr:cache:result:c) $(rcli LPOS ocr:task:queue c)" "0 " \
	"delete removes the task's data, its cached result and its queue entry"
is "$(rcli EXISTS ocr:task:data:b)" 1 "...and nothing else"

# --- read-only ---------------------------------------------------------------------------
rcli HSET ocr:task:data:ro status failed >/dev/null
before=$(snapshot)
for cmd in "requeue ro" "priority ro 5" "front ro" "cancel ro" "delete ro" "requeue --failed" \
    "logout-all u1" "sessions purge-idle" "fsck --repair"; do
	err=$(O --read-only $cmd --yes 2>&1); rc=$?
	is "$rc" 4 "--read-only: $cmd refuses with exit 4"
done
like "$err" "read-only \\(--read-only\\)" "the refusal says why"
err=$(OCRTOP_READ_ONLY=1 O requeue ro --yes 2>&1); rc=$?
is "$rc" 4 "OCRTOP_READ_ONLY=1 refuses too"
like "$err" "OCRTOP_READ_ONLY" "...saying so"
O --read-only requeue ro --dry-run >/dev/null; rc=$?
is "$rc" 0 "a dry run is allowed in read-only mode"
is "$(snapshot)" "$before" "read-only: nothing changed, not even the audit stream"
# An ACL user that may not write.
rcli ACL SETUSER viewer on '>ViewerPw' '~*' '&*' +@read +@connection +info +scan +evalsha +script -@write >/dev/null
err=$(REDIS_USERNAME=viewer REDIS_PASSWORD=ViewerPw O requeue ro --yes 2>&1); rc=$?
ok "$([ "$rc" -ne 0 ] && echo 0 || echo 1)" "an ACL user without write rights: non-zero exit ($rc)"
like "$err" "NOPERM|permission" "...saying the ACL forbids it"
is "$(rcli HGET ocr:task:data:ro status)" failed "...and nothing changed"

# --- the audit trail -------------------------------------------------------------------------
out=$(O audit --json --count 200)
like "$(jget "$out" '[.[].action] | unique | join(" ")')" "cancel.*delete.*front.*priority.*requeue" "actions are in ns:audit"
like "$(jget "$out" '[.[].outcome] | join("|")')" "dry-run" "dry runs are recorded as such"
like "$(jget "$out" '.[0] | keys | join(" ")')" "action .*host .*outcome .*ssh .*sudo_user .*targets .*ts .*user" "entries say who, where, when, what"
like "$(cat "$AUDIT")" '"outcome":"refused: read-only \(--read-only\)"' "refusals are in the local audit log"
like "$(O audit)" "requeue" "ocrtop audit shows the trail"
# --- fsck ------------------------------------------------------------------------------------
rcli FLUSHDB >/dev/null
rcli HSET ocr:task:data:lost status pending >/dev/null
rcli LPUSH ocr:task:queue ghost twice twice >/dev/null
rcli HSET ocr:task:data:twice status pending >/dev/null
rcli HSET ocr:task:data:hung status processing started_at 1600000000000 >/dev/null
rcli SET ocr:stats:tasks:pending 7 >/dev/null
out=$(O fsck); rc=$?
is "$rc" 5 "fsck finds problems: exit 5"
like "$out" "lost \\(pending, in neither queue\\) +1 +lost" "a lost task"
like "$out" "queued without task data +1 +ghost" "a queued id without data"
like "$out" "queued twice.* 1 +twice" "a duplicate"
like "$out" "stuck.* 1 +hung" "a stuck task"
like "$out" "counter pending is 7 but 2 tasks are pending" "a counter off"
out=$(O fsck --json)
is "$(jget "$out" '[.lost.count, .no_data.count, .duplicate.count, .stuck.count, .problems]')" '[1,1,1,1,5]' "fsck --json"
O fsck --repair --yes >/dev/null; rc=$?
is "$rc" 0 "fsck --repair: exit 0"
out=$(O fsck); rc=$?
is "$rc" 0 "after --repair fsck finds nothing"
is "$(rcli ZSCORE ocr:task:orphans ghost | grep -c .)" 1 "the id without data was set aside"
is "$(rcli LPOS ocr:task:queue twice COUNT 0 | grep -c .)" 1 "one entry of the duplicate is left"

done_testing
