/* Small conversions of hiredis replies used across the data layer. */
#ifndef OCRTOP_REPLY_H
#define OCRTOP_REPLY_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#define NUM_UNKNOWN	LLONG_MIN	/* a number we could not read: null in JSON */

/* Copies a string reply (at most max bytes, NUL-terminated; length in
 * *len when len is not NULL); NULL for any other type. */
char *reply_dup(const redisReply *r, size_t max, size_t *len);
/* An integer reply, or a string holding a whole decimal integer; else
 * NUM_UNKNOWN. */
long long reply_ll(const redisReply *r);
/* A string or integer reply read as a timestamp (s, ms or ISO 8601), in
 * milliseconds; -1 when absent or unreadable. */
int64_t reply_ts(const redisReply *r);
/* A string reply read as a finite double; NAN otherwise. */
double reply_double(const redisReply *r);

#endif
