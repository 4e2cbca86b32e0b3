# `ocrtop doctor` on a good and on broken set-ups (unreachable, wrong
# password, an eviction policy that loses tasks, ACL users missing
# permissions, a missing tesseract language, a small terminal), and
# `ocrtop snapshot` as text, as JSON and into files, with hostile data.
. "$OCRTOP_SRCDIR/tests/lib.sh"

export OCRTOP_CONFIG=/dev/null
cd "$OCRTOP_TEST_DIR" || exit 1

# doctor: all good
out=$("$OCRTOP" -u "$TEST_URL" doctor); rc=$?
is "$rc" 0 "doctor on a good set-up exits 0"
like "$out" "ok +connection +unix://.*Redis [0-9.]+ \\(master\\)" "it reports the connection"
like "$out" "ok +actions +ACL user 'default' may" "...that the actions are allowed"
like "$out" "ok +tesseract +language 'eng' loads" "...that tesseract's English data loads"
like "$out" "0 problems" "...and no problem"
json=$("$OCRTOP" -u "$TEST_URL" doctor --json)
is "$(jget "$json" '.problems')" 0 "--json counts the problems"
is "$(jget "$json" '[.checks[] | select(.check == "eviction")][0].level')" '"ok"' "--json lists each check with its level"

# doctor: broken set-ups
out=$("$OCRTOP" -u unix:///nonexistent/redis.sock doctor); rc=$?
is "$rc" 1 "doctor exits 1 when Redis cannot be reached"
like "$out" "FAIL +connection .*nonexistent" "...saying so"
like "$out" "fix: check the URL" "...and what to fix"
like "$out" "ok +tesseract" "...and still checks the rest"
rcli CONFIG SET maxmemory-policy allkeys-lru >/dev/null
out=$("$OCRTOP" -u "$TEST_URL" doctor); rc=$?
is "$rc" 1 "allkeys-lru is a problem"
like "$out" "FAIL +eviction +maxmemory-policy allkeys-lru: under memory pressure Redis deletes queued tasks" \
	"...explained"
like "$out" "fix: set maxmemory-policy noeviction" "...with the fix"
rcli CONFIG SET maxmemory-policy noeviction >/dev/null
rcli ACL SETUSER viewer on '>viewpw' '~ocr:*' '&*' +@read +info '+acl|whoami' '+acl|dryrun' >/dev/null
out=$(REDIS_USERNAME=viewer REDIS_PASSWORD=viewpw "$OCRTOP" -u "$TEST_URL" doctor); rc=$?
is "$rc" 1 "an ACL user without write permissions is a problem"
like "$out" "FAIL +actions +ACL user 'viewer' may not: scripts on ocr:task:data:x, PUBLISH" \
	"ACL DRYRUN names what each action may not do"
like "$out" "FAIL +worker +ACL user 'viewer' may not: BLMOVE" "...for the worker too"
unlike "$out" "viewpw" "the password never shows"
rcli ACL SETUSER probe on '>probepw' '~ocr:*' '&*' +@read +info >/dev/null
out=$(REDIS_USERNAME=probe REDIS_PASSWORD=probepw "$OCRTOP" -u "$TEST_URL" doctor)
like "$out" "FAIL +actions +a script writing ocr:ocrtop:doctor:[0-9]+ was refused" \
	"without ACL DRYRUN, a harmless script probes the permission"
is "$(rcli --scan --pattern 'ocr:ocrtop:doctor:*' | wc -l)" 0 "...and leaves nothing behind"
out=$(REDIS_USERNAME=probe REDIS_PASSWORD=wrong "$OCRTOP" -u "$TEST_URL" doctor); rc=$?
like "$out" "FAIL +connection .*authentication failed for user 'probe'" "a wrong password is named"
like "$out" "fix: set REDIS_PASSWORD" "...with the fix"
out=$("$OCRTOP" -u "$TEST_URL" doctor --lang xyz); rc=$?
is "$rc" 1 "a missing tesseract language is a problem"
like "$out" "FAIL +tesseract +cannot load language 'xyz'" "...named"
like "$out" "fix: install tesseract-ocr-xyz" "...with the Debian package to install"
out=$(OMP_THREAD_LIMIT=4 "$OCRTOP" -u "$TEST_URL" doctor)
like "$out" "warn +OMP_THREAD_LIMIT +4: OpenMP threads" "OMP_THREAD_LIMIT above 1 draws a warning"
tmux_start 70 20 "$OCRTOP" -u "$TEST_URL" doctor
screen_has "70x20: the dashboard needs 80x24" 10 "doctor in a small terminal says it is too small"
tmux_stop

# snapshot
"$OCRTOP" -u "$TEST_URL" seed --tasks 300 --sessions 40 --users 6 >/dev/null
rcli HSET ocr:task:data:evil status failed user_id "$(printf 'u\033[31mred')" \
	error "$(printf 'boom\033]2;pwned\007\nsecond line')" >/dev/null
"$OCRTOP" -u "$TEST_URL" requeue --failed --dry-run >/dev/null
out=$("$OCRTOP" -u "$TEST_URL" snapshot); rc=$?
is "$rc" 0 "snapshot exits 0"
for section in "^ocrtop status" "^Failure groups" "^Stuck tasks" "^Failed tasks" "^Slow log" "^Audit" "^INFO"; do
	like "$out" "$section" "the snapshot has: $section"
done
like "$out" "requeue --status failed .*dry-run" "it lists the newest audit entries"
like "$out" "Server.redis_version: [0-9.]+" "it has INFO"
ok "$(has_control_bytes "$out" && echo 1 || echo 0)" "no control bytes reach the output"
like "$out" 'boom\\x1b\]2;pwned\\x07\\nsecond line' "a hostile error shows escaped, on one line"
"$OCRTOP" -u "$TEST_URL" snapshot -o "$OCRTOP_TEST_DIR/incident.txt" >/dev/null; rc=$?
is "$rc" 0 "snapshot -o writes files"
ok "$([ -s "$OCRTOP_TEST_DIR/incident.txt" ] && [ -s "$OCRTOP_TEST_DIR/incident.txt.json" ] && echo 0 || echo 1)" \
	"...the text and the JSON"
is "$(stat -c %a "$OCRTOP_TEST_DIR/incident.txt.json")" 600 "...readable by their owner only"
j=$(cat "$OCRTOP_TEST_DIR/incident.txt.json")
is "$(jget "$j" '.status.tasks.by_status.failed > 0')" true "the JSON has the status"
is "$(jget "$j" '[.tasks[] | select(.task_id == "evil")][0].error')" '"boom\u001b]2;pwned\u0007\nsecond line"' \
	"...the failed tasks, data kept exact and escaped as JSON"
ok "$([ "$(jget "$j" '.failure_groups | length')" -gt 1 ] && echo 0 || echo 1)" "...the failure groups"
is "$(jget "$j" '.info.Server.redis_version | type')" '"string"' "...INFO by section"
is "$(jget "$j" '.audit[0].outcome')" '"dry-run"' "...the audit entries"
is "$(jget "$("$OCRTOP" -u "$TEST_URL" snapshot --json)" '.status.queue.depth | type')" '"number"' \
	"snapshot --json prints the JSON"
err=$("$OCRTOP" -u unix:///nonexistent/redis.sock snapshot 2>&1); rc=$?
is "$rc" 1 "snapshot of an unreachable Redis exits 1"
like "$err" "cannot connect" "...saying why"
done_testing
