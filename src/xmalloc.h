/* Allocation wrappers that never return NULL: on exhaustion they run the
 * die hook (which restores the terminal) and abort. */
#ifndef OCRTOP_XMALLOC_H
#define OCRTOP_XMALLOC_H

#include <stddef.h>

/* Allocates size bytes (size 0 is treated as 1). */
void *xmalloc(size_t size);
/* Allocates n zeroed objects of size bytes. */
void *xcalloc(size_t n, size_t size);
/* Resizes ptr to n objects of size bytes, checking the multiplication. */
void *xreallocarray(void *ptr, size_t n, size_t size);
/* Duplicates a NUL-terminated string. */
char *xstrdup(const char *s);
/* Duplicates len bytes of s and NUL-terminates the copy. */
char *xstrndup(const char *s, size_t len);
/* Formats into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Sets the function run before aborting on out-of-memory. */
void xmalloc_set_die_hook(void (*hook)(void));

#endif
