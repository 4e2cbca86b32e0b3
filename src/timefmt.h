/* Time and number formatting for people, and timestamp parsing that copes
 * with the platform writing seconds, milliseconds and ISO 8601 strings. */
#ifndef OCRTOP_TIMEFMT_H
#define OCRTOP_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Converts a number of seconds, milliseconds, microseconds or nanoseconds
 * since the epoch (told apart by magnitude) to milliseconds; returns -1 when
 * the result is not a plausible date (before 2000 or after 2200). */
int64_t ts_to_ms(double v);
/* Parses a timestamp string: a number in any of those units, or ISO 8601
 * ("2024-10-14T12:00:00.123Z", an offset, or a date alone). Returns the
 * milliseconds since the epoch, or -1. */
int64_t ts_parse(const char *s, size_t len);
/* Parses a duration such as "90", "90s", "500ms", "10m", "2h", "7d" or
 * "1h30m"; a bare number counts in default_unit_ms. Returns 0, or -1 when s
 * is not a duration. */
int duration_parse(const char *s, int64_t default_unit_ms, int64_t *ms);
/* Appends a short duration: "0s", "850ms", "3.5s", "45s", "12m 3s", "3h 4m", "2d 5h". */
void fmt_duration(struct buf *b, int64_t ms);
/* Appends an integer with thousands separators: "1,234,567". */
void fmt_count(struct buf *b, long long n);
/* Appends a count and its noun: "1 task", "1,234 tasks". */
void fmt_count_noun(struct buf *b, long long n, const char *one, const char *many);
/* Appends a byte size: "512 B", "1.5 KiB", "3.2 GiB". */
void fmt_bytes(struct buf *b, unsigned long long n);
/* Appends a local date and time: "2026-11-22 14:30:12". */
void fmt_local_time(struct buf *b, int64_t ms);
/* Writes the UTC date of ms as "YYYY-MM-DD" (out holds 11 bytes). */
void utc_date(int64_t ms, char out[11]);
/* Wall-clock milliseconds since the epoch. */
int64_t now_ms(void);
/* Monotonic milliseconds, for intervals and deadlines. */
int64_t mono_ms(void);
/* Monotonic microseconds, for fine measurements. */
int64_t mono_us(void);

#endif
