/* Drawing primitives for the views. Every string passes the sanitizer on
 * its way to the screen, data and program text alike, cut by columns. */
#ifndef OCRTOP_DRAW_H
#define OCRTOP_DRAW_H

#include <stddef.h>

#include <curses.h>

/* Draws s[0..len) at (y, x), at most maxw columns, with attributes a;
 * returns the columns used. san is SAN_ASCII or 0. */
int draw_bytes(WINDOW *w, int y, int x, int maxw, const void *s, size_t len, attr_t a, unsigned san);
/* Draws a C string. */
int draw_str(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a, unsigned san);
/* Draws formatted text. */
int draw_fmt(WINDOW *w, int y, int x, int maxw, attr_t a, unsigned san, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Draws s right-aligned so that it ends at column x_end (exclusive). */
void draw_str_right(WINDOW *w, int y, int x_end, int maxw, const char *s, attr_t a, unsigned san);
/* Draws a horizontal bar of width columns filled to fraction (0..1). */
void draw_bar(WINDOW *w, int y, int x, int width, double fraction, attr_t fill, attr_t empty, unsigned san);
/* Draws a sparkline of the last width values of v[0..n) (NUM_UNKNOWN
 * values are gaps), scaled to their own maximum. */
void draw_sparkline(WINDOW *w, int y, int x, int width, const long long *v, size_t n, attr_t a, unsigned san);
/* Fills a row from x to the window's edge with spaces in attributes a. */
void draw_fill(WINDOW *w, int y, int x, attr_t a);
/* Clears an h x w box at (y0, x0) in attributes a and draws its border. */
void draw_box(WINDOW *w, int y0, int x0, int h, int wd, attr_t a);

#endif
