/* Screen 3, Tasks: from the census, failures grouped by their error text,
 * then every failed and stuck task, then samples of each status. The
 * filter takes "status:NAME", "user:ID" or any text (id, user, error). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static int matches(const struct task_sample *t, const char *filter);
static size_t visible(struct ui *ui, size_t **out);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);
static enum target_kind target(struct ui *ui, struct ui_target *t);

static const struct key_help keys[] = {
	{ "Enter", "open the selected task" },
	{ "/status:failed", "filter by status; /user:ID by user; /text anywhere" },
	{ "R", "requeue every task the status: or user: filter selects" },
	{ NULL, NULL }
};

const struct view_ops view_tasks = {
	.name = "Tasks",
	.draw = draw,
	.key = ui_open_selected,
	.keys = keys,
	.target = target,
	.targets = TARGET_TASK,
};

static const struct column columns[] = {
	{ "status", 10, 0, 0 },
	{ "task", 22, 3, 0 },
	{ "user", 12, 1, 0 },
	{ "age", 8, 0, 1 },
	{ "tries", 5, 0, 1 },
	{ "error", 12, 4, 0 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui	*ui;
	const struct census_ref *c;
	const size_t	*rows;
	int		 x[NCOLS];
	int		 w[NCOLS];
	int		 n;
};

static int
matches(const struct task_sample *t, const char *filter)
{
	if (filter == NULL)
		return 1;
	if (strncmp(filter, "status:", 7) == 0)
		return strcmp(filter + 7, census_status_name(t->status)) == 0 ||
		    (strcmp(filter + 7, "stuck") == 0 && t->stuck) ||
		    (t->raw_status != NULL && strcmp(filter + 7, t->raw_status) == 0);
	if (strncmp(filter, "user:", 5) == 0)
		return t->user != NULL && strcmp(filter + 5, t->user) == 0;
	return memmem(t->id, t->idlen, filter, strlen(filter)) != NULL ||
	    (t->user != NULL && strstr(t->user, filter) != NULL) ||
	    (t->error != NULL && strstr(t->error, filter) != NULL);
}

/* The indices into samples shown, in order; caller frees. */
static size_t
visible(struct ui *ui, size_t **out)
{
	const struct census_ref *c = ui->data->census;
	size_t i, n = 0;

	*out = xcalloc(c->res.nsamples + 1, sizeof **out);
	for (i = 0; i < c->res.nsamples; i++)
		if (matches(&c->res.samples[c->order[i]], ui->filter[V_TASKS]))
			(*out)[n++] = c->order[i];
	return n;
}

static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	size_t *rows, n;

	if (!ui_has_data(ui) || ui->data->census == NULL)
		return TARGET_NONE;
	n = visible(ui, &rows);
	if (ui->lists[V_TASKS].sel < n) {
		const struct task_sample *s = &ui->data->census->res.samples[rows[ui->lists[V_TASKS].sel]];

		t->kind = TARGET_TASK;
		t->id = s->id;
		t->len = s->idlen;
	}
	free(rows);
	return t->kind;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct task_sample *t = &rc->c->res.samples[rc->rows[i]];
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	enum element se = t->status == TS_FAILED ? EL_CRIT : t->stuck ? EL_WARN : EL_NORMAL;
	struct buf b = BUF_INIT;

	if (selected)
		draw_fill(w, y, 0, a);
	if (ui_marked(ui, t->id, t->idlen))
		draw_str(w, y, 0, 1, "*", selected ? a : ui_attr(ui, EL_WARN), ui->san);
	buf_adds(&b, t->stuck ? "stuck" : census_status_name(t->status));
	draw_str(w, y, rc->x[0], rc->w[0], buf_str(&b), selected ? a : ui_attr(ui, se), ui->san);
	draw_bytes(w, y, rc->x[1], rc->w[1], t->id, t->idlen, a, ui->san);
	if (rc->n > 2)
		draw_str(w, y, rc->x[2], rc->w[2], t->user != NULL ? t->user : "", a, ui->san);
	buf_clear(&b);
	if (t->created_ms > 0)
		fmt_duration(&b, now_ms() - t->created_ms);
	if (rc->n > 3)
		draw_str_right(w, y, rc->x[3] + rc->w[3], rc->w[3], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (t->attempts >= 0)
		buf_printf(&b, "%ld", t->attempts);
	if (rc->n > 4)
		draw_str_right(w, y, rc->x[4] + rc->w[4], rc->w[4], buf_str(&b), a, ui->san);
	if (rc->n > 5)
		draw_str(w, y, rc->x[5], rc->w[5], t->error != NULL ? t->error : t->raw_status != NULL &&
		    t->status == TS_OTHER ? t->raw_status : "", a, ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct census_ref *c;
	struct row_ctx rc;
	struct buf b = BUF_INIT;
	size_t *vis, n;
	int y = y0, groups, k;

	if (!ui_has_data(ui) || (c = ui->data->census) == NULL) {
		draw_fmt(stdscr, y0 + 1, 2, cols - 4, ui_attr(ui, EL_DIM), ui->san, "census %.0f%%...",
		    ui_has_data(ui) ? ui->data->census_progress * 100 : 0.0);
		return;
	}
	/* Failure groups. */
	groups = c->nerrors < 5 ? (int)c->nerrors : 5;
	ui_title(ui, y++, 1, cols - 2, c->nerrors > 0 ? "FAILURES BY ERROR" : "FAILURES: none");
	for (k = 0; k < groups; k++, y++) {
		buf_clear(&b);
		fmt_count(&b, c->errors[k]->count);
		draw_str_right(stdscr, y, 9, 8, buf_str(&b), ui_attr(ui, EL_CRIT), ui->san);
		draw_bytes(stdscr, y, 11, cols - 12, c->errors[k]->len > 0 ? c->errors[k]->s : "(no error text)",
		    c->errors[k]->len > 0 ? c->errors[k]->len : 15, ui_attr(ui, EL_NORMAL), ui->san);
	}
	if (c->nerrors > 5)
		draw_fmt(stdscr, y++, 11, cols - 12, ui_attr(ui, EL_DIM), ui->san, "and %zu more kinds", c->nerrors - 5);
	y++;
	n = visible(ui, &vis);
	list_set_count(&ui->lists[V_TASKS], n);
	buf_clear(&b);
	buf_adds(&b, "TASKS ");
	fmt_count(&b, (long long)n);
	buf_adds(&b, " shown of ");
	fmt_count(&b, c->res.tasks);
	buf_adds(&b, " (every failed and stuck one, a sample of the rest)");
	if (ui->filter[V_TASKS] != NULL)
		buf_printf(&b, "  filter: %s", ui->filter[V_TASKS]);
	ui_title(ui, y++, 1, cols - 2, buf_str(&b));
	rc.ui = ui;
	rc.c = c;
	rc.rows = vis;
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	list_draw(&ui->lists[V_TASKS], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (n == 0)
		draw_str(stdscr, y, 1, cols - 2, "no task matches", ui_attr(ui, EL_DIM), ui->san);
	free(vis);
	buf_free(&b);
}
