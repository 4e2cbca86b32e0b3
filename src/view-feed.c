/* Screen 7, Feed: live notifications from PSUBSCRIBE ns:notifications*,
 * newest at the bottom: time, channel, type, task, user, status and the
 * decoded result. f toggles follow; / filters; Enter opens the task. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui.h"
#include "xmalloc.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static int key(struct ui *ui, int ch);
static size_t visible(struct ui *ui, size_t **out);
static void draw_row(void *arg, WINDOW *w, int y, size_t i, int selected);
static enum target_kind target(struct ui *ui, struct ui_target *t);

static const struct key_help keys[] = {
	{ "f", "follow the newest message on/off" },
	{ "Enter", "open the message's task" },
	{ NULL, NULL }
};

const struct view_ops view_feed = {
	.name = "Feed",
	.draw = draw,
	.key = key,
	.keys = keys,
	.target = target,
	.targets = TARGET_TASK,
};

static const struct column columns[] = {
	{ "time", 8, 0, 0 },
	{ "channel", 10, 1, 0 },
	{ "type", 14, 1, 0 },
	{ "task", 14, 2, 0 },
	{ "user", 10, 1, 0 },
	{ "status", 10, 0, 0 },
	{ "result", 16, 2, 0 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

struct row_ctx {
	struct ui	*ui;
	const size_t	*rows;
	size_t		 chan_skip;	/* bytes of the base channel name not shown */
	int		 x[NCOLS];
	int		 w[NCOLS];
	int		 n;
};

static size_t
visible(struct ui *ui, size_t **out)
{
	size_t i, n = 0;

	*out = xcalloc(ui->feed_n + 1, sizeof **out);
	for (i = 0; i < ui->feed_n; i++)
		if (ui->filter[V_FEED] == NULL || notify_matches(ui_feed_at(ui, i), ui->filter[V_FEED]))
			(*out)[n++] = i;
	return n;
}

static int
key(struct ui *ui, int ch)
{
	struct ui_target t;

	if (ch == 'f') {
		ui->feed_follow = !ui->feed_follow;
		ui_message(ui, ui->feed_follow ? "following new messages" : "not following");
		return 1;
	}
	if (ch != '\r' && ch != '\n' && ch != KEY_ENTER) {
		if (ch == KEY_UP || ch == 'k' || ch == KEY_PPAGE || ch == 'g')
			ui->feed_follow = 0;
		return 0;
	}
	memset(&t, 0, sizeof t);
	if (target(ui, &t) == TARGET_TASK)
		ui_open_task(ui, t.id, t.len);
	else
		ui_message(ui, "this message names no task");
	return 1;
}

/* The task the selected message names. */
static enum target_kind
target(struct ui *ui, struct ui_target *t)
{
	size_t *rows, n;

	n = visible(ui, &rows);
	if (ui->lists[V_FEED].sel < n) {
		const struct notify_msg *m = ui_feed_at(ui, rows[ui->lists[V_FEED].sel]);

		if (m->task_id != NULL) {
			t->kind = TARGET_TASK;
			t->id = m->task_id;
			t->len = strlen(m->task_id);
		}
	}
	free(rows);
	return t->kind;
}

static void
draw_row(void *arg, WINDOW *w, int y, size_t i, int selected)
{
	struct row_ctx *rc = arg;
	struct ui *ui = rc->ui;
	const struct notify_msg *m = ui_feed_at(ui, rc->rows[i]);
	attr_t a = ui_attr(ui, selected ? EL_SELECTED : EL_NORMAL);
	struct buf b = BUF_INIT;
	const char *chan = m->channel;
	int failed = m->type != NULL && strstr(m->type, "fail") != NULL;

	if (selected)
		draw_fill(w, y, 0, a);
	fmt_local_time(&b, m->received_ms);
	draw_str(w, y, rc->x[0], rc->w[0], buf_str(&b) + 11, a, ui->san);
	if (m->channel_len >= rc->chan_skip)
		chan = m->channel_len == rc->chan_skip ? "(all)" : m->channel + rc->chan_skip + 1;
	draw_str(w, y, rc->x[1], rc->w[1], chan, a, ui->san);
	if (!m->json) {
		draw_bytes(w, y, rc->x[2], ui->cols - rc->x[2] - 1, m->payload, m->payload_len,
		    selected ? a : ui_attr(ui, EL_DIM), ui->san);
		buf_free(&b);
		return;
	}
	draw_str(w, y, rc->x[2], rc->w[2], m->type != NULL ? m->type : "", selected ? a :
	    ui_attr(ui, failed ? EL_CRIT : EL_VALUE), ui->san);
	if (rc->n > 3)
		draw_str(w, y, rc->x[3], rc->w[3], m->task_id != NULL ? m->task_id : "", a, ui->san);
	if (rc->n > 4)
		draw_str(w, y, rc->x[4], rc->w[4], m->user_id != NULL ? m->user_id : "", a, ui->san);
	if (rc->n > 5)
		draw_str(w, y, rc->x[5], rc->w[5], m->status != NULL ? m->status : "", a, ui->san);
	buf_clear(&b);
	if (!isnan(m->confidence))
		buf_printf(&b, "conf %.2f ", m->confidence);
	if (m->word_count >= 0)
		buf_printf(&b, "%lld words ", m->word_count);
	if (m->error != NULL)
		buf_adds(&b, m->error);
	if (rc->n > 6)
		draw_str(w, y, rc->x[6], rc->w[6], buf_str(&b), a, ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	struct row_ctx rc;
	size_t *vis, n;
	int y = y0;

	n = visible(ui, &vis);
	draw_fmt(stdscr, y++, 1, cols - 2, ui_attr(ui, EL_TITLE), ui->san, "FEED %s* \xc2\xb7 %zu messages%s%s%s",
	    ui->ctx->keys.channel, n, ui->feed_follow ? " \xc2\xb7 following" : " \xc2\xb7 not following (f)",
	    ui->filter[V_FEED] != NULL ? " \xc2\xb7 filter: " : "", ui->filter[V_FEED] != NULL ? ui->filter[V_FEED] : "");
	if (!ui->feed_connected)
		draw_fmt(stdscr, y++, 1, cols - 2, ui_attr(ui, EL_WARN), ui->san, "not subscribed: %s",
		    ui->feed_error != NULL ? ui->feed_error : "connecting");
	rc.ui = ui;
	rc.rows = vis;
	rc.chan_skip = strlen(ui->ctx->keys.channel);
	rc.n = ui_columns(ui, y++, cols, columns, NCOLS, rc.x, rc.w);
	list_set_count(&ui->lists[V_FEED], n);
	if (ui->feed_follow && n > 0)
		ui->lists[V_FEED].sel = n - 1;
	list_draw(&ui->lists[V_FEED], stdscr, y, y0 + rows - y, draw_row, &rc);
	if (n == 0)
		draw_str(stdscr, y, 1, cols - 2, "no notifications yet", ui_attr(ui, EL_DIM), ui->san);
	free(vis);
}
