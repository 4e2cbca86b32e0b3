# The dashboard on the real binary in a private tmux, read as a person
# would: numbers equal what was written, live updates, drill-down, help,
# resize, escape sequences, Redis dying and coming back, and q restoring
# the terminal.
. "$OCRTOP_SRCDIR/tests/lib.sh"

now_ms=$(($(date +%s) * 1000))
{
	i=1
	while [ $i -le 1234 ]; do
		resp LPUSH ocr:task:queue "task-$i"
		resp HSET "ocr:task:data:task-$i" user_id "user-$((i % 3))" file_id "file-$i" status pending \
			priority 5 created_at "$((now_ms - 60000))"
		i=$((i + 1))
	done
	resp ZADD ocr:task:priority 9 urgent-1 7 urgent-2
	resp HSET ocr:task:data:urgent-1 user_id alice file_id scan.png status pending priority 9 created_at "$now_ms"
	resp HSET ocr:task:data:broken status failed error "tesseract: unreadable image" user_id bob
	resp SET ocr:session:tok111111aaaa '{"user_id":"alice","ip_address":"10.0.0.1","role":"admin","last_activity":'"$now_ms"'}'
	resp SET ocr:session:tok222222bbbb '{"user_id":"alice","ip_address":"10.0.0.2","last_activity":'"$now_ms"'}'
	resp SET ocr:session:evil '{"user_id":"\u001b]2;pwned-title\u0007\u001b[2J"}'
	resp SET ocr:stats:tasks:total 1236
} | pipe_in

tmux_start 80 24 "$OCRTOP" -u "$TEST_URL" --interval 0.5
screen_has "FIFO +1,234" 15 "the overview shows the FIFO depth written"
screen_has "priority +2 " 5 "the overview shows the priority depth"
screen_has "pending 1,235 " 10 "the overview shows the census: pending tasks"
screen_has "failed 1 " 5 "...and failed ones"
screen_has "sessions 3 +users 2" 5 "the overview shows sessions and users"
screen_has "● connected" 5 "the header says connected"
screen_has "unix://$OCRTOP_TEST_SOCK" 5 "the header shows the endpoint"
title0=$(tmux_title)

rcli LPUSH ocr:task:queue new-one >/dev/null
screen_has "FIFO +1,235" 5 "an LPUSH shows up within seconds"

rcli PUBLISH ocr:notifications '{"type":"task_completed","task_id":"task-7","user_id":"user-1","status":"completed","result":{"confidence":0.93,"word_count":12}}' >/dev/null
screen_has "task_completed +task-7" 5 "a PUBLISH shows on the overview"
rcli PUBLISH ocr:notifications:user:x "$(printf 'hi \033]2;feed-title\007\033[2J there')" >/dev/null
tmux_keys 7
screen_has "FEED ocr:notifications" 5 "7 opens the feed"
screen_has "task_completed +task-7 +user-1 +completed" 5 "the feed shows the notification's fields"
screen_has 'hi \\x1b\]2;feed-title\\x07\\x1b\[2J there' 5 "an escape sequence in a notification is shown escaped"
is "$(tmux_title)" "$title0" "the pane title did not change"
screen_has "^ ocrtop · " 2 "the screen was not cleared"

tmux_keys '?'
screen_has "Keys · Feed" 5 "? opens the help overlay"
screen_has "f +follow the newest message" 2 "the help lists the screen's own keys"
screen_has "switch screen" 2 "the help lists the global keys"
tmux_keys x
tmux_wait "switch screen" 1
ok "$([ $? -ne 0 ] && echo 0 || echo 1)" "any key closes the help"

tmux_keys 2
screen_has "PRIORITY SET 2" 5 "2 opens the queue"
screen_has "1 urgent-1 +9 alice +scan.png" 5 "the priority set lists the highest score first"
screen_has "1 task-1 " 5 "the FIFO lists the next task to run first (the right end)"
tmux_keys Enter
screen_has "TASK urgent-1" 5 "Enter opens the task"
screen_has "in the priority set with score 9" 5 "the task detail says where it is"
screen_has "file_id +scan.png" 5 "the task detail lists the fields"
screen_has "created +20[0-9-]+ [0-9:]+ \\(" 5 "the timeline renders created_at (ms) as a date"
tmux_keys Escape
screen_has "PRIORITY SET 2" 5 "Esc goes back"

tmux_keys 3
screen_has "tesseract: unreadable image" 5 "the tasks screen groups failures by error"
tmux_keys '/'
tmux_keys 'status:failed' Enter
screen_has "failed +broken +bob" 5 "filtering by status"
tmux_keys Enter
screen_has "TASK broken" 5 "drilling from the tasks screen"
tmux_keys Escape

tmux_keys 4
screen_has "alice +2 " 5 "the sessions screen lists users by sessions"
tmux_keys g Enter
screen_has "USER alice" 5 "Enter opens the user"
screen_has "2 sessions from 2 IP addresses" 10 "the user's sessions are found"
screen_has "tok111… +10.0.0.1 +admin" 5 "tokens are masked to six characters"
unlike "$SCREEN" "tok111111aaaa" "the whole token is never shown"
tmux_keys Escape
screen_has '\\x1b\]2;pwned-title' 5 "an escape sequence in a user id is shown escaped"
is "$(tmux_title)" "$title0" "the pane title still did not change"

tmux_keys ':' 'view re' Tab Enter
screen_has "# Server" 5 ":view with completion switches screens"

tmux_resize 60 20
screen_has "terminal too small \\(60x20, need 80x24\\)" 5 "too small is said, not drawn"
tmux_resize 200 50
screen_has "redis_version" 5 "a large terminal is used"
tmux_resize 80 24
tmux_keys 1
screen_has "FIFO +1,235" 5 "back at 80x24 the overview is whole"

tmux_keys q
screen_has "^EXIT=0" 10 "q exits with status 0"
is "$(tmux -S "$TMUX_SOCK" display-message -p -t t '#{alternate_on}')" 0 "the terminal left the alternate screen"
tmux_stop

# Redis going away and coming back.
start_redis victim
VICTIM_SOCK=$EXTRA_SOCK
"$REDIS_CLI" -s "$VICTIM_SOCK" RPUSH ocr:task:queue a b c >/dev/null
tmux_start 80 24 "$OCRTOP" -u "unix://$VICTIM_SOCK" --interval 0.5
screen_has "FIFO +3 " 15 "the dashboard on a second server"
kill "$EXTRA_PID"
wait "$EXTRA_PID" 2>/dev/null
screen_has "disconnected — retrying" 10 "Redis killed: a banner says so"
screen_has "FIFO +3 " 2 "the last numbers stay on screen"
t0=$(date +%s%N)
tmux_keys 5
screen_has "DAILY \\(UTC\\)" 3 "keys still work while Redis is gone"
"$REDIS_SERVER" --port 0 --unixsocket "$VICTIM_SOCK" --unixsocketperm 700 --save "" --appendonly no \
	--dir "$OCRTOP_TEST_DIR" --daemonize no >/dev/null 2>&1 &
_extra_pids="$_extra_pids $!"
sleep 0.3
"$REDIS_CLI" -s "$VICTIM_SOCK" RPUSH ocr:task:queue a b c d e >/dev/null
tmux_keys 1
screen_has "FIFO +5 " 40 "Redis restarted: it recovers by itself"
screen_has "● connected" 5 "...and says connected"
"$REDIS_CLI" -s "$VICTIM_SOCK" PUBLISH ocr:notifications '{"type":"after_restart","task_id":"t9"}' >/dev/null
screen_has "after_restart +t9" 20 "...and is subscribed again"
tmux_keys q
screen_has "^EXIT=0" 10 "q after a reconnect exits 0 (no crash, no leak)"

# SIGTERM and SIGHUP restore the terminal too.
tmux_stop
tmux_start 80 24 "$OCRTOP" -u "$TEST_URL"
screen_has "FIFO" 15 "started again"
kill -TERM "$(tmux_app_pid)"
screen_has "^EXIT=0" 10 "SIGTERM exits cleanly"
is "$(tmux -S "$TMUX_SOCK" display-message -p -t t '#{alternate_on}')" 0 "...leaving the alternate screen"
tmux_stop
tmux_start 80 24 "$OCRTOP" -u "$TEST_URL" --no-color
screen_has "FIFO" 15 "--no-color starts"
kill -HUP "$(tmux_app_pid)"
screen_has "^EXIT=0" 10 "SIGHUP (the ssh connection dropped) exits cleanly"
tmux_stop
tmux_start 80 24 "$OCRTOP" -u "$TEST_URL"
screen_has "FIFO" 15 "started once more"
tmux_keys C-c
screen_has "^EXIT=0" 10 "Ctrl-C exits cleanly"

# In-process workers: W starts them and the queue drains on screen.
tmux_stop
rcli FLUSHALL >/dev/null
mkdir -p "$OCRTOP_TEST_DIR/files"
cp "$OCRTOP_SRCDIR/tests/fixtures/line.png" "$OCRTOP_TEST_DIR/files/img.png"
{
	i=1
	while [ $i -le 24 ]; do
		resp LPUSH ocr:task:queue "w-$i"
		resp HSET "ocr:task:data:w-$i" user_id u file_id img status pending created_at "$now_ms"
		i=$((i + 1))
	done
} | pipe_in
tmux_start 100 30 "$OCRTOP" -u "$TEST_URL" --interval 0.5 --files-dir "$OCRTOP_TEST_DIR/files" --workers 2
screen_has "FIFO +24 " 15 "a queue of 24 tasks"
tmux_keys 6
screen_has "IN THIS CONSOLE none: W starts 2 worker threads" 5 "the Workers screen offers W"
tmux_keys W
screen_has "IN THIS CONSOLE 2 threads" 15 "W starts two in-process workers"
screen_has "[^ ]+:[0-9]+:0 +(idle|busy)" 10 "they appear in the registry list"
screen_has "done 24 " 60 "they drain the queue"
tmux_keys 1
screen_has "FIFO +0 " 10 "the overview shows the queue empty"
screen_has "completed 24 " 20 "...and the tasks completed"
is "$(rcli GET ocr:stats:tasks:completed)" 24 "every task was completed once"
tmux_keys +
screen_has "3 threads" 5 "+ adds a thread"
tmux_keys W
screen_has "stopping in-process workers" 5 "W stops them"
tmux_keys q
screen_has "^EXIT=0" 15 "quitting with workers stopped exits 0"

# Not a terminal: a clear error.
err=$("$OCRTOP" -u "$TEST_URL" </dev/null 2>&1 >/dev/null); rc=$?
is "$rc" 1 "without a terminal: exit 1"
like "$err" "needs a terminal" "without a terminal: explained"
done_testing
