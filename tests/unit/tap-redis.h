/* Commands to the test's redis-server for the C unit tests: one shared
 * connection, and replies read as what a test wants to compare. */
#ifndef OCRTOP_TAP_REDIS_H
#define OCRTOP_TAP_REDIS_H

#include <hiredis/hiredis.h>

#define TR_NONE (-999)		/* tr_num() of a nil or non-number reply */

/* Connects (once) to OCRTOP_TEST_SOCK, or bails out. */
redisContext *tr_connect(void);
/* Runs a command (hiredis formats: %s, %b...); bails out when the
 * connection fails. */
void tr_cmd(const char *fmt, ...);
/* A string or status reply, or "(nil)"; caller frees. */
char *tr_get(const char *fmt, ...);
/* An integer reply, or a string holding one, else TR_NONE. */
long long tr_num(const char *fmt, ...);
/* Closes the connection. */
void tr_close(void);

#endif
