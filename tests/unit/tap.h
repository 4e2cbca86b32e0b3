/* A tiny TAP producer for the C unit tests. */
#ifndef OCRTOP_TAP_H
#define OCRTOP_TAP_H

#include <stddef.h>

/* Records one test; returns cond. */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares two integers. */
int is_int(long long got, long long want, const char *name);
/* Compares two strings (NULL allowed). */
int is_str(const char *got, const char *want, const char *name);
/* Prints a diagnostic line. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan; returns the exit status. */
int done_testing(void);
/* The test server's socket (OCRTOP_TEST_SOCK), or exits with a bail-out. */
const char *tap_redis_sock(void);

#endif
