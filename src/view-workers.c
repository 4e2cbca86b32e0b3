/* Screen 6, Workers: the clients blocked in a queue-popping command (the
 * platform's workers waiting for work), then every other blocked client,
 * from CLIENT LIST; marked unavailable when an ACL forbids it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static void request(struct ui *ui, struct collect_req *req);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);

const struct view_ops view_workers = {
	.name = "Workers",
	.draw = draw,
	.request = request,
	.keys = NULL,
};

static const struct column columns[] = {
	{ "id", 6, 0, 1 },
	{ "address", 21, 1, 0 },
	{ "name", 16, 3, 0 },
	{ "command", 10, 1, 0 },
	{ "age", 7, 0, 1 },
	{ "idle", 6, 0, 1 },
	{ "user", 8, 1, 0 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui	*ui;
	const struct client_entry **rows;
	int		 x[NCOLS];
	int		 w[NCOLS];
	int		 n;
};

static void
request(struct ui *ui, struct collect_req *req)
{
	(void)ui;
	req->want_details = 1;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	const struct client_entry *e = rc->rows[i];
	attr_t a = ui_attr(rc->ui, selected ? EL_SELECTED : redis_details_is_worker(e) ? EL_OK : EL_NORMAL);
	const char *cells[NCOLS] = { e->id, e->addr, e->name, e->cmd, e->age, e->idle, e->user };
	int c;

	if (selected)
		draw_fill(w, y, 0, a);
	for (c = 0; c < rc->n; c++) {
		if (columns[c].right)
			draw_str_right(w, y, rc->x[c] + rc->w[c], rc->w[c], cells[c], a, rc->ui->san);
		else
			draw_str(w, y, rc->x[c], rc->w[c], cells[c], a, rc->ui->san);
	}
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct redis_details *d = ui_has_data(ui) ? ui->data->details : NULL;
	struct row_ctx rc;
	size_t i, n = 0, workers = 0;
	int y = y0, k;

	if (d == NULL) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "reading CLIENT LIST...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	if (!d->clients_ok) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "CLIENT LIST is unavailable (renamed, or not allowed by the ACL)",
		    ui_attr(ui, EL_WARN), ui->san);
		return;
	}
	rc.rows = xcalloc(d->nclients + 1, sizeof *rc.rows);
	for (i = 0; i < d->nclients; i++)
		if (redis_details_is_worker(&d->clients[i]))
			rc.rows[n++] = &d->clients[i];
	workers = n;
	for (i = 0; i < d->nclients; i++)
		if (d->clients[i].blocked && !redis_details_is_worker(&d->clients[i]))
			rc.rows[n++] = &d->clients[i];
	draw_fmt(stdscr, y++, 1, cols - 2, ui_attr(ui, EL_TITLE), ui->san,
	    "WORKERS WAITING FOR WORK %zu \xc2\xb7 other blocked clients %zu \xc2\xb7 clients %zu", workers,
	    n - workers, d->nclients);
	draw_str(stdscr, y++, 1, cols - 2, "clients blocked in BRPOP, BLMOVE, BZPOPMAX... are idle workers",
	    ui_attr(ui, EL_DIM), ui->san);
	rc.ui = ui;
	rc.n = columns_layout(columns, NCOLS, cols - 2, rc.x, rc.w);
	for (k = 0; k < rc.n; k++)
		rc.x[k] += 1;
	columns_draw_titles(stdscr, y++, columns, rc.n, rc.x, rc.w, ui_attr(ui, EL_LABEL), ui->san);
	list_set_count(&ui->lists[V_WORKERS], n);
	list_draw(&ui->lists[V_WORKERS], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (n == 0)
		draw_str(stdscr, y, 1, cols - 2, "no client is waiting for work", ui_attr(ui, EL_WARN), ui->san);
	free(rc.rows);
}
