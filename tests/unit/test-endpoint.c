/* Redis URLs, the resolution order, and passwords kept out of sight. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "endpoint.h"
#include "tap.h"

struct vars {
	const char *names[8];
	const char *values[8];
};

static const char *lookup(void *arg, const char *name);
static void parse_ok(const char *url, const char *describe, const char *user, const char *pass);
static void parse_bad(const char *url, const char *needle);

static const char *
lookup(void *arg, const char *name)
{
	struct vars *v = arg;
	int i;

	for (i = 0; i < 8 && v->names[i] != NULL; i++)
		if (strcmp(v->names[i], name) == 0)
			return v->values[i];
	return NULL;
}

static void
parse_ok(const char *url, const char *describe, const char *user, const char *pass)
{
	struct endpoint ep;
	char *cause = NULL, *d;

	if (!ok(endpoint_parse_url(&ep, url, &cause) == 0, "parses %s", describe)) {
		diag("%s", cause);
		free(cause);
		return;
	}
	d = endpoint_describe(&ep);
	is_str(d, describe, "described without its password");
	is_str(ep.user, user, "user");
	is_str(ep.password, pass, "password");
	free(d);
	endpoint_free(&ep);
}

static void
parse_bad(const char *url, const char *needle)
{
	struct endpoint ep;
	char *cause = NULL;

	ok(endpoint_parse_url(&ep, url, &cause) < 0 && cause != NULL && strstr(cause, needle) != NULL,
	    "refuses with '%s'", needle);
	ok(cause == NULL || strstr(cause, "s3cret") == NULL, "the error hides the password");
	free(cause);
}

int
main(void)
{
	struct vars none = { { NULL }, { NULL } };
	struct vars hostport = { { "REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_PASSWORD", NULL },
	    { "cache.internal", "6380", "2", "pw", NULL } };
	struct vars both = { { "REDIS_URL", "REDIS_HOST", "REDIS_PASSWORD", "REDIS_USERNAME", NULL },
	    { "redis://urlhost:7000/1", "ignored", "envpw", "alice", NULL } };
	struct vars badport = { { "REDIS_PORT", NULL }, { "http", NULL } };
	struct endpoint ep;
	char *cause = NULL, *s, argv_url[] = "redis://bob:s3cretpw@h:1/0";

	parse_ok("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0", NULL, NULL);
	parse_ok("redis://localhost", "redis://localhost:6379/0", NULL, NULL);
	parse_ok("redis://:s3cret@h:6390/3", "redis://h:6390/3", NULL, "s3cret");
	parse_ok("redis://alice:s3cret@h", "redis://alice@h:6379/0", "alice", "s3cret");
	parse_ok("redis://alice@h", "redis://alice@h:6379/0", "alice", NULL);
	parse_ok("redis://:p%40ss%3Aw@h/1", "redis://h:6379/1", NULL, "p@ss:w");
	parse_ok("redis://:pa@ss@h", "redis://h:6379/0", NULL, "pa@ss");
	parse_ok("redis://[::1]:6379/0", "redis://[::1]:6379/0", NULL, NULL);
	parse_ok("redis://h:6379?db=4", "redis://h:6379/4", NULL, NULL);
	parse_ok("unix:///tmp/redis.sock", "unix:///tmp/redis.sock", NULL, NULL);
	parse_ok("unix:///tmp/redis.sock?db=2", "unix:///tmp/redis.sock?db=2", NULL, NULL);
	parse_ok("REDIS://H:1/0", "redis://H:1/0", NULL, NULL);
	parse_ok("redis://:@localhost:6379/0", "redis://localhost:6379/0", NULL, NULL);

	parse_bad("rediss://:s3cret@h:6380", "TLS");
	parse_bad("http://:s3cret@h", "not a Redis URL");
	parse_bad("redis://:s3cret@h:99999", "port");
	parse_bad("redis://:s3cret@h:6379/x", "database");
	parse_bad("redis://:s3cret@h:6379?timeout=5", "not supported");
	parse_bad("unix://relative.sock", "absolute");

	ok(endpoint_resolve(&ep, NULL, lookup, &none, &cause) == 0, "resolves with nothing set");
	s = endpoint_describe(&ep);
	is_str(s, "redis://127.0.0.1:6379/0", "the default endpoint");
	free(s);
	endpoint_free(&ep);

	ok(endpoint_resolve(&ep, NULL, lookup, &hostport, &cause) == 0, "resolves host/port/db");
	s = endpoint_describe(&ep);
	is_str(s, "redis://cache.internal:6380/2", "REDIS_HOST, REDIS_PORT and REDIS_DB");
	is_str(ep.password, "pw", "REDIS_PASSWORD");
	free(s);
	endpoint_free(&ep);

	ok(endpoint_resolve(&ep, NULL, lookup, &both, &cause) == 0, "resolves REDIS_URL");
	s = endpoint_describe(&ep);
	is_str(s, "redis://alice@urlhost:7000/1", "REDIS_URL wins over REDIS_HOST; REDIS_USERNAME applies");
	is_str(ep.password, "envpw", "REDIS_PASSWORD applies to a URL without one");
	free(s);
	endpoint_free(&ep);

	ok(endpoint_resolve(&ep, "redis://:own@flaghost/0", lookup, &both, &cause) == 0, "resolves --url");
	is_str(ep.host, "flaghost", "--url wins over REDIS_URL");
	is_str(ep.password, "own", "a URL's own password wins over REDIS_PASSWORD");
	is_str(ep.user, NULL, "REDIS_USERNAME does not apply to a URL with its own password");
	endpoint_free(&ep);

	ok(endpoint_resolve(&ep, "unix:///run/r.sock", lookup, &both, &cause) == 0, "resolves a unix URL");
	is_str(ep.password, "envpw", "REDIS_PASSWORD applies to unix:// too");
	endpoint_free(&ep);

	ok(endpoint_resolve(&ep, NULL, lookup, &badport, &cause) < 0, "a bad REDIS_PORT is refused");
	free(cause);

	s = endpoint_mask_url("redis://bob:s3cretpw@h:1/0");
	is_str(s, "redis://bob:***@h:1/0", "masking a URL");
	free(s);
	ok(endpoint_wipe_url_password(argv_url) == 1, "wiping reports a password");
	is_str(argv_url, "redis://bob:***@h:1/0", "the argv string no longer holds the password");
	ok(memchr(argv_url, 's', sizeof argv_url) == NULL || strstr(argv_url, "s3cret") == NULL,
	    "no trace of the password is left in the buffer");
	return done_testing();
}
