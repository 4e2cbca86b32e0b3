/* Screen 6, Workers: every ocrtop worker thread from the registry, on any
 * host (id, state, current task and for how long, done, failed, mean time,
 * last heartbeat), this console's own in-process workers (W, +, -), and
 * the platform's other workers: clients blocked in a queue-popping command
 * (from CLIENT LIST, marked unavailable when an ACL forbids it). */
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
static int key(struct ui *ui, int ch);
static void draw_ocrtop(void *arg, WINDOW *w, int y, size_t i, int selected);
static int is_ours(const struct client_entry *e);

static const struct key_help keys[] = {
	{ "W", "start / stop this console's in-process workers" },
	{ "+  -", "more / fewer threads" },
	{ "Enter", "open the selected worker's current task" },
	{ NULL, NULL }
};

const struct view_ops view_workers = {
	.name = "Workers",
	.draw = draw,
	.key = key,
	.request = request,
	.keys = keys,
};

static const struct column columns[] = {
	{ "worker", 20, 3, 0 },
	{ "state", 8, 0, 0 },
	{ "task", 14, 2, 0 },
	{ "for", 7, 0, 1 },
	{ "done", 7, 0, 1 },
	{ "failed", 6, 0, 1 },
	{ "mean", 7, 0, 1 },
	{ "seen", 5, 0, 1 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui		*ui;
	const struct model	*m;
	int			 x[NCOLS];
	int			 w[NCOLS];
	int			 n;
};

static void
request(struct ui *ui, struct collect_req *req)
{
	(void)ui;
	req->want_details = 1;
}

static int
key(struct ui *ui, int ch)
{
	const struct worker_info *w;

	if (ch != '\r' && ch != '\n' && ch != KEY_ENTER)
		return 0;
	if (!ui_has_data(ui) || ui->lists[V_WORKERS].sel >= ui->data->nworkers)
		return 1;
	w = &ui->data->workers[ui->lists[V_WORKERS].sel];
	if (w->task != NULL && *w->task != '\0')
		ui_open_task(ui, w->task, strlen(w->task));
	else
		ui_message(ui, "that worker is idle");
	return 1;
}

/* Connections of ocrtop workers are also blocked clients (BLMOVE while
 * idle); they are listed from the registry instead. */
static int
is_ours(const struct client_entry *e)
{
	return strncmp(e->name, "ocrtop-worker:", 14) == 0;
}

static void
draw_ocrtop(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct worker_info *wi = &rc->m->workers[i];
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	struct buf b = BUF_INIT;
	int64_t now = now_ms();
	int busy = wi->state != NULL && strcmp(wi->state, "busy") == 0;

	if (selected)
		draw_fill(w, y, 0, a);
	draw_str(w, y, rc->x[0], rc->w[0], wi->id != NULL ? wi->id : "?", a, ui->san);
	draw_str(w, y, rc->x[1], rc->w[1], wi->state != NULL ? wi->state : "?",
	    selected ? a : ui_attr(ui, busy ? EL_OK : EL_NORMAL), ui->san);
	if (rc->n > 2)
		draw_str(w, y, rc->x[2], rc->w[2], wi->task != NULL ? wi->task : "", a, ui->san);
	if (busy && wi->task_since_ms > 0)
		fmt_duration(&b, now - wi->task_since_ms);
	if (rc->n > 3)
		draw_str_right(w, y, rc->x[3] + rc->w[3], rc->w[3], buf_str(&b), a, ui->san);
	buf_clear(&b);
	fmt_count(&b, wi->done);
	if (rc->n > 4)
		draw_str_right(w, y, rc->x[4] + rc->w[4], rc->w[4], buf_str(&b), a, ui->san);
	buf_clear(&b);
	fmt_count(&b, wi->failed);
	if (rc->n > 5)
		draw_str_right(w, y, rc->x[5] + rc->w[5], rc->w[5], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (wi->done > 0)
		fmt_duration(&b, (int64_t)wi->mean_ms);
	if (rc->n > 6)
		draw_str_right(w, y, rc->x[6] + rc->w[6], rc->w[6], buf_str(&b), a, ui->san);
	buf_clear(&b);
	if (wi->seen_ms > 0)
		fmt_duration(&b, (now - wi->seen_ms) / 1000 * 1000);
	if (rc->n > 7)
		draw_str_right(w, y, rc->x[7] + rc->w[7], rc->w[7], buf_str(&b), a, ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct model *m = ui->data;
	const struct redis_details *d;
	struct worker_stats st;
	struct row_ctx rc;
	struct buf b = BUF_INIT;
	size_t i, others = 0, listed;
	int y = y0, half;

	if (!ui_has_data(ui)) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "waiting for Redis...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	d = m->details;
	/* This console's own workers. */
	ui_pool_stats(ui, &st);
	if (st.threads > 0 || ui->pool != NULL) {
		buf_printf(&b, "IN THIS CONSOLE %d thread%s, %d busy \xc2\xb7 done ", st.threads,
		    st.threads == 1 ? "" : "s", st.busy);
		fmt_count(&b, st.done);
		buf_adds(&b, " \xc2\xb7 failed ");
		fmt_count(&b, st.failed);
		if (st.done > 0) {
			buf_adds(&b, " \xc2\xb7 mean ");
			fmt_duration(&b, (int64_t)st.mean_ms);
		}
		if (st.error != NULL)
			buf_printf(&b, " \xc2\xb7 %s", st.error);
	} else
		buf_printf(&b, "IN THIS CONSOLE none: W starts %d worker thread%s", ui->pool_threads,
		    ui->pool_threads == 1 ? "" : "s");
	free(st.error);
	ui_title(ui, y++, 1, cols - 2, buf_str(&b));
	y++;

	/* Every ocrtop worker, from the registry. */
	buf_clear(&b);
	buf_printf(&b, "OCRTOP WORKERS %zu (registry %s)", m->nworkers, ui->ctx->keys.workers);
	ui_title(ui, y++, 1, cols - 2, buf_str(&b));
	rc.ui = ui;
	rc.m = m;
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	half = (y0 + rows - y) / 2;
	list_set_count(&ui->lists[V_WORKERS], m->nworkers);
	list_draw(&ui->lists[V_WORKERS], stdscr, y, half, draw_ocrtop, &rc);
	if (m->nworkers == 0)
		draw_str(stdscr, y, 1, cols - 2, "none running (ocrtop worker, or W here)", ui_attr(ui, EL_DIM), ui->san);
	y += half > 1 ? half : 1;

	/* The platform's other workers, as blocked clients. */
	if (d == NULL) {
		draw_str(stdscr, y, 1, cols - 2, "reading CLIENT LIST...", ui_attr(ui, EL_DIM), ui->san);
		buf_free(&b);
		return;
	}
	if (!d->clients_ok) {
		draw_str(stdscr, y, 1, cols - 2, "OTHER WORKERS: CLIENT LIST is unavailable (renamed, or not allowed by the ACL)",
		    ui_attr(ui, EL_WARN), ui->san);
		buf_free(&b);
		return;
	}
	for (i = 0; i < d->nclients; i++)
		others += redis_details_is_worker(&d->clients[i]) && !is_ours(&d->clients[i]);
	buf_clear(&b);
	buf_printf(&b, "OTHER WORKERS WAITING FOR WORK %zu (clients blocked in BRPOP, BLMOVE, BZPOPMAX...)", others);
	ui_title(ui, y++, 1, cols - 2, buf_str(&b));
	for (i = 0, listed = 0; i < d->nclients && y < y0 + rows; i++) {
		const struct client_entry *e = &d->clients[i];

		if (!redis_details_is_worker(e) || is_ours(e))
			continue;
		buf_clear(&b);
		buf_printf(&b, "id %s  %s  %s  %s  idle %ss", e->id, e->addr, *e->name != '\0' ? e->name : "(no name)",
		    e->cmd, e->idle);
		draw_str(stdscr, y++, 3, cols - 4, buf_str(&b), ui_attr(ui, EL_OK), ui->san);
		listed++;
	}
	if (others == 0)
		draw_str(stdscr, y, 3, cols - 4, "none", ui_attr(ui, EL_DIM), ui->san);
	buf_free(&b);
}
