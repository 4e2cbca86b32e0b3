/* The one gate between data from Redis and the terminal: every key name,
 * field, JSON value, error text or OCR result shown to a person goes
 * through sanitize_append() first.
 *
 * Strict UTF-8 decoding (a bad byte becomes "\xNN"); C0 controls, DEL and
 * C1 controls become visible escapes ("\n", "\r", "\t", "\x1b", "\u009b"),
 * so nothing can move the cursor, clear the screen or set the title; bidi
 * overrides and isolates become "\u202e" so no line can be visually
 * reordered; widths come from wcwidth() and cuts are made by columns, never
 * in the middle of a character or an escape. */
#ifndef OCRTOP_SANITIZE_H
#define OCRTOP_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The terminal cannot show UTF-8: escape everything outside printable ASCII. */
#define SAN_ASCII	0x1u

/* Appends a terminal-safe rendering of s[0..len) to out, at most max_cols
 * columns wide (0: no limit), ending in an ellipsis when cut. Returns the
 * number of columns appended. */
int sanitize_append(struct buf *out, const void *s, size_t len, int max_cols, unsigned flags);
/* Like sanitize_append(), then pads with spaces to exactly cols columns. */
void sanitize_append_padded(struct buf *out, const void *s, size_t len, int cols, unsigned flags);
/* Like sanitize_append() without a width, but keeps the newlines of
 * multi-line text: each line is made safe on its own. */
void sanitize_lines_append(struct buf *out, const void *s, size_t len, unsigned flags);
/* Returns a new terminal-safe string for s[0..len). */
char *sanitize(const void *s, size_t len, int max_cols, unsigned flags);
/* Returns the display width of a string that is already safe (output of
 * sanitize_append() or program text). */
int sanitize_width(const char *s);
/* Decodes one UTF-8 sequence strictly (no overlongs, surrogates or values
 * past U+10FFFF). Returns its length and stores the code point, or returns
 * 0 when s does not start with a valid sequence. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Appends s[0..len) to out as valid UTF-8, each invalid byte replaced by
 * U+FFFD; used before handing text to JSON encoders. */
void utf8_repair_append(struct buf *out, const void *s, size_t len);

#endif
