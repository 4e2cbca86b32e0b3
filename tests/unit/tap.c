/* TAP output for C unit tests. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int count, failed;

int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	count++;
	printf("%sok %d - ", cond ? "" : "not ", count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failed++;
	fflush(stdout);
	return cond;
}

int
is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, "%s", name))
		diag("got %lld, expected %lld", got, want);
	return got == want;
}

int
is_str(const char *got, const char *want, const char *name)
{
	int same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok(same, "%s", name))
		diag("got '%s', expected '%s'", got != NULL ? got : "(null)", want != NULL ? want : "(null)");
	return same;
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
done_testing(void)
{
	printf("1..%d\n", count);
	return failed == 0 ? 0 : 1;
}

const char *
tap_redis_sock(void)
{
	const char *s = getenv("OCRTOP_TEST_SOCK");

	if (s == NULL) {
		printf("Bail out! OCRTOP_TEST_SOCK not set: run through tests/with-redis\n");
		exit(1);
	}
	return s;
}
