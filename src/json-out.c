/* JSON output helpers. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "json-out.h"
#include "sanitize.h"
#include <limits.h>

json_t *
json_bytes(const void *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *v;

	utf8_repair_append(&b, s, len);
	v = json_stringn_nocheck(buf_str(&b), b.len);
	buf_free(&b);
	return v;
}

json_t *
json_count(long long n)
{
	return n == LLONG_MIN ? json_null() : json_integer(n);
}

json_t *
json_real_or_null(double v)
{
	if (!isfinite(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

int
json_print(json_t *v)
{
	int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));

	json_decref(v);
	if (rc == 0)
		rc = fputc('\n', stdout) == EOF ? -1 : 0;
	return rc;
}
