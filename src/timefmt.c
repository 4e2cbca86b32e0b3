/* Timestamp parsing and human formatting. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

#define MS_2000	 946684800000LL
#define MS_2200	7258118400000LL

static int64_t parse_iso8601(const char *s, size_t len);
static int take_digits(const char **p, const char *end, int n, int *out);

int64_t
ts_to_ms(double v)
{
	double ms;

	if (!isfinite(v) || v <= 0)
		return -1;
	if (v < 1e11)
		ms = v * 1000.0;
	else if (v < 1e14)
		ms = v;
	else if (v < 1e17)
		ms = v / 1000.0;
	else
		ms = v / 1e6;
	if (ms < (double)MS_2000 || ms > (double)MS_2200)
		return -1;
	return (int64_t)ms;
}

static int
take_digits(const char **p, const char *end, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (*p >= end || !isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

static int64_t
parse_iso8601(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac_ms = 0, off = 0;
	int64_t t;

	memset(&tm, 0, sizeof tm);
	if (take_digits(&p, end, 4, &y) < 0 || p >= end || *p++ != '-' ||
	    take_digits(&p, end, 2, &mo) < 0 || p >= end || *p++ != '-' ||
	    take_digits(&p, end, 2, &d) < 0)
		return -1;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
		p++;
		if (take_digits(&p, end, 2, &h) < 0 || p >= end || *p++ != ':' ||
		    take_digits(&p, end, 2, &mi) < 0)
			return -1;
		if (p < end && *p == ':') {
			p++;
			if (take_digits(&p, end, 2, &sec) < 0)
				return -1;
			if (p < end && (*p == '.' || *p == ',')) {
				int scale = 100;

				p++;
				if (p >= end || !isdigit((unsigned char)*p))
					return -1;
				for (; p < end && isdigit((unsigned char)*p); p++) {
					frac_ms += (*p - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (p < end && (*p == 'Z' || *p == 'z'))
			p++;
		else if (p < end && (*p == '+' || *p == '-')) {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;

			if (take_digits(&p, end, 2, &oh) < 0)
				return -1;
			if (p < end && *p == ':')
				p++;
			if (p < end && take_digits(&p, end, 2, &om) < 0)
				return -1;
			off = sign * (oh * 60 + om);
		}
	}
	if (p != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = (int64_t)timegm(&tm);
	t = (t - (int64_t)off * 60) * 1000 + frac_ms;
	return (t < MS_2000 || t > MS_2200) ? -1 : t;
}

int64_t
ts_parse(const char *s, size_t len)
{
	char tmp[64], *end;
	double v;

	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof tmp)
		return -1;
	if (len >= 10 && s[4] == '-')
		return parse_iso8601(s, len);
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (!isdigit((unsigned char)tmp[0]))
		return -1;
	errno = 0;
	v = strtod(tmp, &end);
	if (errno != 0 || *end != '\0')
		return -1;
	return ts_to_ms(v);
}

int
duration_parse(const char *s, int64_t default_unit_ms, int64_t *ms)
{
	const char *p = s;
	double total = 0;
	int parts = 0;

	while (*p != '\0') {
		char *end;
		double v;
		int64_t unit;

		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
		errno = 0;
		v = strtod(p, &end);
		if (errno != 0 || end == p || v < 0)
			return -1;
		p = end;
		if (strncmp(p, "ms", 2) == 0) {
			unit = 1;
			p += 2;
		} else if (*p == 's') {
			unit = 1000;
			p++;
		} else if (*p == 'm') {
			unit = 60000;
			p++;
		} else if (*p == 'h') {
			unit = 3600000;
			p++;
		} else if (*p == 'd') {
			unit = 86400000;
			p++;
		} else if (*p == '\0' && parts == 0)
			unit = default_unit_ms;
		else
			return -1;
		total += v * (double)unit;
		parts++;
	}
	if (parts == 0 || total > 1e15)
		return -1;
	*ms = (int64_t)llround(total);
	return 0;
}

void
fmt_duration(struct buf *b, int64_t ms)
{
	int64_t s;

	if (ms < 0) {
		buf_addc(b, '-');
		ms = -ms;
	}
	if (ms == 0) {
		buf_adds(b, "0s");
		return;
	}
	if (ms < 1000) {
		buf_printf(b, "%lldms", (long long)ms);
		return;
	}
	if (ms < 10000 && ms % 1000 >= 100) {
		buf_printf(b, "%.1fs", (double)(ms / 100) / 10.0);
		return;
	}
	s = ms / 1000;
	if (s < 60)
		buf_printf(b, "%llds", (long long)s);
	else if (s < 3600)
		buf_printf(b, "%lldm %llds", (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		buf_printf(b, "%lldh %lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		buf_printf(b, "%lldd %lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
}

void
fmt_count(struct buf *b, long long n)
{
	char digits[32];
	int len, i;
	unsigned long long u;

	if (n < 0) {
		buf_addc(b, '-');
		u = (unsigned long long)(-(n + 1)) + 1;
	} else
		u = (unsigned long long)n;
	len = snprintf(digits, sizeof digits, "%llu", u);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, digits[i]);
	}
}

void
fmt_count_noun(struct buf *b, long long n, const char *one, const char *many)
{
	fmt_count(b, n);
	buf_printf(b, " %s", n == 1 ? one : many);
}

void
fmt_bytes(struct buf *b, unsigned long long n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		buf_printf(b, "%llu B", n);
		return;
	}
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	buf_printf(b, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void
fmt_local_time(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char out[32];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		buf_adds(b, "?");
		return;
	}
	buf_adds(b, out);
}

void
utc_date(int64_t ms, char out[11])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		strcpy(out, "0000-00-00");
}

int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
mono_ms(void)
{
	return mono_us() / 1000;
}

int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
