/* Operator actions in the dashboard. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "xmalloc.h"

#define DIALOG_WIDTH	76

const struct key_help ui_task_action_keys[] = {
	{ "Space", "mark / unmark the task (Esc clears the marks)" },
	{ "r", "requeue the marked tasks, or the selected one" },
	{ "P", "give them a priority (asks for the score)" },
	{ "F", "move them to the front of their queue" },
	{ "C", "cancel them (out of every queue)" },
	{ "D", "delete their data" },
	{ NULL, NULL }
};

const struct key_help ui_user_action_keys[] = {
	{ "L", "log the selected user out of every device" },
	{ NULL, NULL }
};

static void mark_toggle(struct ui *ui, const char *id, size_t len);
static void marks_clear(struct ui *ui);
static void pending_clear(struct ui *ui);
static int targets_now(struct ui *ui, char ***ids, size_t **lens, size_t *n);
static void task_action(struct ui *ui, enum action_kind kind);
static void priority_done(struct ui *ui, const char *line);
static void bulk_requeue(struct ui *ui);
static void user_action(struct ui *ui);
static int dialog_key(struct ui *ui, int ch);
static void dialog_close(struct ui *ui);
static void refuse(struct ui *ui, const char *verb, const char *args);
static const char *spec_verb(const struct job_spec *spec);

int
ui_marked(const struct ui *ui, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < ui->nmarks; i++)
		if (ui->mark_lens[i] == len && memcmp(ui->marks[i], id, len) == 0)
			return 1;
	return 0;
}

static void
mark_toggle(struct ui *ui, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < ui->nmarks; i++) {
		if (ui->mark_lens[i] == len && memcmp(ui->marks[i], id, len) == 0) {
			free(ui->marks[i]);
			ui->marks[i] = ui->marks[ui->nmarks - 1];
			ui->mark_lens[i] = ui->mark_lens[ui->nmarks - 1];
			ui->nmarks--;
			return;
		}
	}
	ui->marks = xreallocarray(ui->marks, ui->nmarks + 1, sizeof *ui->marks);
	ui->mark_lens = xreallocarray(ui->mark_lens, ui->nmarks + 1, sizeof *ui->mark_lens);
	ui->marks[ui->nmarks] = xstrndup(id, len);
	ui->mark_lens[ui->nmarks++] = len;
}

static void
marks_clear(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nmarks; i++)
		free(ui->marks[i]);
	free(ui->marks);
	free(ui->mark_lens);
	ui->marks = NULL;
	ui->mark_lens = NULL;
	ui->nmarks = 0;
}

static void
pending_clear(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->npending; i++)
		free(ui->pending[i]);
	free(ui->pending);
	free(ui->pending_lens);
	ui->pending = NULL;
	ui->pending_lens = NULL;
	ui->npending = 0;
}

/* The tasks an action key acts on: the marked ones, else the selected
 * one. Copies into *ids; 0 when there is none. */
static int
targets_now(struct ui *ui, char ***ids, size_t **lens, size_t *n)
{
	const struct view_ops *v = ui_current(ui);
	struct ui_target t;
	size_t i;

	if (ui->nmarks > 0) {
		*ids = xcalloc(ui->nmarks, sizeof **ids);
		*lens = xcalloc(ui->nmarks, sizeof **lens);
		for (i = 0; i < ui->nmarks; i++) {
			(*ids)[i] = xstrndup(ui->marks[i], ui->mark_lens[i]);
			(*lens)[i] = ui->mark_lens[i];
		}
		*n = ui->nmarks;
		return 1;
	}
	memset(&t, 0, sizeof t);
	if (v->target == NULL || v->target(ui, &t) != TARGET_TASK)
		return 0;
	*ids = xcalloc(1, sizeof **ids);
	*lens = xcalloc(1, sizeof **lens);
	(*ids)[0] = xstrndup(t.id, t.len);
	(*lens)[0] = t.len;
	*n = 1;
	return 1;
}

static const char *
spec_verb(const struct job_spec *spec)
{
	return spec->what == JOB_LOGOUT ? "logout-all" : spec->what == JOB_PURGE_IDLE ? "sessions purge-idle" :
	    action_name(spec->kind);
}

/* Read-only: say so, and keep the refusal on record (the local file only). */
static void
refuse(struct ui *ui, const char *verb, const char *args)
{
	struct audit_entry e;
	char *warning = NULL, *outcome = xasprintf("refused: read-only (%s)", ui->ctx->read_only_why);
	char *a = xasprintf("dashboard%s%s", *args != '\0' ? ": " : "", args);

	memset(&e, 0, sizeof e);
	e.action = verb;
	e.args = a;
	e.targets = "";
	e.outcome = outcome;
	audit_record(ui->ctx, NULL, &e, &warning);
	ui_message(ui, "read-only (%s): %s refused, nothing changed", ui->ctx->read_only_why, verb);
	free(warning);
	free(outcome);
	free(a);
}

void
ui_actions_start(struct ui *ui, struct job_spec *spec)
{
	char **ids = NULL;
	size_t *lens = NULL, n = 0, i;
	const char *verb = spec_verb(spec);

	if (ui->ctx->read_only) {
		refuse(ui, verb, spec->args != NULL ? spec->args : "");
		return;
	}
	if (ui->job != NULL) {
		ui_message(ui, "an action is already running");
		return;
	}
	if (spec->what == JOB_TASKS && spec->n == 0) {
		if (!targets_now(ui, &ids, &lens, &n)) {
			ui_message(ui, "%s: select a task (Queue, Tasks, Feed or a task's detail), or mark some with Space",
			    verb);
			return;
		}
		spec->ids = ids;
		spec->lens = lens;
		spec->n = n;
		if (spec->args == NULL || *spec->args == '\0')
			spec->args = ui->nmarks > 0 ? "marked rows" : "selected row";
	}
	memset(ui->typed, 0, sizeof ui->typed);
	ui->job = job_start(ui->ctx, spec, ui->wake[1]);
	ui->dirty = 1;
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(lens);
}

static void
task_action(struct ui *ui, enum action_kind kind)
{
	struct job_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.what = JOB_TASKS;
	spec.kind = kind;
	ui_actions_start(ui, &spec);
}

static void
priority_done(struct ui *ui, const char *line)
{
	struct job_spec spec;
	char *end;
	double score = strtod(line, &end);

	while (*end == ' ')
		end++;
	if (*line == '\0' || *end != '\0' || !(score >= 0 && score <= 10)) {
		if (*line != '\0')
			ui_message(ui, "priority: expected a score from 0 to 10");
		pending_clear(ui);
		return;
	}
	memset(&spec, 0, sizeof spec);
	spec.what = JOB_TASKS;
	spec.kind = ACT_PRIORITY;
	spec.score = score;
	spec.ids = ui->pending;
	spec.lens = ui->pending_lens;
	spec.n = ui->npending;
	spec.args = line;
	ui_actions_start(ui, &spec);
	pending_clear(ui);
}

/* R on the Tasks screen: every task the filter's status or user selects,
 * in the whole keyspace (not only the rows shown). */
static void
bulk_requeue(struct ui *ui)
{
	const char *f = ui->filter[V_TASKS];
	struct job_spec spec;

	if (ui->view != V_TASKS || ui->detail != 0)
		return;
	memset(&spec, 0, sizeof spec);
	spec.what = JOB_SELECT;
	spec.kind = ACT_REQUEUE;
	spec.filter.scan_count = 1000;
	if (f != NULL && strcmp(f, "status:stuck") == 0) {
		spec.filter.stuck = 1;
		spec.filter.stuck_ms = 10 * 60000;
	} else if (f != NULL && strncmp(f, "status:", 7) == 0 && f[7] != '\0')
		spec.filter.status = f + 7;
	else if (f != NULL && strncmp(f, "user:", 5) == 0 && f[5] != '\0')
		spec.filter.user = f + 5;
	else {
		ui_message(ui, "R requeues every task of a filter: first /status:failed, /status:stuck or /user:ID");
		return;
	}
	spec.args = f;
	ui_actions_start(ui, &spec);
}

static void
user_action(struct ui *ui)
{
	const struct view_ops *v = ui_current(ui);
	struct ui_target t;
	struct job_spec spec;
	char *who;

	memset(&t, 0, sizeof t);
	if (v->target == NULL || v->target(ui, &t) != TARGET_USER) {
		ui_message(ui, "logout-all: select a user (Sessions screen, or a user's sessions)");
		return;
	}
	who = xstrndup(t.id, t.len);
	memset(&spec, 0, sizeof spec);
	spec.what = JOB_LOGOUT;
	spec.field = SF_USER_ID;
	spec.who = who;
	spec.args = who;
	ui_actions_start(ui, &spec);
	free(who);
}

static void
dialog_close(struct ui *ui)
{
	if (job_denied(ui->job)) {
		ctx_set_read_only(ui->ctx, "the ACL user may not write");
		ui_message(ui, "%s (the ACL user may not write: read-only from now on)", job_summary(ui->job));
	} else
		ui_message(ui, "%s", job_summary(ui->job));
	job_free(ui->job);
	ui->job = NULL;
	ui_request(ui);
}

/* Keys while the dialog is open: all of them are its. */
static int
dialog_key(struct ui *ui, int ch)
{
	size_t n = strlen(ui->typed);

	if (ch == KEY_RESIZE)
		return 0;
	switch (job_state(ui->job)) {
	case JOB_PREVIEW:
		if (ch == 27 || ch == 'n' || ch == 'q')
			job_stop(ui->job);
		break;
	case JOB_ASK:
		if (ch == 27 || ch == 'n' || ch == 'N' || ch == 'q') {
			job_decide(ui->job, 0);
			break;
		}
		if (!job_bulk(ui->job)) {
			if (ch == 'y' || ch == 'Y') {
				job_decide(ui->job, 1);
				marks_clear(ui);
			}
			break;
		}
		if (ch >= '0' && ch <= '9' && n + 1 < sizeof ui->typed)
			ui->typed[n] = (char)ch;
		else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && n > 0)
			ui->typed[n - 1] = '\0';
		else if (ch == '\r' || ch == '\n' || ch == KEY_ENTER) {
			if (n > 0 && strtoll(ui->typed, NULL, 10) == job_count(ui->job)) {
				job_decide(ui->job, 1);
				marks_clear(ui);
			} else
				memset(ui->typed, 0, sizeof ui->typed);
		}
		break;
	case JOB_RUN:
		if (ch == 27 || ch == 3)
			job_stop(ui->job);
		break;
	case JOB_DONE:
		dialog_close(ui);
		break;
	}
	return 1;
}

int
ui_actions_key(struct ui *ui, int ch)
{
	const struct view_ops *v = ui_current(ui);
	struct ui_target t;

	if (ui->job != NULL)
		return dialog_key(ui, ch);
	switch (ch) {
	case ' ':
		memset(&t, 0, sizeof t);
		if (v->targets != TARGET_TASK || v->target == NULL)
			return 0;
		if (v->target(ui, &t) == TARGET_TASK) {
			mark_toggle(ui, t.id, t.len);
			ui_key(ui, KEY_DOWN);
		}
		return 1;
	case 27:
		if (ui->nmarks == 0)
			return 0;
		ui_message(ui, "%zu mark%s cleared", ui->nmarks, ui->nmarks == 1 ? "" : "s");
		marks_clear(ui);
		return 1;
	case 'r':
		task_action(ui, ACT_REQUEUE);
		return 1;
	case 'F':
		task_action(ui, ACT_FRONT);
		return 1;
	case 'C':
		task_action(ui, ACT_CANCEL);
		return 1;
	case 'D':
		task_action(ui, ACT_DELETE);
		return 1;
	case 'P':
		if (ui->ctx->read_only) {
			refuse(ui, "priority", "");
			return 1;
		}
		pending_clear(ui);
		if (!targets_now(ui, &ui->pending, &ui->pending_lens, &ui->npending)) {
			ui_message(ui, "priority: select a task, or mark some with Space");
			return 1;
		}
		ui_prompt(ui, "priority (0-10): ", priority_done);
		return 1;
	case 'R':
		if (ui->view != V_TASKS || ui->detail != 0)
			return 0;
		bulk_requeue(ui);
		return 1;
	case 'L':
		user_action(ui);
		return 1;
	}
	return 0;
}

void
ui_actions_wake(struct ui *ui)
{
	ui->dirty = 1;
}

void
ui_actions_draw(struct ui *ui)
{
	struct job *j = ui->job;
	enum job_state st;
	const char *p, *nl;
	struct buf b = BUF_INIT;
	int w, h, y0, x0, y, lines = 1, maxlines;
	long long done, total, changed;

	if (j == NULL)
		return;
	st = job_state(j);
	for (p = job_preview(j); st != JOB_PREVIEW && *p != '\0'; p++)
		lines += *p == '\n';
	maxlines = ui->rows - 10;
	if (lines > maxlines)
		lines = maxlines;
	w = ui->cols - 4 < DIALOG_WIDTH ? ui->cols - 4 : DIALOG_WIDTH;
	h = lines + 6;
	y0 = (ui->rows - h) / 2;
	x0 = (ui->cols - w) / 2;
	draw_box(stdscr, y0, x0, h, w, ui_attr(ui, EL_NORMAL));
	draw_fmt(stdscr, y0, x0 + 2, w - 4, ui_attr(ui, EL_TITLE), ui->san, " %s ", job_verb(j));
	y = y0 + 2;
	if (st == JOB_PREVIEW)
		draw_str(stdscr, y++, x0 + 2, w - 4, "reading what would change...", ui_attr(ui, EL_DIM), ui->san);
	else {
		int k;

		for (p = job_preview(j), k = 0; k < lines; k++, y++) {
			nl = strchr(p, '\n');
			draw_bytes(stdscr, y, x0 + 2, w - 4, p, nl != NULL ? (size_t)(nl - p) : strlen(p),
			    ui_attr(ui, k == 0 ? EL_VALUE : EL_NORMAL), ui->san);
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	y = y0 + h - 3;
	job_progress(j, &done, &total, &changed);
	switch (st) {
	case JOB_PREVIEW:
		draw_str(stdscr, y + 1, x0 + 2, w - 4, "Esc cancels", ui_attr(ui, EL_DIM), ui->san);
		break;
	case JOB_ASK:
		if (job_bulk(j)) {
			buf_printf(&b, "Type %lld and Enter to go ahead, Esc cancels: ", job_count(j));
			draw_fmt(stdscr, y + 1, x0 + 2, w - 4, ui_attr(ui, EL_WARN), ui->san, "%s%s_", buf_str(&b),
			    ui->typed);
		} else
			draw_fmt(stdscr, y + 1, x0 + 2, w - 4, ui_attr(ui, EL_WARN), ui->san,
			    "Press y to %s, n or Esc to cancel", job_verb(j));
		break;
	case JOB_RUN:
		if (total > 0) {
			buf_printf(&b, "%lld of %lld ", done, total);
			draw_str(stdscr, y, x0 + 2, 24, buf_str(&b), ui_attr(ui, EL_VALUE), ui->san);
			draw_bar(stdscr, y, x0 + 26, w - 30, (double)done / (double)total, ui_attr(ui, EL_BAR),
			    ui_attr(ui, EL_BAR_EMPTY), ui->san);
		} else
			draw_fmt(stdscr, y, x0 + 2, w - 4, ui_attr(ui, EL_VALUE), ui->san, "%lld keys read, %lld deleted",
			    done, changed);
		draw_str(stdscr, y + 1, x0 + 2, w - 4, "Esc stops between batches", ui_attr(ui, EL_DIM), ui->san);
		break;
	case JOB_DONE:
		draw_str(stdscr, y, x0 + 2, w - 4, job_summary(j), ui_attr(ui, EL_OK), ui->san);
		draw_str(stdscr, y + 1, x0 + 2, w - 4, "any key closes", ui_attr(ui, EL_DIM), ui->san);
		break;
	}
	buf_free(&b);
}

void
ui_actions_end(struct ui *ui)
{
	if (ui->job != NULL)
		job_free(ui->job);
	ui->job = NULL;
	marks_clear(ui);
	pending_clear(ui);
}
