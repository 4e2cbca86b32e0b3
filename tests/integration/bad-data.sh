# A messy keyspace: every count stays exact, nothing hangs, no byte from
# Redis reaches the terminal unescaped, and JSON stays valid UTF-8.
. "$OCRTOP_SRCDIR/tests/lib.sh"

# An empty database first.
out=$("$OCRTOP" -u "$TEST_URL" status --json); rc=$?
is "$rc" 0 "an empty database: exit 0"
is "$(jget "$out" '[.queue.depth, .queue.priority_depth, .tasks.scanned, .sessions.count, .sessions.malformed]')" \
	'[0,0,0,0,0]' "an empty database: all zero"
is "$(jget "$out" .queue.oldest_age_s)" null "an empty queue has no oldest age"
is "$(jget "$out" .counters)" '{"total":null,"completed":null,"failed":null}' "absent counters are null"
out=$("$OCRTOP" -u "$TEST_URL" status); rc=$?
is "$rc" 0 "an empty database: text exits 0"

now_ms=$(($(date +%s) * 1000))
ESC=$(printf '\033')
BEL=$(printf '\007')
CR=$(printf '\r')
NL='
'
title="${ESC}]2;pwned${BEL}"
clear="${ESC}[2J"
{
	# Sessions.
	resp SET ocr:session:ok1 "{\"user_id\":\"alice\",\"last_activity\":$now_ms}"
	resp SET ocr:session:ok2 "{\"user_id\":\"alice\",\"last_activity\":$((now_ms / 1000))}"
	resp SET ocr:session:num "{\"user_id\":12345}"
	resp SET ocr:session:notjson "hello world"
	resp SET ocr:session:trunc "{\"user_id\":\"bob\",\"email\":\"b@"
	resp SET ocr:session:array "[{\"user_id\":\"bob\"}]"
	resp SET ocr:session:nouser "{\"email\":\"x@y\"}"
	resp SET ocr:session:nulluser "{\"user_id\":null}"
	resp SET ocr:session:empty ""
	resp HSET ocr:session:hash user_id carol
	resp LPUSH ocr:session:list a
	resp SET "ocr:session:esc-${title}" "{\"user_id\":\"${title}${clear}evil\",\"last_activity\":$now_ms}"
	resp SET "ocr:session:nl${NL}key" "{\"user_id\":\"line\\rspoof\"}"
	resp SET "ocr:session:bidi" "{\"user_id\":\"admin$(printf '\342\200\256')nimda\"}"
	resp SET "ocr:session:esc-in-json" "{\"user_id\":\"\\u001b]2;json-escaped\\u0007\"}"
	# Tasks.
	resp HSET ocr:task:data:t1 status pending created_at "$now_ms"
	resp HSET ocr:task:data:t2 user_id u
	resp HSET ocr:task:data:t3 status ""
	resp HSET ocr:task:data:t4 status "processing${ESC}[31m"
	resp SET ocr:task:data:t5 "a string"
	resp SADD ocr:task:data:t6 member
	resp HSET "ocr:task:data:${clear}${NL}x" status failed error "boom${CR}fake"
	resp HSET ocr:task:data:t7 status processing started_at "not a time"
	resp HSET ocr:task:data:t8 status processing started_at "-5"
	resp LPUSH ocr:task:queue "queued${title}"
	resp ZADD ocr:task:priority 5 "prio${clear}"
	resp ZADD ocr:task:priority 7.25 frac
	resp ZADD ocr:task:priority -1 neg
	resp ZADD ocr:task:priority 1000 big
	resp SET ocr:stats:tasks:total "not a number"
	resp SET ocr:stats:tasks:failed 12
} | pipe_in
# Values that a shell string cannot hold: NULs, invalid UTF-8, 5 MB.
printf '*3\r\n$3\r\nSET\r\n$16\r\nocr:session:bin1\r\n$6\r\n\000\001\377\376\033c\r\n' | pipe_in
printf '*3\r\n$3\r\nSET\r\n$16\r\nocr:session:bin2\r\n$17\r\n{"user_id":"\377\376x"}\r\n' | pipe_in
printf '*4\r\n$4\r\nHSET\r\n$17\r\nocr:task:data:\000\377\n\r\n$6\r\nstatus\r\n$7\r\npending\r\n' | pipe_in
head -c 5242880 /dev/zero | tr '\0' 'A' > big
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" -x SET ocr:session:huge < big >/dev/null
{ printf '{"user_id":"bigjson","pad":"'; head -c 5242880 /dev/zero | tr '\0' 'B'; printf '"}'; } > bigjson
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" -x SET ocr:session:hugejson < bigjson >/dev/null
rm -f big bigjson

out=$("$OCRTOP" -u "$TEST_URL" status --json); rc=$?
is "$rc" 0 "status --json on bad data exits 0"
printf '%s' "$out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1
ok $? "the JSON is valid UTF-8"
printf '%s' "$out" | jq -e . >/dev/null 2>&1
ok $? "the JSON parses"
ok "$(has_control_bytes "$out" && echo 1 || echo 0)" "the JSON holds no raw control bytes"
is "$(jget "$out" .sessions.count)" 8 \
	"valid: two of alice, a numeric id, escaped CR, bidi, escaped ESC, invalid UTF-8 inside a string, 5 MB JSON"
is "$(jget "$out" .sessions.malformed)" 11 \
	"malformed: not JSON, truncated, array, no/null user_id, empty, hash, list, raw ESC in JSON, binary, 5 MB junk"
is "$(jget "$out" .sessions.users)" 7 "distinct users"
is "$(jget "$out" .tasks.by_status)" '{"pending":2,"processing":2,"completed":0,"failed":1,"other":5}' \
	"tasks: missing, empty and odd status and wrong types are other"
is "$(jget "$out" .tasks.stuck)" 0 "unparseable started_at is not stuck"
is "$(jget "$out" .queue.priority_by_score)" '{"0":1,"1":0,"2":0,"3":0,"4":0,"5":1,"6":0,"7":1,"8":0,"9":0,"10":1}' \
	"fractional, negative and huge scores land in their buckets"
is "$(jget "$out" .counters)" '{"total":null,"completed":null,"failed":12}' "a non-numeric counter is null"

out=$("$OCRTOP" -u "$TEST_URL" status); rc=$?
is "$rc" 0 "status (text) on bad data exits 0"
ok "$(has_control_bytes "$out" && echo 1 || echo 0)" "the text holds no control byte: no title, no clear, no CR"
printf '%s' "$out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1
ok $? "the text is valid UTF-8"
unlike "$out" "$(printf '\342\200\256')" "a bidi override is not passed through"
like "$out" 'prio\\x1b\[2J \(5\)' "an escape sequence in a task id is shown escaped"
like "$out" '\\x1b\]2;json-escaped\\x07' "an escape sequence in a user id is shown escaped"
out=$(LC_ALL=C "$OCRTOP" -u "$TEST_URL" status)
printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\200-\377]')"
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "in a non-UTF-8 locale the text is pure ASCII"

# Wrong types at the queue keys.
rcli DEL ocr:task:queue ocr:task:priority >/dev/null
rcli SET ocr:task:queue oops >/dev/null
rcli HSET ocr:task:priority a b >/dev/null
out=$("$OCRTOP" -u "$TEST_URL" status --json); rc=$?
is "$rc" 0 "wrong types at the queue keys: exit 0"
is "$(jget "$out" '[.queue.depth, .queue.priority_depth]')" '[null,null]' "wrong-type queues have unknown depth"
like "$(jget "$out" '.alerts[].message')" "ocr:task:queue holds a string, not a list" "a wrong-type queue is critical"
out=$("$OCRTOP" -u "$TEST_URL" status)
like "$out" "FIFO string \\(not a list\\)" "the text names the wrong type"

# Keys expiring during the walk are never miscounted.
rcli FLUSHALL >/dev/null
i=0
while [ $i -lt 4000 ]; do
	resp SET "ocr:session:x$i" "{\"user_id\":\"u$((i % 10))\"}" PX $((1 + i % 30))
	resp HSET "ocr:task:data:x$i" status completed
	resp PEXPIRE "ocr:task:data:x$i" $((1 + i % 30))
	i=$((i + 1))
done | pipe_in
out=$("$OCRTOP" -u "$TEST_URL" status --json --scan-count 50); rc=$?
is "$rc" 0 "keys expiring mid-walk: exit 0"
is "$(jget "$out" '[.sessions.malformed, .tasks.by_status.other]')" '[0,0]' "expiring keys are never malformed or other"
done_testing
