/* A growable byte buffer, always NUL-terminated, for building strings of
 * any size without fixed limits. */
#ifndef OCRTOP_BUF_H
#define OCRTOP_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* owned; NULL until the first append */
	size_t	 len;	/* bytes used, not counting the terminating NUL */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* Appends len bytes. */
void buf_add(struct buf *b, const void *p, size_t len);
/* Appends a NUL-terminated string. */
void buf_adds(struct buf *b, const char *s);
/* Appends one byte. */
void buf_addc(struct buf *b, char c);
/* Appends formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends formatted text from a va_list. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the contents as a C string ("" when empty); owned by b. */
const char *buf_str(const struct buf *b);
/* Forgets the contents but keeps the allocation. */
void buf_clear(struct buf *b);
/* Cuts the contents to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Hands the contents to the caller (never NULL) and resets b. */
char *buf_detach(struct buf *b);
/* Frees the contents. */
void buf_free(struct buf *b);

#endif
