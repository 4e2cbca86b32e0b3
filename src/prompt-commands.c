/* `:` commands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prompt-commands.h"
#include "sanitize.h"
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

static const struct ui_command commands[] = {
	{ "quit", "", "leave ocrtop", run_quit, ARG_NONE },
	{ "help", "", "show the keys", run_help, ARG_NONE },
	{ "view", "NAME|N", "switch to a screen", run_view, ARG_VIEW },
	{ "task", "ID", "open a task", run_task, ARG_TASK },
	{ "user", "ID", "open a user's sessions", run_user, ARG_USER },
	{ "filter", "[TEXT]", "filter the current list (empty: clear)", run_filter, ARG_NONE },
	{ "census", "", "start a fresh census now", run_census, ARG_NONE },
	{ "theme", "default|mono", "switch colours", run_theme, ARG_THEME },
	{ NULL, NULL, NULL, NULL, 0 }
};

static const char *const view_names[V_SCREENS] = {
	"overview", "queue", "tasks", "sessions", "stats", "workers", "feed", "redis"
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
	ui_message(ui, "view: no screen called that (overview, queue, tasks, sessions, stats, workers, feed, redis)");
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
	const struct theme *t = theme_find(arg);

	if (t == NULL) {
		ui_message(ui, "theme: default or mono");
		return;
	}
	ui->theme = theme_apply(ui->ctx->no_color ? &theme_mono : t);
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
