/* The list widget. */
#include "config.h"

#include "draw.h"
#include "widget-list.h"

void
list_set_count(struct list *l, size_t n)
{
	l->n = n;
	if (l->sel >= n)
		l->sel = n > 0 ? n - 1 : 0;
	if (l->top > l->sel)
		l->top = l->sel;
}

int
list_key(struct list *l, int ch)
{
	size_t page = l->rows > 1 ? (size_t)l->rows - 1 : 1;

	switch (ch) {
	case KEY_UP:
	case 'k':
		if (l->sel > 0)
			l->sel--;
		return 1;
	case KEY_DOWN:
	case 'j':
		if (l->sel + 1 < l->n)
			l->sel++;
		return 1;
	case KEY_PPAGE:
	case 'b' & 0x1f:
		l->sel = l->sel > page ? l->sel - page : 0;
		return 1;
	case KEY_NPAGE:
	case 'f' & 0x1f:
	case ' ':
		l->sel = l->n == 0 ? 0 : l->sel + page < l->n ? l->sel + page : l->n - 1;
		return 1;
	case KEY_HOME:
	case 'g':
		l->sel = 0;
		return 1;
	case KEY_END:
	case 'G':
		l->sel = l->n > 0 ? l->n - 1 : 0;
		return 1;
	}
	return 0;
}

void
list_draw(struct list *l, WINDOW *w, int y0, int rows,
    void (*draw_row)(void *arg, WINDOW *w, int y, size_t i, int selected), void *arg)
{
	int y;

	l->rows = rows;
	if (rows <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	if (l->top + (size_t)rows > l->n)
		l->top = l->n > (size_t)rows ? l->n - (size_t)rows : 0;
	for (y = 0; y < rows && l->top + (size_t)y < l->n; y++)
		draw_row(arg, w, y0 + y, l->top + (size_t)y, l->top + (size_t)y == l->sel);
}

int
columns_layout(const struct column *cols, int n, int width, int *x, int *cw)
{
	int i, used = 0, fit = 0, grow = 0, extra;

	for (i = 0; i < n; i++) {
		if (used + cols[i].width > width)
			break;
		used += cols[i].width + 1;
		grow += cols[i].grow;
		fit++;
	}
	extra = width - used + 1;
	if (extra < 0)
		extra = 0;
	used = 0;
	for (i = 0; i < fit; i++) {
		x[i] = used;
		cw[i] = cols[i].width + (grow > 0 ? extra * cols[i].grow / grow : 0);
		used += cw[i] + 1;
	}
	return fit;
}

void
columns_draw_titles(WINDOW *w, int y, const struct column *cols, int n, const int *x,
    const int *cw, attr_t a, unsigned san)
{
	int i;

	for (i = 0; i < n; i++) {
		if (cols[i].right)
			draw_str_right(w, y, x[i] + cw[i], cw[i], cols[i].title, a, san);
		else
			draw_str(w, y, x[i], cw[i], cols[i].title, a, san);
	}
}
