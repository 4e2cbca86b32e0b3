# ocrtop sessions and logout-all from the command line: the preview masks
# tokens, exactly one user's sessions go, sessions_revoked is published,
# refusals and users without sessions give their exit status.
. "$OCRTOP_SRCDIR/tests/lib.sh"

export XDG_STATE_HOME="$OCRTOP_TEST_DIR/state"
O() { "$OCRTOP" -u "$TEST_URL" "$@"; }
now_ms=$(($(date +%s) * 1000))
{
	for i in 1 2 3; do
		resp SETEX "ocr:session:alice-token-$i-0123456789abcdef" 604800 \
			'{"user_id":"alice","email":"alice@example.com","role":"admin","ip_address":"10.0.0.'$i'","last_activity":'$now_ms'}'
	done
	resp SETEX ocr:session:bob-token-0123456789 604800 '{"user_id":"bob","last_activity":'$((now_ms - 7200000))'}'
	resp SET ocr:session:junk 'alice alice alice'
	resp SET ocr:session:nested '{"meta":{"user_id":"alice"}}'
} | pipe_in
"$REDIS_CLI" -s "$OCRTOP_TEST_SOCK" PSUBSCRIBE 'ocr:notifications*' > "$OCRTOP_TEST_DIR/notes" &
_extra_pids="$_extra_pids $!"
sleep 0.2

out=$(O sessions alice); rc=$?
is "$rc" 0 "sessions USER: exit 0"
like "$out" "^user alice: 3 sessions" "sessions counts them"
like "$out" "alice-\\.\\.\\. +10\\.0\\.0\\.[123] +admin" "tokens are masked to six characters"
unlike "$out" "alice-token" "a whole token is never shown"
out=$(O sessions --email alice@example.com --json)
is "$(jget "$out" '[.count, (.sessions | length), .sessions[0].token]')" '[3,3,"alice-"]' "sessions --email --json"
out=$(O sessions nobody); rc=$?
is "$rc" 3 "a user without sessions: exit 3"

out=$(O logout-all alice --dry-run); rc=$?
is "$rc" 0 "logout-all --dry-run: exit 0"
like "$out" "logout-all user alice: 3 sessions" "the preview counts the sessions"
like "$out" "alice-\\.\\.\\. +10\\.0\\.0\\.1" "...and lists them, masked"
unlike "$out" "alice-token" "...never showing a whole token"
is "$(rcli --scan --pattern 'ocr:session:alice*' | wc -l)" 3 "a dry run deletes nothing"
err=$(O logout-all alice </dev/null 2>&1 >/dev/null); rc=$?
is "$rc" 4 "without a terminal or --yes: refused"
err=$(O --read-only logout-all alice --yes 2>&1); rc=$?
is "$rc" 4 "read-only: refused"
is "$(rcli --scan --pattern 'ocr:session:alice*' | wc -l)" 3 "...and nothing deleted"

out=$(O logout-all alice --yes); rc=$?
is "$rc" 0 "logout-all --yes: exit 0"
like "$out" "deleted 3 sessions of alice" "it says how many"
is "$(rcli --scan --pattern 'ocr:session:alice*' | wc -l)" 0 "alice's sessions are gone"
is "$(rcli EXISTS ocr:session:bob-token-0123456789 ocr:session:junk ocr:session:nested)" 3 \
	"bob's session and values that are not alice's sessions stay"
sleep 0.2
msg=$(grep -A1 -x ocr:notifications:user:alice "$OCRTOP_TEST_DIR/notes" | tail -1)
is "$(jget "$msg" '[.type, .user_id, .count]')" '["sessions_revoked","alice",3]' "sessions_revoked on the user's channel"
out=$(O logout-all alice --yes); rc=$?
is "$rc" 3 "logging out a user with no sessions: exit 3"

out=$(O sessions purge-idle --dry-run); rc=$?
is "$rc" 0 "purge-idle --dry-run: exit 0"
like "$out" "1 session idle for more than 30 minutes" "...counts the idle sessions"
out=$(O sessions purge-idle --idle-minutes 180 --yes)
like "$out" "deleted 0 idle sessions" "--idle-minutes 180 spares a two-hour-old session"
out=$(O sessions purge-idle --yes --json)
is "$(jget "$out" .deleted)" 1 "purge-idle deletes it"
is "$(rcli EXISTS ocr:session:junk ocr:session:nested)" 2 "malformed values are never purged"
like "$(O audit)" "logout-all alice -> 3 deleted" "logout-all is in the audit trail"
done_testing
