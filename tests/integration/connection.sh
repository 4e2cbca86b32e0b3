# Connecting: refusals, timeouts, AUTH with ACL users, env files, renamed
# commands, and passwords kept out of output and argv.
. "$OCRTOP_SRCDIR/tests/lib.sh"

# A TCP port with nothing behind it.
free_port() {
	for _p in 16379 26379 36379 46379 56379; do
		if ! "$REDIS_CLI" -p "$_p" ping >/dev/null 2>&1; then
			echo "$_p"
			return
		fi
	done
}
port=$(free_port)
err=$("$OCRTOP" -u "redis://127.0.0.1:$port/0" status 2>&1); rc=$?
is "$rc" 1 "connection refused: exit 1"
like "$err" "^ocrtop: cannot connect to redis://127.0.0.1:$port/0: connection refused" "connection refused: named"
is "$(printf '%s\n' "$err" | wc -l)" 1 "connection refused: one line"
out=$("$OCRTOP" -u "redis://127.0.0.1:$port/0" status --check); rc=$?
is "$rc" 2 "--check: unreachable Redis is CRITICAL"
like "$out" "^OCRTOP CRITICAL - " "--check: one Nagios line"

err=$("$OCRTOP" -u "unix://$OCRTOP_TEST_DIR/nope.sock" status 2>&1); rc=$?
is "$rc" 1 "missing socket: exit 1"
like "$err" "No such file" "missing socket: named"

err=$("$OCRTOP" -u "redis://no-such-host.invalid:6379" --timeout 2s status 2>&1); rc=$?
is "$rc" 1 "unknown host: exit 1"
like "$err" "cannot resolve host 'no-such-host.invalid'" "unknown host: named"

# A server that accepts but never answers: the command timeout holds.
start_redis frozen
kill -STOP "$EXTRA_PID"
t0=$(date +%s%N)
err=$("$OCRTOP" -u "unix://$EXTRA_SOCK" --timeout 300ms status 2>&1); rc=$?
t1=$(date +%s%N)
is "$rc" 1 "frozen server: exit 1"
like "$err" "no reply to .* within 300 ms" "frozen server: the timeout is named"
ok "$([ $(( (t1 - t0) / 1000000 )) -lt 5000 ] && echo 0 || echo 1)" "frozen server: gives up in time, no hang"
REDIS_COMMAND_TIMEOUT=250 "$OCRTOP" -u "unix://$EXTRA_SOCK" status >/dev/null 2>"$OCRTOP_TEST_DIR/err"; rc=$?
like "$(cat "$OCRTOP_TEST_DIR/err")" "within 250 ms" "REDIS_COMMAND_TIMEOUT (ms) is honoured"

# The password on the command line is wiped from argv while running.
"$OCRTOP" -u "unix://:Sup3rSecretArgv@$EXTRA_SOCK" --timeout 1500ms status >/dev/null 2>"$OCRTOP_TEST_DIR/argv.err" &
pid=$!
sleep 0.5
cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline")
unlike "$cmdline" "Sup3rSecretArgv" "the password is not in /proc/PID/cmdline"
like "$cmdline" "unix://:\\*\\*\\*@" "argv shows *** in its place"
wait "$pid"
like "$(cat "$OCRTOP_TEST_DIR/argv.err")" "warning: a password on the command line" "a command-line password draws a warning"
unlike "$(cat "$OCRTOP_TEST_DIR/argv.err")" "Sup3rSecretArgv" "the warning does not repeat it"
kill -CONT "$EXTRA_PID"

# requirepass and ACL users.
start_redis auth --requirepass Pw0rdSecret
AUTH_SOCK=$EXTRA_SOCK
"$REDIS_CLI" -s "$AUTH_SOCK" -a Pw0rdSecret --no-auth-warning ACL SETUSER reader on '>ReaderSecret' '~*' '&*' +@read +info +scan +ping +select >/dev/null
"$REDIS_CLI" -s "$AUTH_SOCK" -a Pw0rdSecret --no-auth-warning ACL SETUSER noscan on '>NoScanSecret' '~*' +@read -scan +info +client >/dev/null
all=""
err=$("$OCRTOP" -u "unix://$AUTH_SOCK" status 2>&1); rc=$?; all="$all$err"
is "$rc" 1 "no password: exit 1"
like "$err" "requires a password" "no password: NOAUTH explained"
err=$(REDIS_PASSWORD=wrong "$OCRTOP" -u "unix://$AUTH_SOCK" status 2>&1); rc=$?; all="$all$err"
is "$rc" 1 "wrong password: exit 1"
like "$err" "authentication failed for user 'default'" "wrong password: explained"
out=$("$OCRTOP" -u "unix://$AUTH_SOCK" status --check); rc=$?; all="$all$out"
is "$rc" 3 "--check: an auth failure is UNKNOWN"
out=$(REDIS_PASSWORD=Pw0rdSecret "$OCRTOP" -u "unix://$AUTH_SOCK" status --json); rc=$?; all="$all$out"
is "$rc" 0 "REDIS_PASSWORD applies to a unix:// URL"
out=$("$OCRTOP" -u "unix://:Pw0rdSecret@$AUTH_SOCK" status --json 2>&1); rc=$?; all="$all$out"
is "$rc" 0 "a password in the URL works"
out=$(REDIS_USERNAME=reader REDIS_PASSWORD=ReaderSecret "$OCRTOP" -u "unix://$AUTH_SOCK" status --json); rc=$?; all="$all$out"
is "$rc" 0 "an ACL user with read rights can run status"
out=$("$OCRTOP" -u "unix://reader:ReaderSecret@$AUTH_SOCK" status --json 2>/dev/null); rc=$?; all="$all$out"
is "$rc" 0 "an ACL user in the URL"
err=$(REDIS_USERNAME=reader REDIS_PASSWORD=bad "$OCRTOP" -u "unix://$AUTH_SOCK" status 2>&1); rc=$?; all="$all$err"
like "$err" "authentication failed for user 'reader'" "a wrong ACL password names the user"
err=$(REDIS_USERNAME=noscan REDIS_PASSWORD=NoScanSecret "$OCRTOP" -u "unix://$AUTH_SOCK" status 2>&1); rc=$?; all="$all$err"
is "$rc" 1 "an ACL user without SCAN: exit 1"
like "$err" "permission denied: ACL user 'noscan' may not run SCAN" "NOPERM names the user and the command"
printf 'REDIS_URL=unix://%s\nREDIS_PASSWORD="Pw0rdSecret"\n' "$AUTH_SOCK" > "$OCRTOP_TEST_DIR/creds.env"
out=$("$OCRTOP" --env-file "$OCRTOP_TEST_DIR/creds.env" status --json); rc=$?; all="$all$out"
is "$rc" 0 "--env-file supplies URL and password"
unlike "$all" "Pw0rdSecret|ReaderSecret|NoScanSecret" "no password appears in any output or error"

# ./.env.redis is read by default; the environment wins over it.
rcli SET ocr:stats:tasks:total 7 >/dev/null
printf '# written by setup_redis.sh\nREDIS_URL=unix://%s\n' "$OCRTOP_TEST_SOCK" > .env.redis
out=$("$OCRTOP" status --json --days 0); rc=$?
is "$(jget "$out" .counters.total)" 7 "./.env.redis is read by default"
out=$(REDIS_URL="unix://$AUTH_SOCK" REDIS_PASSWORD=Pw0rdSecret "$OCRTOP" status --json --days 0)
is "$(jget "$out" .counters.total)" null "REDIS_URL in the environment wins over ./.env.redis"
printf 'REDIS_URL=unix://%s\nbroken line\n' "$OCRTOP_TEST_SOCK" > .env.redis
err=$("$OCRTOP" status 2>&1); rc=$?
is "$rc" 2 "a broken .env.redis: exit 2"
like "$err" "\.env\.redis:2: expected NAME=value" "a broken .env.redis: file and line named"
rm -f .env.redis
err=$("$OCRTOP" --env-file /nonexistent.env status 2>&1); rc=$?
is "$rc" 2 "a missing --env-file: exit 2"

# REDIS_DB and SELECT.
rcli -n 3 SET ocr:stats:tasks:total 33 >/dev/null
out=$(REDIS_URL="unix://$OCRTOP_TEST_SOCK?db=3" "$OCRTOP" status --json --days 0)
is "$(jget "$out" .counters.total)" 33 "?db=3 selects database 3"
out=$(REDIS_HOST="$OCRTOP_TEST_SOCK" REDIS_DB=3 "$OCRTOP" status --json --days 0)
is "$(jget "$out" .counters.total)" 33 "REDIS_HOST as a socket path with REDIS_DB"

# Production renames CONFIG, FLUSHDB, FLUSHALL: nothing depends on them.
start_redis renamed --rename-command CONFIG "" --rename-command FLUSHALL "" --rename-command FLUSHDB ""
out=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status --json); rc=$?
is "$rc" 0 "status works with CONFIG, FLUSHDB and FLUSHALL renamed away"
is "$(jget "$out" .redis.maxmemory_policy)" '"noeviction"' "the policy comes from INFO"
start_redis noinfo --rename-command INFO ""
out=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status --json); rc=$?
is "$rc" 0 "status works with INFO renamed away"
is "$(jget "$out" .redis.version)" null "...and reports the Redis section as unknown"
start_redis noscan --rename-command SCAN ""
err=$("$OCRTOP" -u "unix://$EXTRA_SOCK" status 2>&1); rc=$?
is "$rc" 1 "SCAN renamed away: exit 1"
like "$err" "does not know SCAN: renamed or disabled" "SCAN renamed away: explained"
done_testing
