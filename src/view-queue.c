/* Screen 2, Queue: the priority set (highest score first) above the FIFO
 * list (next to run first), each paged from Redis as the selection moves:
 * task id, priority, user, file, age, attempts. Left/Right switch pane. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "ui.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static int key(struct ui *ui, int ch);
static void request(struct ui *ui, struct collect_req *req);
static void pane(struct ui *ui, int which, int y, int rows, int cols);
static long pane_total(const struct ui *ui, int which);
static enum target_kind target(struct ui *ui, struct ui_target *t);

static const struct key_help keys[] = {
	{ "Left Right  h l", "switch between the priority set and the FIFO" },
	{ "Enter", "open the selected task" },
	{ NULL, NULL }
};

const struct view_ops view_queue = {
	.name = "Queue",
	.draw = draw,
	.key = key,
	.request = request,
	.keys = keys,
	.target = target,
	.targets = TARGET_TASK,
};

static const struct column columns[] = {
	{ "#", 6, 0, 1 },
	{ "task", 20, 4, 0 },
	{ "prio", 5, 0, 1 },
	{ "user", 12, 2, 0 },
	{ "file", 12, 2, 0 },
	{ "age", 8, 0, 1 },
	{ "tries", 5, 0, 1 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

static long
pane_total(const struct ui *ui, int which)
{
	long long n;

	if (!ui_has_data(ui))
		return 0;
	n = which == 0 ? ui->data->snap.queue.priority_depth : ui->data->snap.queue.depth;
	return n == NUM_UNKNOWN ? 0 : (long)n;
}

static void
request(struct ui *ui, struct collect_req *req)
{
	req->want_pages = 1;
	req->prio_offset = ui->queue_off[0];
	req->fifo_offset = ui->queue_off[1];
	req->page_rows = ui->queue_rows;
}

/* The selected row of the focused pane, when its page is on hand. */
static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	int p = ui->queue_pane;
	long sel = ui->queue_sel[p];
	const struct queue_page *pg;

	if (!ui_has_data(ui) || !ui->data->has_pages)
		return TARGET_NONE;
	pg = p == 0 ? &ui->data->prio : &ui->data->fifo;
	if (sel < pg->offset || sel >= pg->offset + (long)pg->n)
		return TARGET_NONE;
	t->kind = TARGET_TASK;
	t->id = pg->rows[sel - pg->offset].id;
	t->len = pg->rows[sel - pg->offset].idlen;
	return t->kind;
}

static int
key(struct ui *ui, int ch)
{
	int p = ui->queue_pane;
	long total = pane_total(ui, p), page = ui->queue_rows > 1 ? ui->queue_rows - 1 : 1;
	long *sel = &ui->queue_sel[p], before = ui->queue_off[p];
	struct ui_target t;

	switch (ch) {
	case KEY_LEFT:
	case KEY_RIGHT:
	case 'h':
	case 'l':
		ui->queue_pane = !p;
		return 1;
	case KEY_UP:
	case 'k':
		*sel -= *sel > 0;
		break;
	case KEY_DOWN:
	case 'j':
		*sel += *sel + 1 < total;
		break;
	case KEY_PPAGE:
		*sel = *sel > page ? *sel - page : 0;
		break;
	case KEY_NPAGE:
		*sel = *sel + page < total ? *sel + page : total > 0 ? total - 1 : 0;
		break;
	case KEY_HOME:
	case 'g':
		*sel = 0;
		break;
	case KEY_END:
	case 'G':
		*sel = total > 0 ? total - 1 : 0;
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (target(ui, &t) == TARGET_TASK)
			ui_open_task(ui, t.id, t.len);
		return 1;
	default:
		return 0;
	}
	/* Keep the selection on the page; fetch another page when it leaves. */
	if (*sel < ui->queue_off[p])
		ui->queue_off[p] = *sel;
	else if (*sel >= ui->queue_off[p] + ui->queue_rows)
		ui->queue_off[p] = *sel - ui->queue_rows + 1;
	if (ui->queue_off[p] != before)
		ui_request(ui);
	return 1;
}

static void
pane(struct ui *ui, int which, int y, int rows, int cols)
{
	const struct model *m = ui->data;
	const struct queue_page *pg = which == 0 ? &m->prio : &m->fifo;
	int x[NCOLS], w[NCOLS], n, r;
	long total = pane_total(ui, which);
	struct buf b = BUF_INIT;
	int focus = ui->queue_pane == which;

	fmt_count(&b, total);
	draw_fmt(stdscr, y, 1, cols - 2, ui_attr(ui, focus ? EL_TITLE : EL_LABEL), ui->san, "%s %s  %s",
	    which == 0 ? "PRIORITY SET" : "FIFO LIST", buf_str(&b),
	    which == 0 ? "(highest score first)" : "(next to run first)");
	n = ui_columns(ui, y + 1, cols, columns, NCOLS, x, w);
	if (!m->has_pages || pg->offset != ui->queue_off[which]) {
		draw_str(stdscr, y + 2, 1, cols - 2, total > 0 ? "loading..." : "empty", ui_attr(ui, EL_DIM), ui->san);
		buf_free(&b);
		return;
	}
	if (pg->n == 0)
		draw_str(stdscr, y + 2, 1, cols - 2, "empty", ui_attr(ui, EL_DIM), ui->san);
	for (r = 0; r < (int)pg->n && r < rows - 2; r++) {
		const struct queue_row *row = &pg->rows[r];
		long idx = pg->offset + r;
		int sel = focus && idx == ui->queue_sel[which];
		attr_t a = ui_attr(ui, sel ? EL_SELECTED : EL_NORMAL);
		int yy = y + 2 + r;

		if (sel)
			draw_fill(stdscr, yy, 0, a);
		if (ui_marked(ui, row->id, row->idlen))
			draw_str(stdscr, yy, 0, 1, "*", sel ? a : ui_attr(ui, EL_WARN), ui->san);
		buf_clear(&b);
		fmt_count(&b, idx + 1);
		draw_str_right(stdscr, yy, x[0] + w[0], w[0], buf_str(&b), a, ui->san);
		draw_bytes(stdscr, yy, x[1], w[1], row->id, row->idlen, a, ui->san);
		buf_clear(&b);
		if (!isnan(row->score))
			buf_printf(&b, "%g", row->score);
		else if (row->priority != NULL)
			buf_adds(&b, row->priority);
		if (n > 2)
			draw_str_right(stdscr, yy, x[2] + w[2], w[2], buf_str(&b), a, ui->san);
		if (!row->has_data) {
			if (n > 3)
				draw_str(stdscr, yy, x[3], cols - x[3] - 1, "(no task data)",
				    sel ? a : ui_attr(ui, EL_WARN), ui->san);
			continue;
		}
		if (n > 3)
			draw_str(stdscr, yy, x[3], w[3], row->user != NULL ? row->user : "", a, ui->san);
		if (n > 4)
			draw_str(stdscr, yy, x[4], w[4], row->file != NULL ? row->file : "", a, ui->san);
		buf_clear(&b);
		if (row->created_ms > 0)
			fmt_duration(&b, now_ms() - row->created_ms);
		if (n > 5)
			draw_str_right(stdscr, yy, x[5] + w[5], w[5], buf_str(&b), a, ui->san);
		buf_clear(&b);
		if (row->attempts != NUM_UNKNOWN)
			buf_printf(&b, "%lld", row->attempts);
		if (n > 6)
			draw_str_right(stdscr, yy, x[6] + w[6], w[6], buf_str(&b), a, ui->san);
	}
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	int half = rows / 2, want = half - 2;

	if (want != ui->queue_rows && want > 0) {
		ui->queue_rows = want;
		ui_request(ui);
	}
	if (!ui_has_data(ui)) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "waiting for Redis...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	pane(ui, 0, y0, half, cols);
	pane(ui, 1, y0 + half, rows - half, cols);
}
