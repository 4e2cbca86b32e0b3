/* Screen 4, Sessions: users by number of sessions, with idle sessions and
 * distinct IP addresses (a user on many IPs is flagged). Enter opens the
 * user's sessions (view-user.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static size_t visible(struct ui *ui, size_t **out);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);
static enum target_kind target(struct ui *ui, struct ui_target *t);

static const struct key_help keys[] = {
	{ "Enter", "show the selected user's sessions" },
	{ NULL, NULL }
};

const struct view_ops view_sessions = {
	.name = "Sessions",
	.draw = draw,
	.key = ui_open_selected,
	.keys = keys,
	.target = target,
	.targets = TARGET_USER,
};

static const struct column columns[] = {
	{ "user", 24, 4, 0 },
	{ "sessions", 9, 0, 1 },
	{ "idle", 7, 0, 1 },
	{ "IPs", 5, 0, 1 },
	{ "flags", 20, 2, 0 },
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

static size_t
visible(struct ui *ui, size_t **out)
{
	const struct census_ref *c = ui->data->census;
	const char *f = ui->filter[V_SESSIONS];
	size_t i, n = 0;

	*out = xcalloc(c->nusers + 1, sizeof **out);
	for (i = 0; i < c->nusers; i++)
		if (f == NULL || memmem(c->users[i]->s, c->users[i]->len, f, strlen(f)) != NULL)
			(*out)[n++] = i;
	return n;
}

static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	size_t *rows, n;

	if (!ui_has_data(ui) || ui->data->census == NULL)
		return TARGET_NONE;
	n = visible(ui, &rows);
	if (ui->lists[V_SESSIONS].sel < n) {
		const struct strcount_entry *e = ui->data->census->users[rows[ui->lists[V_SESSIONS].sel]];

		t->kind = TARGET_USER;
		t->id = e->s;
		t->len = e->len;
	}
	free(rows);
	return t->kind;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct strcount_entry *e = rc->c->users[rc->rows[i]];
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	struct buf b = BUF_INIT;

	if (selected)
		draw_fill(w, y, 0, a);
	draw_bytes(w, y, rc->x[0], rc->w[0], e->s, e->len, a, ui->san);
	fmt_count(&b, e->count);
	draw_str_right(w, y, rc->x[1] + rc->w[1], rc->w[1], buf_str(&b), a, ui->san);
	buf_clear(&b);
	fmt_count(&b, e->aux);
	if (rc->n > 2)
		draw_str_right(w, y, rc->x[2] + rc->w[2], rc->w[2], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (e->aux2 > CENSUS_MAX_IPS)
		buf_printf(&b, "%d+", CENSUS_MAX_IPS + 1);
	else
		buf_printf(&b, "%lld", e->aux2);
	if (rc->n > 3)
		draw_str_right(w, y, rc->x[3] + rc->w[3], rc->w[3], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (e->aux2 > CENSUS_MAX_IPS)
		buf_adds(&b, "many IPs ");
	if (e->aux > 0)
		buf_adds(&b, "idle>30m ");
	if (rc->n > 4)
		draw_str(w, y, rc->x[4], rc->w[4], buf_str(&b), selected ? a : ui_attr(ui, EL_WARN), ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct census_ref *c;
	const struct census_result *r;
	struct row_ctx rc;
	struct buf b = BUF_INIT;
	size_t *vis, n;
	int y = y0;

	if (!ui_has_data(ui) || (c = ui->data->census) == NULL) {
		draw_fmt(stdscr, y0 + 1, 2, cols - 4, ui_attr(ui, EL_DIM), ui->san, "census %.0f%%...",
		    ui_has_data(ui) ? ui->data->census_progress * 100 : 0.0);
		return;
	}
	r = &c->res;
	buf_adds(&b, "SESSIONS ");
	fmt_count(&b, r->sessions);
	buf_adds(&b, " \xc2\xb7 users ");
	fmt_count(&b, (long long)r->users.n);
	buf_adds(&b, " \xc2\xb7 idle ");
	fmt_count(&b, r->idle);
	buf_adds(&b, " \xc2\xb7 malformed ");
	fmt_count(&b, r->malformed);
	if (r->users.n > c->nusers)
		buf_printf(&b, " \xc2\xb7 top %zu users listed", c->nusers);
	if (ui->filter[V_SESSIONS] != NULL)
		buf_printf(&b, "  filter: %s", ui->filter[V_SESSIONS]);
	ui_title(ui, y++, 1, cols - 2, buf_str(&b));
	n = visible(ui, &vis);
	list_set_count(&ui->lists[V_SESSIONS], n);
	rc.ui = ui;
	rc.c = c;
	rc.rows = vis;
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	list_draw(&ui->lists[V_SESSIONS], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (n == 0)
		draw_str(stdscr, y, 1, cols - 2, "no sessions", ui_attr(ui, EL_DIM), ui->san);
	free(vis);
	buf_free(&b);
}
