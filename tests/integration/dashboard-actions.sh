# Operator actions in the dashboard, through the keys and dialogs a person
# would use, in a private tmux: a requeue of a selected task (y), a bulk
# requeue of marked tasks (the count typed, a wrong count refused), a
# cancel declined with Esc (nothing changes, "not confirmed" audited),
# `:` commands, a logout-all of a user, the Audit screen, and read-only
# mode refusing every key with READ-ONLY in the header.
. "$OCRTOP_SRCDIR/tests/lib.sh"

now_ms=$(($(date +%s) * 1000))
export XDG_STATE_HOME="$OCRTOP_TEST_DIR/state"
{
	for i in 1 2 3; do
		resp HSET "ocr:task:data:bad-$i" user_id bob file_id "f$i" status failed error "tesseract: unreadable" \
			attempts 3 failed_at "$now_ms" created_at "$((now_ms - 3600000))"
	done
	resp LPUSH ocr:task:queue q-1 q-2
	resp HSET ocr:task:data:q-1 user_id ann status pending created_at "$now_ms"
	resp HSET ocr:task:data:q-2 user_id ann status pending created_at "$now_ms"
	resp SET ocr:session:tokenAAAA1111 '{"user_id":"mallory","ip_address":"10.0.0.7","role":"user","last_activity":'"$now_ms"'}'
	resp SET ocr:session:tokenBBBB2222 '{"user_id":"mallory","ip_address":"10.0.0.8","last_activity":'"$now_ms"'}'
	resp SET ocr:session:tokenCCCC3333 '{"user_id":"ann","last_activity":'"$now_ms"'}'
	resp SET ocr:session:notjson 'mallory'
} | pipe_in

tmux_start 100 30 "$OCRTOP" -u "$TEST_URL" --interval 0.5
screen_has "failed 3 " 15 "the census has seen the failed tasks"

# One task, selected on the Tasks screen, requeued with r then y.
tmux_keys 3 / 'status:failed' Enter
screen_has "failed +bad-" 5 "the Tasks screen lists the failed tasks"
first=$(printf '%s\n' "$SCREEN" | grep -oE 'failed +bad-[0-9]' | head -1 | awk '{print $2}')
tmux_keys r
screen_has "requeue 1 task: 1 FIFO" 5 "r opens a dialog saying what will happen to how many"
screen_has "Press y to requeue" 2 "...and asks for y"
is "$(rcli HGET "ocr:task:data:$first" status)" failed "nothing changed before the answer"
tmux_keys y
screen_has "requeue: 1 done" 10 "y requeues it and the dialog says so"
is "$(rcli HGET "ocr:task:data:$first" status)" pending "the task is pending again"
is "$(rcli LPOS ocr:task:queue "$first")" 0 "...at the head of the FIFO list (it runs last)"
tmux_keys x
tmux_wait "any key closes" 1
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "any key closes the finished dialog"

# Two marked tasks: the count must be typed.
tmux_keys c
screen_has "TASKS 2 shown" 15 "a fresh census (c) lists the two still failed"
tmux_keys g Space Space
screen_has "2 marked" 5 "Space marks rows, and the footer counts them"
tmux_keys r
screen_has "requeue 2 tasks" 5 "r on marked rows previews both"
screen_has "Type 2 and Enter to go ahead" 2 "a bulk action asks for the count"
tmux_keys 5 Enter
sleep 0.5
is "$(rcli LLEN ocr:task:queue)" 3 "a wrong count does nothing"
screen_has "Type 2 and Enter" 2 "...and the dialog still asks"
tmux_keys 2 Enter
screen_has "requeue: 2 done" 10 "the right count runs it"
is "$(rcli LLEN ocr:task:queue)" 5 "every failed task is back in the FIFO list"
for i in 1 2 3; do
	is "$(rcli HGET "ocr:task:data:bad-$i" status)" pending "bad-$i is pending"
done
tmux_keys x

# Esc declines: nothing changes.
tmux_keys 2
screen_has "FIFO LIST 5" 10 "the Queue screen shows the FIFO"
tmux_keys Right g C
screen_has "cancel 1 task" 5 "C opens the cancel dialog"
tmux_keys Escape
screen_has "cancel: not confirmed" 5 "Esc declines"
tmux_keys x
is "$(rcli LLEN ocr:task:queue)" 5 "nothing was cancelled"

# `:` commands with task ids.
tmux_keys : 'priority q-2 8' Enter
screen_has "priority 1 task to priority 8" 5 ":priority ID SCORE previews"
tmux_keys y
screen_has "priority: 1 done" 10 "...and runs"
is "$(rcli ZSCORE ocr:task:priority q-2)" 8 "q-2 is in the priority set with score 8"
is "$(rcli LPOS ocr:task:queue q-2)" "" "...and out of the FIFO list"
tmux_keys x
tmux_keys : 'cancel q-1' Enter
screen_has "cancel 1 task" 5 ":cancel ID previews"
tmux_keys y
screen_has "cancel: 1 done" 10 "...and cancels"
is "$(rcli HGET ocr:task:data:q-1 status)" cancelled "q-1 is cancelled"
tmux_keys x

# Logout from every device, from the Sessions screen.
tmux_keys 4
screen_has "mallory +2 " 10 "the Sessions screen lists mallory's two sessions"
tmux_keys g L
screen_has "logout-all user mallory: 2 sessions" 10 "L previews the user's sessions"
screen_has "tokenA\\.\\.\\. +10\\.0\\.0\\.7 +user" 2 "...tokens masked to six characters, ip, role"
tmux_wait "tokenAAAA1" 1
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "the whole token never shows"
tmux_keys 2 Enter
screen_has "logout-all: 2 deleted" 10 "typing the count logs mallory out"
is "$(rcli EXISTS ocr:session:tokenAAAA1111 ocr:session:tokenBBBB2222)" 0 "mallory's sessions are gone"
is "$(rcli GET ocr:session:tokenCCCC3333 | jq -r .user_id)" ann "another user's session stays"
is "$(rcli GET ocr:session:notjson)" mallory "a value that is not a session stays"
tmux_keys x

# The Audit screen shows what was done, and the local file has it too.
tmux_keys 9
screen_has "AUDIT ocr:audit" 5 "9 opens the Audit screen"
screen_has "logout-all +dashboard: mallory +2 deleted" 10 "it lists the logout-all"
screen_has "cancel +dashboard: q-1 +1 done" 2 "...the cancel"
screen_has "cancel +dashboard: selected.* +not confirmed" 2 "...and the declined cancel"
is "$(rcli XLEN ocr:audit)" 6 "six entries in the stream"
like "$(cat "$XDG_STATE_HOME/ocrtop/audit.log")" '"action":"logout-all".*"targets":"token[AB]\.\.\. token[AB]\.\.\."' \
	"the local audit log masks the tokens"
tmux_keys q
screen_has "^EXIT=0" 10 "q quits"
tmux_stop

# Read-only: the header says so, and every action key refuses.
rcli LPUSH ocr:task:queue ro-1 >/dev/null
rcli HSET ocr:task:data:ro-1 status failed user_id zed >/dev/null
tmux_start 100 30 "$OCRTOP" -u "$TEST_URL" --interval 0.5 --read-only
screen_has "READ-ONLY" 10 "the header says READ-ONLY"
tmux_keys 2
screen_has " ro-1 " 10 "the queue is shown as usual"
tmux_keys Right g r
screen_has "read-only \\(--read-only\\): requeue refused" 5 "r refuses in read-only mode"
tmux_keys : 'logout-all ann' Enter
screen_has "logout-all refused" 5 ":logout-all refuses too"
is "$(rcli HGET ocr:task:data:ro-1 status)" failed "nothing changed"
is "$(rcli EXISTS ocr:session:tokenCCCC3333)" 1 "no session was deleted"
is "$(rcli XLEN ocr:audit)" 6 "read-only writes nothing to Redis"
like "$(tail -1 "$XDG_STATE_HOME/ocrtop/audit.log")" '"outcome":"refused: read-only' "the refusal is in the local audit log"
tmux_keys q
screen_has "^EXIT=0" 10 "q quits"
done_testing
