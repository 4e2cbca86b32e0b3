/* Unit-test commands to the test's redis-server. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap-redis.h"
#include "tap.h"

static redisContext *rc;

static redisReply *vcommand(const char *fmt, va_list ap);

redisContext *
tr_connect(void)
{
	if (rc == NULL) {
		rc = redisConnectUnix(tap_redis_sock());
		if (rc == NULL || rc->err) {
			printf("Bail out! cannot connect to the test's redis-server\n");
			exit(1);
		}
	}
	return rc;
}

static redisReply *
vcommand(const char *fmt, va_list ap)
{
	redisReply *r = redisvCommand(tr_connect(), fmt, ap);

	if (r == NULL) {
		printf("Bail out! redis: %s\n", rc->errstr);
		exit(1);
	}
	return r;
}

void
tr_cmd(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	freeReplyObject(vcommand(fmt, ap));
	va_end(ap);
}

char *
tr_get(const char *fmt, ...)
{
	va_list ap;
	redisReply *r;
	char *s;

	va_start(ap, fmt);
	r = vcommand(fmt, ap);
	va_end(ap);
	s = r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ? strndup(r->str, r->len) :
	    strdup("(nil)");
	freeReplyObject(r);
	return s;
}

long long
tr_num(const char *fmt, ...)
{
	va_list ap;
	redisReply *r;
	long long v = TR_NONE;

	va_start(ap, fmt);
	r = vcommand(fmt, ap);
	va_end(ap);
	if (r->type == REDIS_REPLY_INTEGER)
		v = r->integer;
	else if (r->type == REDIS_REPLY_STRING)
		v = strtoll(r->str, NULL, 10);
	freeReplyObject(r);
	return v;
}

void
tr_close(void)
{
	redisFree(rc);
	rc = NULL;
}
