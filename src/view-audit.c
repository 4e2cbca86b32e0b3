/* Screen 9, Audit: the newest entries of the audit trail (ns:audit), read
 * while the screen is shown: when, who (sudo, ssh address), what, how it
 * was asked, the outcome and the counts. The filter matches any text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static void request(struct ui *ui, struct collect_req *req);
static int matches(const struct audit_row *r, const char *filter);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);

const struct view_ops view_audit = {
	.name = "Audit",
	.draw = draw,
	.request = request,
	.keys = NULL,
};

static const struct column columns[] = {
	{ "when", 8, 0, 0 },
	{ "who", 12, 1, 0 },
	{ "action", 11, 0, 0 },
	{ "asked", 12, 2, 0 },
	{ "outcome", 16, 3, 0 },
	{ "done", 9, 0, 1 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui	*ui;
	const size_t	*rows;
	int		 x[NCOLS];
	int		 w[NCOLS];
	int		 n;
};

static void
request(struct ui *ui, struct collect_req *req)
{
	(void)ui;
	req->want_audit = 1;
}

static int
matches(const struct audit_row *r, const char *filter)
{
	return filter == NULL || strstr(r->user, filter) != NULL || strstr(r->action, filter) != NULL ||
	    strstr(r->args, filter) != NULL || strstr(r->targets, filter) != NULL ||
	    strstr(r->outcome, filter) != NULL || strstr(r->ssh, filter) != NULL;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct audit_row *r = &ui->data->audit[rc->rows[i]];
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	int refused = strncmp(r->outcome, "refused", 7) == 0 || strncmp(r->outcome, "error", 5) == 0;
	struct buf b = BUF_INIT;

	if (selected)
		draw_fill(w, y, 0, a);
	if (r->ts_ms > 0) {
		fmt_local_time(&b, r->ts_ms);
		draw_str(w, y, rc->x[0], rc->w[0], b.len > 11 ? buf_str(&b) + 11 : buf_str(&b), a, ui->san);
	}
	buf_clear(&b);
	buf_adds(&b, r->user);
	if (*r->sudo_user != '\0')
		buf_printf(&b, " (sudo %s)", r->sudo_user);
	if (*r->ssh != '\0')
		buf_printf(&b, " %s", r->ssh);
	draw_str(w, y, rc->x[1], rc->w[1], buf_str(&b), a, ui->san);
	draw_str(w, y, rc->x[2], rc->w[2], r->action, selected ? a : ui_attr(ui, EL_VALUE), ui->san);
	if (rc->n > 3)
		draw_str(w, y, rc->x[3], rc->w[3], r->args, a, ui->san);
	if (rc->n > 4)
		draw_str(w, y, rc->x[4], rc->w[4], r->outcome, selected ? a : ui_attr(ui, refused ? EL_WARN : EL_NORMAL),
		    ui->san);
	buf_clear(&b);
	buf_printf(&b, "%s/%s", r->count, r->matched);
	if (rc->n > 5)
		draw_str_right(w, y, rc->x[5] + rc->w[5], rc->w[5], buf_str(&b), a, ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	struct row_ctx rc;
	size_t *vis, n = 0;
	long i;
	int y = y0;

	if (!ui_has_data(ui)) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "waiting for Redis...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	vis = xcalloc((size_t)ui->data->naudit + 1, sizeof *vis);
	for (i = 0; i < ui->data->naudit; i++)
		if (matches(&ui->data->audit[i], ui->filter[V_AUDIT]))
			vis[n++] = (size_t)i;
	draw_fmt(stdscr, y++, 1, cols - 2, ui_attr(ui, EL_TITLE), ui->san, "AUDIT %s \xc2\xb7 %zu entries, newest first%s%s",
	    ui->ctx->keys.audit, n, ui->filter[V_AUDIT] != NULL ? " \xc2\xb7 filter: " : "",
	    ui->filter[V_AUDIT] != NULL ? ui->filter[V_AUDIT] : "");
	rc.ui = ui;
	rc.rows = vis;
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	list_set_count(&ui->lists[V_AUDIT], n);
	list_draw(&ui->lists[V_AUDIT], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (n == 0)
		draw_str(stdscr, y, 1, cols - 2, "no audit entries", ui_attr(ui, EL_DIM), ui->san);
	free(vis);
}
