/* The frame around the screens. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "prompt.h"
#include "sanitize.h"
#include "timefmt.h"
#include "ui-actions.h"
#include "ui-frame.h"

static const struct key_help global_keys[] = {
	{ "1-9  Tab  S-Tab", "switch screen" },
	{ "Up Down  j k", "move" },
	{ "PgUp PgDn  g G", "page, first, last" },
	{ "Enter", "open the selected task or user" },
	{ "Esc  Backspace", "back, or clear the filter" },
	{ "/", "filter the list" },
	{ ":", "command prompt (Tab completes)" },
	{ "c", "start a fresh census now" },
	{ "W", "start / stop in-process OCR workers" },
	{ "+  -", "more / fewer in-process worker threads" },
	{ "p", "pause / resume the numbers" },
	{ "?", "this help" },
	{ "q", "quit" },
	{ NULL, NULL }
};

static void header(struct ui *ui);
static void tabs(struct ui *ui);
static int banner(struct ui *ui, int y);
static void footer(struct ui *ui);
static size_t help_add(const struct key_help **out, size_t n, const struct key_help *t);
static void help_overlay(struct ui *ui, const struct view_ops *view);
static void too_small(struct ui *ui);
static int stale(const struct ui *ui);

/* The numbers on screen are old: disconnected, or no word for a while. */
static int
stale(const struct ui *ui)
{
	return !ui->connected || (ui->data != NULL &&
	    mono_ms() - ui->data->made_mono > 3 * ui->opts.interval_ms + 2000);
}

static void
header(struct ui *ui)
{
	attr_t h = ui_attr(ui, EL_HEADER);
	const struct redis_health *rh = ui_has_data(ui) ? &ui->data->snap.redis : NULL;
	struct buf b = BUF_INIT;
	char clock[16];
	int x, right;
	time_t t = time(NULL);
	struct tm tm;

	draw_fill(stdscr, 0, 0, h);
	localtime_r(&t, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	right = ui->cols - 1 - (int)strlen(clock);
	draw_str(stdscr, 0, right, (int)strlen(clock), clock, h, ui->san);
	if (ui->ctx->read_only) {
		right -= 12;
		draw_str(stdscr, 0, right, 11, " READ-ONLY ", ui_attr(ui, EL_READONLY), ui->san);
	}
	if (ui->paused) {
		right -= 8;
		draw_str(stdscr, 0, right, 7, "PAUSED", ui_attr(ui, EL_WARN) | A_REVERSE, ui->san);
	}
	buf_printf(&b, " ocrtop%s%s%s \xc2\xb7 ", ui->opts.demo ? " demo" : "", ui->opts.profile != NULL ? " \xc2\xb7 " : "",
	    ui->opts.profile != NULL ? ui->opts.profile : "");
	x = draw_str(stdscr, 0, 0, right - 1, buf_str(&b), h | A_BOLD, ui->san);
	x += draw_str(stdscr, 0, x, right - 1 - x, ui->endpoint, h, ui->san);
	buf_clear(&b);
	if (rh != NULL && rh->available) {
		buf_adds(&b, " \xc2\xb7 Redis ");
		sanitize_append(&b, rh->version, strlen(rh->version), 16, ui->san);
		buf_addc(&b, ' ');
		sanitize_append(&b, rh->role, strlen(rh->role), 10, ui->san);
		if (rh->uptime_s != NUM_UNKNOWN) {
			buf_adds(&b, " \xc2\xb7 up ");
			fmt_duration(&b, rh->uptime_s * 1000);
		}
	}
	draw_str(stdscr, 0, x, right - 1 - x, buf_str(&b), h, ui->san);

	/* Row 1: memory, ops, clients, hit rate, connection. */
	buf_clear(&b);
	x = 1;
	if (rh != NULL && rh->available) {
		attr_t v = stale(ui) ? ui_attr(ui, EL_DIM) : ui_attr(ui, EL_VALUE);

		x += draw_str(stdscr, 1, x, 4, "mem ", ui_attr(ui, EL_LABEL), ui->san);
		if (rh->used_memory != NUM_UNKNOWN)
			fmt_bytes(&b, (unsigned long long)rh->used_memory);
		if (rh->maxmemory > 0) {
			buf_adds(&b, " / ");
			fmt_bytes(&b, (unsigned long long)rh->maxmemory);
		}
		x += draw_str(stdscr, 1, x, 24, buf_str(&b), v, ui->san) + 2;
		if (rh->maxmemory > 0 && rh->used_memory != NUM_UNKNOWN) {
			double f = (double)rh->used_memory / (double)rh->maxmemory;

			draw_bar(stdscr, 1, x, 10, f, ui_attr(ui, f > 0.8 ? EL_CRIT : EL_BAR),
			    ui_attr(ui, EL_BAR_EMPTY), ui->san);
			x += draw_fmt(stdscr, 1, x + 11, 5, v, ui->san, "%.0f%%", f * 100) + 13;
		}
		buf_clear(&b);
		fmt_count(&b, rh->ops_per_sec == NUM_UNKNOWN ? 0 : rh->ops_per_sec);
		x += draw_str(stdscr, 1, x, 12, buf_str(&b), v, ui->san);
		x += draw_str(stdscr, 1, x, 8, " ops/s  ", ui_attr(ui, EL_LABEL), ui->san);
		buf_clear(&b);
		fmt_count(&b, rh->connected == NUM_UNKNOWN ? 0 : rh->connected);
		x += draw_str(stdscr, 1, x, 8, "clients ", ui_attr(ui, EL_LABEL), ui->san);
		x += draw_str(stdscr, 1, x, 8, buf_str(&b), v, ui->san);
		x += draw_fmt(stdscr, 1, x, 14, ui_attr(ui, EL_LABEL), ui->san, " (%lld blocked)  ",
		    rh->blocked == NUM_UNKNOWN ? 0 : rh->blocked);
		x += draw_str(stdscr, 1, x, 4, "hit ", ui_attr(ui, EL_LABEL), ui->san);
		if (isnan(rh->hit_rate))
			x += draw_str(stdscr, 1, x, 6, "-", v, ui->san);
		else
			x += draw_fmt(stdscr, 1, x, 7, v, ui->san, "%.1f%%", rh->hit_rate * 100);
	}
	if (ui->connected)
		draw_str_right(stdscr, 1, ui->cols - 1, 14, "\xe2\x97\x8f connected", ui_attr(ui, EL_OK), ui->san);
	else
		draw_str_right(stdscr, 1, ui->cols - 1, 16, "\xe2\x97\x8b disconnected", ui_attr(ui, EL_CRIT),
		    ui->san);
	buf_free(&b);
}

static void
tabs(struct ui *ui)
{
	int i, x = 0, need = 0, pad;

	/* " 1 Overview " each, or " 1 Overview" when that does not fit. */
	for (i = 0; i < V_SCREENS; i++)
		need += 4 + (int)strlen(ui_screen(i)->name);
	pad = need <= ui->cols;
	for (i = 0; i < V_SCREENS && x < ui->cols; i++) {
		attr_t a = ui_attr(ui, i == ui->view ? EL_TAB_ACTIVE : EL_TAB);

		x += draw_fmt(stdscr, 2, x, ui->cols - x, a, ui->san, " %d %s%s", i + 1, ui_screen(i)->name,
		    pad ? " " : "");
	}
}

/* Returns the rows the banner took. */
static int
banner(struct ui *ui, int y)
{
	struct buf b = BUF_INIT;

	if (ui->connected)
		return 0;
	buf_adds(&b, " disconnected");
	if (ui->retry_at > 0) {
		int64_t in = ui->retry_at - mono_ms();

		buf_printf(&b, " \xe2\x80\x94 retrying in %lld s", (long long)(in > 0 ? (in + 999) / 1000 : 0));
	} else
		buf_adds(&b, " \xe2\x80\x94 retrying");
	if (ui->data != NULL) {
		buf_adds(&b, " \xc2\xb7 numbers from ");
		fmt_duration(&b, (mono_ms() - ui->data->made_mono) / 1000 * 1000);
		buf_adds(&b, " ago");
	}
	if (ui->error != NULL) {
		buf_adds(&b, " \xc2\xb7 ");
		buf_adds(&b, ui->error);
	}
	draw_fill(stdscr, y, 0, ui_attr(ui, EL_BANNER));
	draw_str(stdscr, y, 0, ui->cols, buf_str(&b), ui_attr(ui, EL_BANNER), ui->san);
	buf_free(&b);
	return 1;
}

static void
footer(struct ui *ui)
{
	struct buf b = BUF_INIT;
	int y = ui->rows - 1, x = 0;
	const struct model *m = ui->data;

	if (prompt_active())
		return;		/* the prompt owns the row */
	if (m != NULL && m->has_snap) {
		if (m->census_running && m->census == NULL)
			buf_printf(&b, "census %.0f%%", m->census_progress * 100);
		else if (m->census != NULL) {
			buf_adds(&b, "census 100% \xc2\xb7 ");
			fmt_duration(&b, (now_ms() - m->census->res.finished_ms) / 1000 * 1000);
			buf_adds(&b, " ago");
			if (m->census_running)
				buf_printf(&b, " (next %.0f%%)", m->census_progress * 100);
		}
	}
	x += draw_str(stdscr, y, 0, ui->cols / 2, buf_str(&b), ui_attr(ui, EL_DIM), ui->san);
	if (ui->nmarks > 0)
		x += draw_fmt(stdscr, y, x + 2, 24, ui_attr(ui, EL_WARN), ui->san, "%zu marked (Esc clears)",
		    ui->nmarks) + 2;
	if (ui->message != NULL)
		draw_str(stdscr, y, x + 2, ui->cols - x - 3, ui->message, ui_attr(ui, EL_WARN), ui->san);
	else
		draw_str_right(stdscr, y, ui->cols - 1, ui->cols - x - 3, "? help  : command  / filter  q quit",
		    ui_attr(ui, EL_DIM), ui->san);
	buf_free(&b);
}

/* Appends a table's lines, after a blank line when some came before. */
static size_t
help_add(const struct key_help **out, size_t n, const struct key_help *t)
{
	static const struct key_help blank = { "", "" };
	size_t i;

	if (t == NULL || t[0].keys == NULL)
		return n;
	if (n > 0)
		out[n++] = &blank;
	for (i = 0; t[i].keys != NULL; i++)
		out[n++] = &t[i];
	return n;
}

/* The keys of this view, its actions, then the global ones; scrolls with
 * Up and Down when the terminal is short. */
static void
help_overlay(struct ui *ui, const struct view_ops *view)
{
	const struct key_help *lines[64];
	size_t n = 0, i;
	int w = 64, h, y0, x0, y, body;

	n = help_add(lines, n, view->keys);
	n = help_add(lines, n, view->targets == TARGET_TASK ? ui_task_action_keys :
	    view->targets == TARGET_USER ? ui_user_action_keys : NULL);
	n = help_add(lines, n, global_keys);
	h = (int)n + 4;
	if (h > ui->rows - 2)
		h = ui->rows - 2;
	if (w > ui->cols - 2)
		w = ui->cols - 2;
	body = h - 4;
	if (ui->help_top > (int)n - body)
		ui->help_top = (int)n - body > 0 ? (int)n - body : 0;
	y0 = (ui->rows - h) / 2;
	x0 = (ui->cols - w) / 2;
	draw_box(stdscr, y0, x0, h, w, ui_attr(ui, EL_NORMAL));
	draw_fmt(stdscr, y0, x0 + 2, w - 4, ui_attr(ui, EL_TITLE), ui->san, " Keys \xc2\xb7 %s ", view->name);
	for (i = (size_t)ui->help_top, y = y0 + 1; i < n && y < y0 + 1 + body; i++, y++) {
		draw_str(stdscr, y, x0 + 2, 18, lines[i]->keys, ui_attr(ui, EL_KEY), ui->san);
		draw_str(stdscr, y, x0 + 21, w - 23, lines[i]->what, ui_attr(ui, EL_NORMAL), ui->san);
	}
	draw_str(stdscr, y0 + h - 2, x0 + 2, w - 4, (int)n > body ? "Up Down scroll \xc2\xb7 any other key closes" :
	    "any key closes this help", ui_attr(ui, EL_DIM), ui->san);
}

static void
too_small(struct ui *ui)
{
	struct buf b = BUF_INIT;
	int w;

	buf_printf(&b, "terminal too small (%dx%d, need %dx%d)", ui->cols, ui->rows, UI_MIN_COLS, UI_MIN_ROWS);
	w = (int)b.len;
	draw_str(stdscr, ui->rows / 2, w < ui->cols ? (ui->cols - w) / 2 : 0, ui->cols, buf_str(&b),
	    ui_attr(ui, EL_WARN), ui->san);
	buf_free(&b);
}

void
ui_frame_draw(struct ui *ui, const struct view_ops *view)
{
	int y0;

	erase();
	if (ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS) {
		too_small(ui);
		return;
	}
	header(ui);
	tabs(ui);
	y0 = 3 + banner(ui, 3);
	view->draw(ui, y0, ui->rows - 1 - y0, ui->cols);
	footer(ui);
	ui_actions_draw(ui);
	if (ui->help)
		help_overlay(ui, view);
}
