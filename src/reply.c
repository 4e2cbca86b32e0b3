/* hiredis reply conversions. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "timefmt.h"
#include "xmalloc.h"

char *
reply_dup(const redisReply *r, size_t max, size_t *len)
{
	size_t n;

	if (r == NULL || r->type != REDIS_REPLY_STRING)
		return NULL;
	n = r->len < max ? r->len : max;
	if (len != NULL)
		*len = n;
	return xstrndup(r->str, n);
}

long long
reply_ll(const redisReply *r)
{
	char tmp[32], *end;
	long long v;

	if (r == NULL)
		return NUM_UNKNOWN;
	if (r->type == REDIS_REPLY_INTEGER)
		return r->integer;
	if (r->type != REDIS_REPLY_STRING || r->len == 0 || r->len >= sizeof tmp)
		return NUM_UNKNOWN;
	memcpy(tmp, r->str, r->len);
	tmp[r->len] = '\0';
	v = strtoll(tmp, &end, 10);
	return *end == '\0' ? v : NUM_UNKNOWN;
}

int64_t
reply_ts(const redisReply *r)
{
	char tmp[32];

	if (r == NULL)
		return -1;
	if (r->type == REDIS_REPLY_INTEGER) {
		snprintf(tmp, sizeof tmp, "%lld", r->integer);
		return ts_parse(tmp, strlen(tmp));
	}
	return r->type == REDIS_REPLY_STRING ? ts_parse(r->str, r->len) : -1;
}

double
reply_double(const redisReply *r)
{
	char tmp[64], *end;
	double v;

	if (r == NULL || r->type != REDIS_REPLY_STRING || r->len == 0 || r->len >= sizeof tmp)
		return NAN;
	memcpy(tmp, r->str, r->len);
	tmp[r->len] = '\0';
	v = strtod(tmp, &end);
	return *end == '\0' && isfinite(v) ? v : NAN;
}
