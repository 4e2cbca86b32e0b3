/* `:` commands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prompt-commands.h"
#include "sanitize.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "xmalloc.h"

struct ui_command {
	const char	*name;
	const char	*args;
	const char	*help;
	void		(*run)(struct ui *ui, const char *arg);
	int		 complete;	/* what the argument completes to */
};

enum { ARG_NONE, ARG_VIEW, ARG_TASK, ARG_USER, ARG_THEME };

static void run_quit(struct ui *ui, const char *arg);
static void run_help(struct ui *ui, const char *arg);
static void run_view(struct ui *ui, const char *arg);
static void run_task(struct ui *ui, const char *arg);
static void run_user(struct ui *ui, const char *arg);
static void run_filter(struct ui *ui, const char *arg);
static void run_census(struct ui *ui, const char *arg);
static void run_theme(struct ui *ui, const char *arg);
static void run_requeue(struct ui *ui, const char *arg);
static void run_priority(struct ui *ui, const char *arg);
static void run_front(struct ui *ui, const char *arg);
static void run_cancel(struct ui *ui, const char *arg);
static void run_delete(struct ui *ui, const char *arg);
static void run_logout(struct ui *ui, const char *arg);
static void run_purge(struct ui *ui, const char *arg);
static void run_audit(struct ui *ui, const char *arg);
static void run_on_tasks(struct ui *ui, enum action_kind kind, const char *arg);
static size_t split(const char *arg, char ***words);
static void free_words(char **words, size_t n);

static const struct ui_command commands[] = {
	{ "quit", "", "leave ocrtop", run_quit, ARG_NONE },
	{ "help", "", "show the keys", run_help, ARG_NONE },
	{ "view", "NAME|N", "switch to a screen", run_view, ARG_VIEW },
	{ "task", "ID", "open a task", run_task, ARG_TASK },
	{ "user", "ID", "open a user's sessions", run_user, ARG_USER },
	{ "filter", "[TEXT]", "filter the current list (empty: clear)", run_filter, ARG_NONE },
	{ "census", "", "start a fresh census now", run_census, ARG_NONE },
	{ "theme", "default|mono", "switch colours", run_theme, ARG_THEME },
	{ "requeue", "[ID...|--failed|--stuck|--status S|--user U]", "put tasks back in their queue",
	  run_requeue, ARG_TASK },
	{ "priority", "[ID...] SCORE", "give tasks a priority (0-10)", run_priority, ARG_TASK },
	{ "front", "[ID...]", "move tasks to the front of their queue", run_front, ARG_TASK },
	{ "cancel", "[ID...]", "cancel tasks", run_cancel, ARG_TASK },
	{ "delete", "[ID...]", "delete tasks' data", run_delete, ARG_TASK },
	{ "logout-all", "[USER|--email ADDR]", "log a user out of every device", run_logout, ARG_USER },
	{ "purge-idle", "[MINUTES]", "delete sessions idle longer than MINUTES (30)", run_purge, ARG_NONE },
	{ "audit", "", "show the audit trail", run_audit, ARG_NONE },
	{ NULL, NULL, NULL, NULL, 0 }
};

static const char *const view_names[V_SCREENS] = {
	"overview", "queue", "tasks", "sessions", "stats", "workers", "feed", "redis", "audit"
};

static void
run_quit(struct ui *ui, const char *arg)
{
	(void)arg;
	ui->quit = 1;
}

static void
run_help(struct ui *ui, const char *arg)
{
	(void)arg;
	ui->help = 1;
}

static void
run_view(struct ui *ui, const char *arg)
{
	int i;

	for (i = 0; i < V_SCREENS; i++) {
		if (strcasecmp(arg, view_names[i]) == 0 || (arg[0] == '1' + i && arg[1] == '\0')) {
			ui->detail = 0;
			ui->view = i;
			ui_request(ui);
			return;
		}
	}
	ui_message(ui, "view: no screen called that (overview, queue, tasks, sessions, stats, workers, feed, redis, audit)");
}

static void
run_task(struct ui *ui, const char *arg)
{
	if (*arg == '\0')
		ui_message(ui, "task: which task? (:task ID)");
	else
		ui_open_task(ui, arg, strlen(arg));
}

static void
run_user(struct ui *ui, const char *arg)
{
	if (*arg == '\0')
		ui_message(ui, "user: which user? (:user ID)");
	else
		ui_open_user(ui, arg, strlen(arg));
}

static void
run_filter(struct ui *ui, const char *arg)
{
	int v = ui->detail != 0 ? ui->detail : ui->view;

	free(ui->filter[v]);
	ui->filter[v] = *arg != '\0' ? xstrdup(arg) : NULL;
	ui->lists[v].sel = 0;
}

static void
run_census(struct ui *ui, const char *arg)
{
	(void)arg;
	ui->census_now++;
	ui_request(ui);
	ui_message(ui, "starting a fresh census");
}

static void
run_theme(struct ui *ui, const char *arg)
{
	char *cause = NULL;
	const struct theme *t = theme_lookup(arg, &cause);

	if (t == NULL) {
		ui_message(ui, "theme: %s", cause);
		free(cause);
		return;
	}
	ui_set_theme(ui, t);
}

/* Splits on blanks; returns how many words. */
static size_t
split(const char *arg, char ***words)
{
	size_t n = 0, len;

	*words = NULL;
	while (*arg != '\0') {
		while (*arg == ' ')
			arg++;
		if ((len = strcspn(arg, " ")) == 0)
			break;
		*words = xreallocarray(*words, n + 1, sizeof **words);
		(*words)[n++] = xstrndup(arg, len);
		arg += len;
	}
	return n;
}

static void
free_words(char **words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

/* IDs given, or (none) the marked or selected tasks. */
static void
run_on_tasks(struct ui *ui, enum action_kind kind, const char *arg)
{
	struct job_spec spec;
	char **w;
	size_t n = split(arg, &w), i, *lens = xcalloc(n + 1, sizeof *lens);

	memset(&spec, 0, sizeof spec);
	spec.what = JOB_TASKS;
	spec.kind = kind;
	for (i = 0; i < n; i++)
		lens[i] = strlen(w[i]);
	spec.ids = w;
	spec.lens = lens;
	spec.n = n;
	spec.args = arg;
	ui_actions_start(ui, &spec);
	free_words(w, n);
	free(lens);
}

static void
run_requeue(struct ui *ui, const char *arg)
{
	struct job_spec spec;
	char **w;
	size_t n = split(arg, &w), i, k = 0;
	int64_t ms;

	memset(&spec, 0, sizeof spec);
	spec.what = JOB_SELECT;
	spec.kind = ACT_REQUEUE;
	spec.filter.scan_count = 1000;
	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "--failed") == 0)
			spec.filter.status = "failed";
		else if (strcmp(w[i], "--stuck") == 0 || strncmp(w[i], "--stuck=", 8) == 0) {
			spec.filter.stuck = 1;
			spec.filter.stuck_ms = 10 * 60000;
			if (w[i][7] == '=' && (duration_parse(w[i] + 8, 1000, &ms) < 0 || ms <= 0)) {
				ui_message(ui, "requeue: --stuck=AGE takes a duration such as 10m");
				goto out;
			}
			if (w[i][7] == '=')
				spec.filter.stuck_ms = ms;
		} else if ((strcmp(w[i], "--status") == 0 || strcmp(w[i], "--user") == 0) && i + 1 < n) {
			if (w[i][2] == 's')
				spec.filter.status = w[++i];
			else
				spec.filter.user = w[++i];
		} else if (strcmp(w[i], "--reset-attempts") == 0)
			spec.reset_attempts = 1;
		else if (strcmp(w[i], "--force") == 0)
			spec.force = 1;
		else if (w[i][0] == '-') {
			ui_message(ui, "requeue: unknown option (--failed, --stuck[=AGE], --status S, --user U, "
			    "--reset-attempts, --force)");
			goto out;
		} else
			k++;
	}
	if (k > 0 && (spec.filter.status != NULL || spec.filter.user != NULL || spec.filter.stuck)) {
		ui_message(ui, "requeue: give task ids or a selection (--failed, --stuck, --status, --user), not both");
		goto out;
	}
	if (spec.filter.status == NULL && spec.filter.user == NULL && !spec.filter.stuck) {
		char **ids = xcalloc(k + 1, sizeof *ids);
		size_t *lens = xcalloc(k + 1, sizeof *lens);

		for (i = 0, k = 0; i < n; i++)
			if (w[i][0] != '-') {
				ids[k] = w[i];
				lens[k++] = strlen(w[i]);
			}
		spec.what = JOB_TASKS;
		spec.ids = ids;
		spec.lens = lens;
		spec.n = k;
		spec.args = arg;
		ui_actions_start(ui, &spec);
		free(ids);
		free(lens);
		goto out;
	}
	spec.args = arg;
	ui_actions_start(ui, &spec);
out:
	free_words(w, n);
}

static void
run_priority(struct ui *ui, const char *arg)
{
	struct job_spec spec;
	char **w, *end;
	size_t n = split(arg, &w), i, *lens;
	double score = n > 0 ? strtod(w[n - 1], &end) : -1;

	if (n == 0 || *end != '\0' || !(score >= 0 && score <= 10)) {
		ui_message(ui, "priority: [ID...] SCORE, a score from 0 to 10");
		free_words(w, n);
		return;
	}
	lens = xcalloc(n, sizeof *lens);
	for (i = 0; i + 1 < n; i++)
		lens[i] = strlen(w[i]);
	memset(&spec, 0, sizeof spec);
	spec.what = JOB_TASKS;
	spec.kind = ACT_PRIORITY;
	spec.score = score;
	spec.ids = w;
	spec.lens = lens;
	spec.n = n - 1;
	spec.args = arg;
	ui_actions_start(ui, &spec);
	free(lens);
	free_words(w, n);
}

static void
run_front(struct ui *ui, const char *arg)
{
	run_on_tasks(ui, ACT_FRONT, arg);
}

static void
run_cancel(struct ui *ui, const char *arg)
{
	run_on_tasks(ui, ACT_CANCEL, arg);
}

static void
run_delete(struct ui *ui, const char *arg)
{
	run_on_tasks(ui, ACT_DELETE, arg);
}

static void
run_logout(struct ui *ui, const char *arg)
{
	struct job_spec spec;
	char **w;
	size_t n = split(arg, &w);

	memset(&spec, 0, sizeof spec);
	spec.what = JOB_LOGOUT;
	spec.field = SF_USER_ID;
	if (n == 2 && strcmp(w[0], "--email") == 0) {
		spec.field = SF_EMAIL;
		spec.who = w[1];
	} else if (n == 1 && w[0][0] != '-')
		spec.who = w[0];
	else if (n == 0 && ui->detail == V_USER && ui->user_id != NULL)
		spec.who = ui->user_id;
	if (spec.who == NULL) {
		ui_message(ui, "logout-all: USER or --email ADDR");
		free_words(w, n);
		return;
	}
	spec.args = arg;
	ui_actions_start(ui, &spec);
	free_words(w, n);
}

static void
run_purge(struct ui *ui, const char *arg)
{
	struct job_spec spec;
	char *end;
	long minutes = *arg != '\0' ? strtol(arg, &end, 10) : 30;

	if (*arg != '\0' && (*end != '\0' || minutes < 1 || minutes > 525600)) {
		ui_message(ui, "purge-idle: [MINUTES], from 1 (default 30, the backend's rule)");
		return;
	}
	memset(&spec, 0, sizeof spec);
	spec.what = JOB_PURGE_IDLE;
	spec.idle_ms = (int64_t)minutes * 60000;
	spec.args = arg;
	ui_actions_start(ui, &spec);
}

static void
run_audit(struct ui *ui, const char *arg)
{
	(void)arg;
	ui->detail = 0;
	ui->view = V_AUDIT;
	ui_request(ui);
}

void
prompt_commands_run(struct ui *ui, const char *text)
{
	char *line = xstrdup(text), *p = line, *arg, *end;
	size_t n;
	int i;

	/* Completion leaves a trailing space; blanks around words do not count. */
	for (end = line + strlen(line); end > line && end[-1] == ' '; end--)
		end[-1] = '\0';
	while (*p == ' ')
		p++;
	n = strcspn(p, " ");
	for (arg = p + n; *arg == ' '; arg++)
		;
	for (i = 0; n > 0 && commands[i].name != NULL; i++) {
		if (strlen(commands[i].name) == n && strncmp(commands[i].name, p, n) == 0) {
			commands[i].run(ui, arg);
			ui->dirty = 1;
			free(line);
			return;
		}
	}
	if (n > 0)
		ui_message(ui, "no command '%.*s' (Tab lists them)", (int)(n > 30 ? 30 : n), p);
	free(line);
}

void
prompt_commands_complete(struct ui *ui, int word, const char *line,
    void (*add)(void *arg, const char *candidate), void *arg)
{
	const struct model *m = ui->data;
	size_t n = strcspn(line, " "), i;
	int k, what = ARG_NONE;

	if (word == 0) {
		for (k = 0; commands[k].name != NULL; k++)
			add(arg, commands[k].name);
		return;
	}
	for (k = 0; commands[k].name != NULL; k++)
		if (strlen(commands[k].name) == n && strncmp(commands[k].name, line, n) == 0)
			what = commands[k].complete;
	switch (what) {
	case ARG_VIEW:
		for (k = 0; k < V_SCREENS; k++)
			add(arg, view_names[k]);
		break;
	case ARG_THEME:
		add(arg, "default");
		add(arg, "mono");
		break;
	case ARG_TASK:
		/* Task ids seen: the census samples and the notifications. */
		for (i = 0; m != NULL && m->census != NULL && i < m->census->res.nsamples; i++)
			if (memchr(m->census->res.samples[i].id, ' ', m->census->res.samples[i].idlen) == NULL)
				add(arg, m->census->res.samples[i].id);
		for (i = 0; i < ui->feed_n; i++)
			if (ui_feed_at(ui, i)->task_id != NULL)
				add(arg, ui_feed_at(ui, i)->task_id);
		break;
	case ARG_USER:
		for (i = 0; m != NULL && m->census != NULL && i < m->census->nusers; i++)
			add(arg, m->census->users[i]->s);
		break;
	}
}
