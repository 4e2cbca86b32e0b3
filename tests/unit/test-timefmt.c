/* Timestamps in seconds, milliseconds and ISO 8601; durations; numbers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "timefmt.h"

static void fmt_is(void (*fn)(struct buf *, long long), long long v, const char *want);
static void dur_is(int64_t ms, const char *want);
static void count_fn(struct buf *b, long long v);
static void bytes_fn(struct buf *b, long long v);

static void
count_fn(struct buf *b, long long v)
{
	fmt_count(b, v);
}

static void
bytes_fn(struct buf *b, long long v)
{
	fmt_bytes(b, (unsigned long long)v);
}

static void
fmt_is(void (*fn)(struct buf *, long long), long long v, const char *want)
{
	struct buf b = BUF_INIT;

	fn(&b, v);
	is_str(buf_str(&b), want, want);
	buf_free(&b);
}

static void
dur_is(int64_t ms, const char *want)
{
	struct buf b = BUF_INIT;

	fmt_duration(&b, ms);
	is_str(buf_str(&b), want, want);
	buf_free(&b);
}

int
main(void)
{
	int64_t ms;
	char date[11];

	is_int(ts_to_ms(1697040000), 1697040000000LL, "seconds are recognised");
	is_int(ts_to_ms(1697040000123.0), 1697040000123LL, "milliseconds are recognised");
	is_int(ts_to_ms(1697040000123456.0), 1697040000123LL, "microseconds are recognised");
	is_int(ts_to_ms(1697040000123456789.0), 1697040000123LL, "nanoseconds are recognised");
	is_int(ts_to_ms(0), -1, "zero is not a date");
	is_int(ts_to_ms(55), -1, "a tiny number is not a date (no 1970)");
	is_int(ts_to_ms(-5), -1, "negative is not a date");
	is_int(ts_parse("1697040000", 10), 1697040000000LL, "string seconds");
	is_int(ts_parse("1697040000123", 13), 1697040000123LL, "string milliseconds");
	is_int(ts_parse(" 1697040000.5 ", 14), 1697040000500LL, "fractional seconds with spaces");
	is_int(ts_parse("2023-10-11T16:00:00Z", 20), 1697040000000LL, "ISO 8601 UTC");
	is_int(ts_parse("2023-10-11T16:00:00.250Z", 24), 1697040000250LL, "ISO 8601 with milliseconds");
	is_int(ts_parse("2023-10-11T18:00:00+02:00", 25), 1697040000000LL, "ISO 8601 with an offset");
	is_int(ts_parse("2023-10-11", 10), 1696982400000LL, "a date alone is midnight UTC");
	is_int(ts_parse("yesterday", 9), -1, "words are not timestamps");
	is_int(ts_parse("12abc", 5), -1, "trailing junk is refused");
	is_int(ts_parse("", 0), -1, "empty is refused");
	is_int(ts_parse("2023-13-01T00:00:00Z", 20), -1, "month 13 is refused");

	ok(duration_parse("90", 1000, &ms) == 0 && ms == 90000, "bare number in the default unit");
	ok(duration_parse("500ms", 1000, &ms) == 0 && ms == 500, "milliseconds");
	ok(duration_parse("10m", 1000, &ms) == 0 && ms == 600000, "minutes");
	ok(duration_parse("1h30m", 1000, &ms) == 0 && ms == 5400000, "compound durations");
	ok(duration_parse("2d", 1000, &ms) == 0 && ms == 172800000, "days");
	ok(duration_parse("1.5s", 1000, &ms) == 0 && ms == 1500, "fractions");
	ok(duration_parse("ten", 1000, &ms) < 0, "words are refused");
	ok(duration_parse("", 1000, &ms) < 0, "empty is refused");
	ok(duration_parse("5x", 1000, &ms) < 0, "unknown units are refused");
	ok(duration_parse("-5s", 1000, &ms) < 0, "negative durations are refused");

	dur_is(850, "850ms");
	dur_is(0, "0s");
	dur_is(3500, "3.5s");
	dur_is(2000, "2s");
	dur_is(2050, "2s");
	dur_is(45000, "45s");
	dur_is(723000, "12m 3s");
	dur_is(3 * 3600000 + 4 * 60000, "3h 4m");
	dur_is(2 * 86400000LL + 5 * 3600000, "2d 5h");
	fmt_is(count_fn, 0, "0");
	fmt_is(count_fn, 999, "999");
	fmt_is(count_fn, 1000, "1,000");
	fmt_is(count_fn, 1234567, "1,234,567");
	fmt_is(count_fn, -1234, "-1,234");
	fmt_is(bytes_fn, 512, "512 B");
	fmt_is(bytes_fn, 1536, "1.5 KiB");
	fmt_is(bytes_fn, 256LL * 1024 * 1024, "256 MiB");
	utc_date(1697040000000LL, date);
	is_str(date, "2023-10-11", "UTC date of a timestamp");
	utc_date(1697068799000LL, date);
	is_str(date, "2023-10-11", "23:59:59 UTC is still the same UTC day");
	return done_testing();
}
