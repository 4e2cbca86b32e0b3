/* Screen 1, Overview: the queue and its trend, priorities, tasks,
 * sessions, today against the last 14 days, workers, alerts and the
 * newest notifications, in two columns. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "sanitize.h"
#include "timefmt.h"
#include "ui.h"

static void draw(struct ui *ui, int y0, int rows, int cols);
static void left_column(struct ui *ui, const struct model *m, int y, int x, int w, int maxy);
static void right_column(struct ui *ui, const struct model *m, int y, int x, int w, int maxy);
static void notifications(struct ui *ui, int y, int rows, int cols);
static int pair(struct ui *ui, int y, int x, int w, const char *label, const char *value, enum element e);
static void priority_chart(struct ui *ui, const struct queue_state *q, int y, int x, int h);
static void count_str(struct buf *b, long long n);

const struct view_ops view_overview = {
	.name = "Overview",
	.draw = draw,
	.keys = NULL,
};

static void
count_str(struct buf *b, long long n)
{
	buf_clear(b);
	if (n == NUM_UNKNOWN)
		buf_adds(b, "?");
	else
		fmt_count(b, n);
}

/* Draws "label value" and returns the columns used. */
static int
pair(struct ui *ui, int y, int x, int w, const char *label, const char *value, enum element e)
{
	int n = draw_str(stdscr, y, x, w, label, ui_attr(ui, EL_LABEL), ui->san);

	if (n < w)
		n += draw_str(stdscr, y, x + n, w - n, " ", 0, ui->san);
	return n + draw_str(stdscr, y, x + n, w - n, value, ui_attr(ui, e), ui->san);
}

/* Eleven columns of bars for scores 0..10, h rows tall plus a label row. */
static void
priority_chart(struct ui *ui, const struct queue_state *q, int y, int x, int h)
{
	static const char *const eighths[9] = { " ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
	    "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	long long max = 0;
	int k, r;

	for (k = 0; k < PRIORITY_BUCKETS; k++)
		if (q->by_score[k] != NUM_UNKNOWN && q->by_score[k] > max)
			max = q->by_score[k];
	for (k = 0; k < PRIORITY_BUCKETS; k++) {
		long long v = q->by_score[k] == NUM_UNKNOWN ? 0 : q->by_score[k];
		int units = max > 0 ? (int)((double)v * h * 8 / (double)max + 0.5) : 0;
		attr_t a = ui_attr(ui, k >= 8 ? EL_WARN : EL_BAR);

		if (v > 0 && units == 0)
			units = 1;
		for (r = 0; r < h; r++) {
			int level = units - (h - 1 - r) * 8;

			level = level < 0 ? 0 : level > 8 ? 8 : level;
			if (ui->san & SAN_ASCII)
				draw_str(stdscr, y + r, x + k * 3, 2, level >= 4 ? "##" : "  ", a, ui->san);
			else {
				draw_str(stdscr, y + r, x + k * 3, 1, eighths[level], a, ui->san);
				draw_str(stdscr, y + r, x + k * 3 + 1, 1, eighths[level], a, ui->san);
			}
		}
		draw_fmt(stdscr, y + h, x + k * 3, 3, ui_attr(ui, EL_LABEL), ui->san, "%-2d", k);
	}
}

static void
left_column(struct ui *ui, const struct model *m, int y, int x, int w, int maxy)
{
	const struct queue_state *q = &m->snap.queue;
	const struct census_result *c = m->census != NULL ? &m->census->res : NULL;
	enum element val = EL_VALUE;
	struct buf b = BUF_INIT;
	int spark;

	ui_title(ui, y++, x, w, "QUEUE");
	count_str(&b, q->depth);
	pair(ui, y, x, 22, "FIFO    ", buf_str(&b), val);
	spark = w - 24;
	if (spark > 4)
		draw_sparkline(stdscr, y, x + 24, spark, m->depth_hist, m->nhist, ui_attr(ui, EL_SPARK), ui->san);
	y++;
	count_str(&b, q->priority_depth);
	pair(ui, y, x, 22, "priority", buf_str(&b), val);
	buf_clear(&b);
	if (!isnan(m->depth_per_min))
		buf_printf(&b, "%+.0f/min", m->depth_per_min);
	draw_str(stdscr, y++, x + 24, w - 24, buf_str(&b),
	    ui_attr(ui, m->depth_per_min > 0 ? EL_WARN : EL_OK), ui->san);
	buf_clear(&b);
	if (q->oldest_age_ms >= 0)
		fmt_duration(&b, q->oldest_age_ms);
	else
		buf_adds(&b, "-");
	pair(ui, y, x, 22, "oldest  ", buf_str(&b), q->oldest_age_ms > 300000 ? EL_WARN : EL_VALUE);
	buf_clear(&b);
	if (!isnan(m->completed_per_min) && m->completed_per_min > 0 && q->depth != NUM_UNKNOWN) {
		long long queued = q->depth + (q->priority_depth != NUM_UNKNOWN ? q->priority_depth : 0);

		buf_adds(&b, "ETA ");
		fmt_duration(&b, (int64_t)((double)queued / m->completed_per_min * 60000.0));
	} else if (q->depth != NUM_UNKNOWN && q->depth > 0)
		buf_adds(&b, "ETA -");
	draw_str(stdscr, y++, x + 24, w - 24, buf_str(&b), ui_attr(ui, EL_LABEL), ui->san);
	y++;
	if (y + 6 < maxy) {
		ui_title(ui, y++, x, w, "PRIORITY 0-10");
		priority_chart(ui, q, y, x, 3);
		y += 5;
	}
	if (y + 3 < maxy) {
		ui_title(ui, y++, x, w, "TASKS");
		if (c == NULL) {
			draw_fmt(stdscr, y++, x, w, ui_attr(ui, EL_DIM), ui->san, "census %.0f%%...",
			    m->census_progress * 100);
		} else {
			int st;

			for (st = 0; st < TS_COUNT; st++) {
				int cw = st % 2 == 0 ? 0 : w / 2;

				count_str(&b, c->by_status[st]);
				pair(ui, y, x + cw, w / 2, census_status_name((enum task_status)st), buf_str(&b),
				    st == TS_FAILED && c->by_status[st] > 0 ? EL_CRIT : EL_VALUE);
				if (st % 2 == 1 || st == TS_COUNT - 1)
					y++;
			}
			count_str(&b, c->stuck);
			if (y < maxy)
				pair(ui, y - (TS_COUNT % 2 == 1 ? 1 : 0), x + w / 2, w / 2, "stuck", buf_str(&b),
				    c->stuck > 0 ? EL_WARN : EL_VALUE);
		}
	}
	buf_free(&b);
}

static void
right_column(struct ui *ui, const struct model *m, int y, int x, int w, int maxy)
{
	const struct census_result *c = m->census != NULL ? &m->census->res : NULL;
	const struct snapshot *s = &m->snap;
	struct buf b = BUF_INIT;
	long long comp[14], fail[14];
	size_t i, nd = s->ndays < 14 ? s->ndays : 14;
	int blocked = 0, n;

	ui_title(ui, y++, x, w, "SESSIONS");
	if (c != NULL) {
		count_str(&b, c->sessions);
		n = pair(ui, y, x, w, "sessions", buf_str(&b), EL_VALUE);
		count_str(&b, (long long)c->users.n);
		n += pair(ui, y, x + n + 2, w - n - 2, "users", buf_str(&b), EL_VALUE) + 2;
		count_str(&b, c->idle);
		pair(ui, y++, x + n + 2, w - n - 2, "idle", buf_str(&b), EL_VALUE);
		count_str(&b, c->malformed);
		pair(ui, y++, x, w, "malformed", buf_str(&b), c->malformed > 0 ? EL_WARN : EL_VALUE);
	} else {
		draw_str(stdscr, y, x, w, "census running...", ui_attr(ui, EL_DIM), ui->san);
		y += 2;
	}
	y++;
	ui_title(ui, y++, x, w, "TODAY (UTC)");
	if (nd > 0) {
		const struct daily_stat *d = &s->days[0];

		count_str(&b, d->completed == NUM_UNKNOWN ? 0 : d->completed);
		n = pair(ui, y, x, w, "completed", buf_str(&b), EL_VALUE);
		count_str(&b, d->failed == NUM_UNKNOWN ? 0 : d->failed);
		n += pair(ui, y, x + n + 2, w - n - 2, "failed", buf_str(&b), d->failed > 0 ? EL_WARN : EL_VALUE) + 2;
		buf_clear(&b);
		if (isnan(d->avg_ms))
			buf_adds(&b, "-");
		else
			fmt_duration(&b, (int64_t)d->avg_ms);
		pair(ui, y++, x + n + 2, w - n - 2, "avg", buf_str(&b), EL_VALUE);
		for (i = 0; i < nd; i++) {
			comp[i] = s->days[nd - 1 - i].completed;
			fail[i] = s->days[nd - 1 - i].failed;
		}
		draw_str(stdscr, y, x, 10, "14 days", ui_attr(ui, EL_LABEL), ui->san);
		draw_sparkline(stdscr, y, x + 10, 14, comp, nd, ui_attr(ui, EL_SPARK), ui->san);
		draw_str(stdscr, y++, x + 26, w - 26, "completed", ui_attr(ui, EL_DIM), ui->san);
		draw_sparkline(stdscr, y, x + 10, 14, fail, nd, ui_attr(ui, EL_WARN), ui->san);
		draw_str(stdscr, y++, x + 26, w - 26, "failed", ui_attr(ui, EL_DIM), ui->san);
	}
	y++;
	if (y + 2 < maxy) {
		struct worker_stats st;
		size_t busy = 0, k;

		ui_title(ui, y++, x, w, "WORKERS");
		if (s->redis.blocked != NUM_UNKNOWN)
			blocked = (int)s->redis.blocked;
		for (k = 0; k < m->nworkers; k++)
			busy += m->workers[k].state != NULL && strcmp(m->workers[k].state, "busy") == 0;
		ui_pool_stats(ui, &st);
		free(st.error);
		draw_fmt(stdscr, y++, x, w, ui_attr(ui, m->nworkers + (size_t)blocked > 0 ? EL_OK : EL_WARN), ui->san,
		    "ocrtop %zu (%zu busy)%s \xc2\xb7 %d blocked clients", m->nworkers, busy,
		    st.threads > 0 ? ", here" : "", blocked);
		if (st.threads > 0)
			draw_fmt(stdscr, y++, x, w, ui_attr(ui, EL_DIM), ui->san, "here: %d thread%s, %lld done, %lld failed",
			    st.threads, st.threads == 1 ? "" : "s", st.done, st.failed);
		y++;
	}
	if (y + 1 < maxy) {
		ui_title(ui, y++, x, w, "ALERTS");
		if (s->nalerts == 0)
			draw_str(stdscr, y++, x, w, "none", ui_attr(ui, EL_OK), ui->san);
		for (i = 0; i < s->nalerts && y < maxy; i++) {
			const struct alert *a = &s->alerts[i];

			if (y == maxy - 1 && i + 1 < s->nalerts) {
				draw_fmt(stdscr, y++, x, w, ui_attr(ui, EL_DIM), ui->san, "+%zu more (ocrtop status)",
				    s->nalerts - i);
				break;
			}
			draw_str(stdscr, y, x, 2, "!", ui_attr(ui, a->sev == SEV_CRITICAL ? EL_CRIT : EL_WARN), ui->san);
			draw_str(stdscr, y++, x + 2, w - 2, a->message,
			    ui_attr(ui, a->sev == SEV_CRITICAL ? EL_CRIT : EL_WARN), ui->san);
		}
	}
	buf_free(&b);
}

static void
notifications(struct ui *ui, int y, int rows, int cols)
{
	size_t i, shown = 0, want = rows > 1 ? (size_t)rows - 1 : 0;
	struct buf b = BUF_INIT;

	ui_title(ui, y, 1, cols - 2, ui->feed_connected ? "NOTIFICATIONS" : "NOTIFICATIONS (not subscribed)");
	for (i = ui->feed_n; i > 0 && shown < want; i--, shown++) {
		const struct notify_msg *nm = ui_feed_at(ui, i - 1), *older = i > 1 ? ui_feed_at(ui, i - 2) : NULL;
		int x = 1;

		/* One message published on the global, the user's and the task's
		 * channel shows once here (the Feed screen shows each). */
		if (older != NULL && older->payload_len == nm->payload_len &&
		    memcmp(older->payload, nm->payload, nm->payload_len) == 0) {
			shown--;
			continue;
		}
		buf_clear(&b);
		fmt_local_time(&b, nm->received_ms);
		x += draw_str(stdscr, y + 1 + (int)shown, x, 9, buf_str(&b) + 11, ui_attr(ui, EL_DIM), ui->san) + 1;
		x += draw_str(stdscr, y + 1 + (int)shown, x, 18, nm->type != NULL ? nm->type : "(not JSON)",
		    ui_attr(ui, EL_VALUE), ui->san) + 1;
		if (x < 30)
			x = 30;
		x += draw_str(stdscr, y + 1 + (int)shown, x, 24, nm->task_id != NULL ? nm->task_id : "",
		    ui_attr(ui, EL_NORMAL), ui->san) + 1;
		x += draw_str(stdscr, y + 1 + (int)shown, x, 16, nm->user_id != NULL ? nm->user_id : "",
		    ui_attr(ui, EL_LABEL), ui->san) + 1;
		draw_str(stdscr, y + 1 + (int)shown, x, cols - x - 1, nm->json ? (nm->status != NULL ? nm->status : "") :
		    nm->payload, ui_attr(ui, EL_NORMAL), ui->san);
	}
	if (ui->feed_n == 0)
		draw_str(stdscr, y + 1, 1, cols - 2, "none yet", ui_attr(ui, EL_DIM), ui->san);
	buf_free(&b);
}

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	const struct model *m = ui->data;
	int half = cols / 2, feed_rows = rows >= 24 ? rows / 4 : 4, maxy = y0 + rows - feed_rows;

	if (!ui_has_data(ui)) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, ui->connected ? "reading Redis..." : "waiting for Redis...",
		    ui_attr(ui, EL_DIM), ui->san);
		notifications(ui, maxy, feed_rows, cols);
		return;
	}
	left_column(ui, m, y0, 1, half - 2, maxy);
	right_column(ui, m, y0, half + 1, cols - half - 2, maxy);
	notifications(ui, maxy, feed_rows, cols);
}
