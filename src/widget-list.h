/* The one list widget every list-like screen shares: a selection, a
 * scroll position, the movement keys, and drawing through a row callback.
 * Columns are laid out from a const table. */
#ifndef OCRTOP_WIDGET_LIST_H
#define OCRTOP_WIDGET_LIST_H

#include <stddef.h>

#include <curses.h>

struct list {
	size_t	n;	/* rows */
	size_t	sel;	/* selected row */
	size_t	top;	/* first visible row */
	int	rows;	/* visible rows at the last draw */
};

struct column {
	const char	*title;
	int		 width;		/* minimum width */
	int		 grow;		/* share of extra room */
	int		 right;		/* right-aligned */
};

/* Sets the number of rows, keeping the selection inside. */
void list_set_count(struct list *l, size_t n);
/* Handles a movement key; returns 1 if it was one. */
int list_key(struct list *l, int ch);
/* Draws rows from y0 for rows lines: draw_row(arg, w, y, index, selected). */
void list_draw(struct list *l, WINDOW *w, int y0, int rows,
    void (*draw_row)(void *arg, WINDOW *w, int y, size_t i, int selected), void *arg);
/* Lays out n columns in width: fills x[] and w[]; returns how many fit. */
int columns_layout(const struct column *cols, int n, int width, int *x, int *w);
/* Draws the column titles on row y. */
void columns_draw_titles(WINDOW *w, int y, const struct column *cols, int n, const int *x,
    const int *cw, attr_t a, unsigned san);

#endif
