/* Drawing primitives. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "reply.h"
#include "sanitize.h"

int
draw_bytes(WINDOW *w, int y, int x, int maxw, const void *s, size_t len, attr_t a, unsigned san)
{
	struct buf b = BUF_INIT;
	int cols;

	if (maxw <= 0)
		return 0;
	cols = sanitize_append(&b, s, len, maxw, san);
	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	mvwaddstr(w, y, x, buf_str(&b));
	wattr_set(w, A_NORMAL, 0, NULL);
	buf_free(&b);
	return cols;
}

int
draw_str(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a, unsigned san)
{
	return draw_bytes(w, y, x, maxw, s, strlen(s), a, san);
}

int
draw_fmt(WINDOW *w, int y, int x, int maxw, attr_t a, unsigned san, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int cols;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cols = draw_bytes(w, y, x, maxw, buf_str(&b), b.len, a, san);
	buf_free(&b);
	return cols;
}

void
draw_str_right(WINDOW *w, int y, int x_end, int maxw, const char *s, attr_t a, unsigned san)
{
	struct buf b = BUF_INIT;
	int cols = sanitize_append(&b, s, strlen(s), maxw, san);

	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	mvwaddstr(w, y, x_end - cols, buf_str(&b));
	wattr_set(w, A_NORMAL, 0, NULL);
	buf_free(&b);
}

void
draw_bar(WINDOW *w, int y, int x, int width, double fraction, attr_t fill, attr_t empty, unsigned san)
{
	int full, i;

	if (width <= 0)
		return;
	if (fraction < 0 || fraction != fraction)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	full = (int)(fraction * width + 0.5);
	if (fraction > 0 && full == 0)
		full = 1;
	wmove(w, y, x);
	wattr_set(w, fill, PAIR_NUMBER(fill), NULL);
	for (i = 0; i < full; i++)
		waddstr(w, (san & SAN_ASCII) ? "#" : "\xe2\x96\x88");
	wattr_set(w, empty, PAIR_NUMBER(empty), NULL);
	for (; i < width; i++)
		waddstr(w, (san & SAN_ASCII) ? "." : "\xe2\x96\x91");
	wattr_set(w, A_NORMAL, 0, NULL);
}

void
draw_sparkline(WINDOW *w, int y, int x, int width, const long long *v, size_t n, attr_t a, unsigned san)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	static const char ascii[] = "_.-=+*#@";
	size_t start = n > (size_t)width ? n - (size_t)width : 0, i;
	long long max = 0;

	for (i = start; i < n; i++)
		if (v[i] != NUM_UNKNOWN && v[i] > max)
			max = v[i];
	wmove(w, y, x);
	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	for (i = start; i < n; i++) {
		int level;

		if (v[i] == NUM_UNKNOWN || v[i] < 0) {
			waddch(w, ' ');
			continue;
		}
		level = max > 0 ? (int)((double)v[i] * 7.0 / (double)max + 0.5) : 0;
		if (san & SAN_ASCII)
			waddch(w, (chtype)ascii[level]);
		else
			waddstr(w, blocks[level]);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
}

void
draw_fill(WINDOW *w, int y, int x, attr_t a)
{
	int i, cols = getmaxx(w);

	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	for (i = x; i < cols; i++)
		mvwaddch(w, y, i, ' ');
	wattr_set(w, A_NORMAL, 0, NULL);
}

void
draw_box(WINDOW *w, int y0, int x0, int h, int wd, attr_t a)
{
	int y, x;

	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	for (y = 0; y < h; y++)
		for (x = 0; x < wd; x++)
			mvwaddch(w, y0 + y, x0 + x, ' ');
	mvwhline(w, y0, x0, ACS_HLINE, wd);
	mvwhline(w, y0 + h - 1, x0, ACS_HLINE, wd);
	mvwvline(w, y0, x0, ACS_VLINE, h);
	mvwvline(w, y0, x0 + wd - 1, ACS_VLINE, h);
	mvwaddch(w, y0, x0, ACS_ULCORNER);
	mvwaddch(w, y0, x0 + wd - 1, ACS_URCORNER);
	mvwaddch(w, y0 + h - 1, x0, ACS_LLCORNER);
	mvwaddch(w, y0 + h - 1, x0 + wd - 1, ACS_LRCORNER);
	wattr_set(w, A_NORMAL, 0, NULL);
}
