/* Screen 5, Stats: the counters with their rates, and 30 days of daily
 * statistics as a table with a bar per day (completed, failed, failure
 * rate, average processing time). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "timefmt.h"
#include "ui.h"

static void draw(struct ui *ui, int y0, int rows, int cols);

const struct view_ops view_stats = {
	.name = "Stats",
	.draw = draw,
	.keys = NULL,
};

static void
draw(struct ui *ui, int y0, int rows, int cols)
{
	static const char *const names[CNT_COUNT] = { "total", "completed", "failed" };
	const struct model *m = ui->data;
	const struct snapshot *s;
	struct buf b = BUF_INIT;
	long long max = 0;
	size_t i, first;
	int y = y0, x, k, barw;

	if (!ui_has_data(ui)) {
		draw_str(stdscr, y0 + 1, 2, cols - 4, "waiting for Redis...", ui_attr(ui, EL_DIM), ui->san);
		return;
	}
	s = &m->snap;
	ui_title(ui, y++, 1, cols - 2, "COUNTERS");
	x = 1;
	for (k = 0; k < CNT_COUNT; k++) {
		double rate = k == CNT_COMPLETED ? m->completed_per_min : k == CNT_FAILED ? m->failed_per_min : NAN;

		buf_clear(&b);
		if (s->counters[k] == NUM_UNKNOWN)
			buf_adds(&b, "-");
		else
			fmt_count(&b, s->counters[k]);
		if (!isnan(rate))
			buf_printf(&b, " (%+.0f/min)", rate);
		x += draw_str(stdscr, y, x, 12, names[k], ui_attr(ui, EL_LABEL), ui->san) + 1;
		x += draw_str(stdscr, y, x, 24, buf_str(&b), ui_attr(ui, EL_VALUE), ui->san) + 3;
	}
	y += 2;
	ui_title(ui, y++, 1, cols - 2, "DAILY (UTC)");
	draw_str(stdscr, y++, 1, cols - 2, "date          completed    failed   fail%   avg time",
	    ui_attr(ui, EL_LABEL), ui->san);
	for (i = 0; i < s->ndays; i++)
		if (s->days[i].completed != NUM_UNKNOWN && s->days[i].completed > max)
			max = s->days[i].completed;
	barw = cols - 58;
	list_set_count(&ui->lists[V_STATS], s->ndays);
	first = ui->lists[V_STATS].sel;
	if (first + (size_t)(y0 + rows - y) > s->ndays)
		first = s->ndays > (size_t)(y0 + rows - y) ? s->ndays - (size_t)(y0 + rows - y) : 0;
	for (i = first; i < s->ndays && y < y0 + rows; i++, y++) {
		const struct daily_stat *d = &s->days[i];
		long long c = d->completed == NUM_UNKNOWN ? 0 : d->completed;
		long long f = d->failed == NUM_UNKNOWN ? 0 : d->failed;

		draw_str(stdscr, y, 1, 10, d->date, ui_attr(ui, EL_NORMAL), ui->san);
		buf_clear(&b);
		if (d->completed == NUM_UNKNOWN && d->failed == NUM_UNKNOWN) {
			draw_str(stdscr, y, 14, 20, "no stats", ui_attr(ui, EL_DIM), ui->san);
			continue;
		}
		fmt_count(&b, c);
		draw_str_right(stdscr, y, 24, 10, buf_str(&b), ui_attr(ui, EL_VALUE), ui->san);
		buf_clear(&b);
		fmt_count(&b, f);
		draw_str_right(stdscr, y, 34, 9, buf_str(&b), ui_attr(ui, f > 0 ? EL_WARN : EL_NORMAL), ui->san);
		buf_clear(&b);
		if (c + f > 0)
			buf_printf(&b, "%.1f%%", 100.0 * (double)f / (double)(c + f));
		draw_str_right(stdscr, y, 42, 7, buf_str(&b), ui_attr(ui, EL_NORMAL), ui->san);
		buf_clear(&b);
		if (!isnan(d->avg_ms))
			fmt_duration(&b, (int64_t)d->avg_ms);
		draw_str_right(stdscr, y, 53, 10, buf_str(&b), ui_attr(ui, EL_NORMAL), ui->san);
		if (barw > 4)
			draw_bar(stdscr, y, 56, barw, max > 0 ? (double)c / (double)max : 0, ui_attr(ui, EL_BAR),
			    ui_attr(ui, EL_BAR_EMPTY), ui->san);
	}
	buf_free(&b);
}
