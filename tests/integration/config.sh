# The config file and its profiles: top settings for every run, -p NAME
# (or OCRTOP_PROFILE) for a section, flags and the environment above it,
# read_only that refuses, a header colour and the profile's name in the
# dashboard, and clear one-line errors for what is wrong in the file.
. "$OCRTOP_SRCDIR/tests/lib.sh"

cfg="$OCRTOP_TEST_DIR/config"
export OCRTOP_CONFIG="$cfg"
export XDG_STATE_HOME="$OCRTOP_TEST_DIR/state"
unset REDIS_URL REDIS_HOST OCRTOP_PROFILE
cd "$OCRTOP_TEST_DIR" || exit 1

rcli LPUSH ocr:task:queue a b c >/dev/null
rcli LPUSH stg:task:queue s >/dev/null
cat >"$cfg" <<EOF
# every run
timeout = 3s

[prod]
url = $TEST_URL       # the test's Redis
read_only = yes
header = red

[staging]
url = "$TEST_URL"
namespace = stg
EOF
chmod 600 "$cfg"

is "$(jget "$("$OCRTOP" -p prod status --json)" .queue.depth)" 3 "-p prod reaches the profile's url"
is "$(jget "$(OCRTOP_PROFILE=staging "$OCRTOP" status --json)" .queue.depth)" 1 \
	"OCRTOP_PROFILE=staging picks the namespace of that profile"
is "$(jget "$("$OCRTOP" -p staging -n ocr status --json)" .queue.depth)" 3 "-n overrides the profile's namespace"
err=$(REDIS_URL=unix:///nonexistent.sock "$OCRTOP" -p prod status 2>&1); rc=$?
is "$rc" 1 "the environment's REDIS_URL overrides the profile's url"
like "$err" "nonexistent.sock" "...and is the one tried"
err=$("$OCRTOP" -p prod -u unix:///elsewhere.sock status 2>&1)
like "$err" "elsewhere.sock" "--url overrides the profile's url"

# read_only
err=$("$OCRTOP" -p prod requeue a --yes 2>&1); rc=$?
is "$rc" 4 "a read_only profile refuses actions"
like "$err" "refused, read-only \\(profile prod is read-only\\)" "...saying why"
like "$(tail -1 "$XDG_STATE_HOME/ocrtop/audit.log")" '"outcome":"refused: read-only \(profile prod' \
	"the refusal is in the local audit log"
out=$("$OCRTOP" -p prod requeue a --dry-run 2>&1); rc=$?
is "$rc" 0 "a dry run is allowed"
is "$(rcli LLEN ocr:task:queue)" 3 "nothing changed"

# The dashboard: the profile in the header, in its colour, and READ-ONLY.
tmux_start 100 30 "$OCRTOP" -p prod
screen_has "ocrtop · prod · unix://" 15 "the header names the profile"
screen_has "READ-ONLY" 5 "...and says READ-ONLY"
header=$(tmux -S "$TMUX_SOCK" capture-pane -e -p -t t | head -1)
like "$header" $'\033\\[[0-9;]*41m|\033\\[[0-9;]*48;5;1m' "the header is drawn on red"
tmux_keys q
screen_has "^EXIT=0" 10 "q quits"
tmux_stop

# Errors in the file: one line, the file and the line, exit 2.
err=$("$OCRTOP" -p nope status 2>&1); rc=$?
is "$rc" 2 "an unknown profile is a usage error"
like "$err" "no profile 'nope' in .*config \\(prod, staging\\)" "...listing the profiles there are"
printf '[prod]\ncolour = red\n' >"$cfg"
err=$("$OCRTOP" -p prod status 2>&1); rc=$?
is "$rc" 2 "an unknown setting is a usage error"
like "$err" "config:2: unknown setting 'colour'" "...naming the file and the line"
printf 'interval = soon\n' >"$cfg"
err=$("$OCRTOP" status 2>&1); rc=$?
is "$rc" 2 "a bad value is a usage error"
like "$err" "config:1: interval: 'soon' is not a duration" "...saying what is expected"
printf 'header = chartreuse\n' >"$cfg"
like "$("$OCRTOP" status 2>&1)" "header: 'chartreuse' is not a colour" "an unknown colour is named"
printf '[prod\n' >"$cfg"
like "$("$OCRTOP" status 2>&1)" "config:1: a section is \\[name\\]" "a broken section header is named"

# A password others may read draws a warning; without a file, -p explains.
printf 'url = redis://:s3cret@127.0.0.1:1/0\n' >"$cfg"
chmod 644 "$cfg"
err=$("$OCRTOP" --timeout 0.2s status 2>&1)
like "$err" "holds a password and others may read it" "a readable password in the config draws a warning"
unlike "$err" "s3cret" "...never showing it"
rm -f "$cfg"
err=$("$OCRTOP" -p prod status 2>&1); rc=$?
is "$rc" 2 "-p without a config file is a usage error"
like "$err" "no profile 'prod': there is no config file" "...saying so"
is "$(jget "$("$OCRTOP" -u "$TEST_URL" status --json)" .queue.depth)" 3 "without a config file, all is as before"
done_testing
