/* INFO parsing, including fields that come and go. */
#include "config.h"

#include <string.h>

#include "info.h"
#include "tap.h"

int
main(void)
{
	static const char text[] =
	    "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:3600\r\n\r\n"
	    "# Memory\r\nused_memory:1048576\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n"
	    "# Stats\r\nkeyspace_hits:90\r\nkeyspace_misses:10\r\nweird_line_without_colon\r\n"
	    "mem_fragmentation_ratio:1.25\r\n"
	    "# Keyspace\r\ndb0:keys=400123,expires=200000,avg_ttl=0\r\ndb3:keys=5,expires=0\r\n";
	struct info info;
	long long v;
	double d;

	info_parse(&info, text, strlen(text));
	is_str(info_get(&info, "redis_version"), "7.0.15", "a string field");
	ok(info_get_ll(&info, "used_memory", &v) == 0 && v == 1048576, "an integer field");
	ok(info_get_ll(&info, "maxmemory_policy", &v) < 0, "a string is not an integer");
	ok(info_get_ll(&info, "no_such_field", &v) < 0, "an absent field");
	ok(info_get_double(&info, "mem_fragmentation_ratio", &d) == 0 && d == 1.25, "a real field");
	ok(info_subfield_ll(info_get(&info, "db0"), "keys", &v) == 0 && v == 400123, "keyspace keys");
	ok(info_subfield_ll(info_get(&info, "db0"), "expires", &v) == 0 && v == 200000, "keyspace expires");
	ok(info_subfield_ll(info_get(&info, "db3"), "avg_ttl", &v) < 0, "an absent subfield");
	ok(info_subfield_ll("keyspace=1", "keys", &v) < 0, "a subfield is matched whole");
	is_str(info_get(&info, "weird_line_without_colon"), NULL, "lines without a colon are skipped");
	is_int((long long)info.n, 10, "every name:value line is a field");
	info_free(&info);
	info_parse(&info, "", 0);
	is_int((long long)info.n, 0, "an empty reply");
	info_free(&info);
	return done_testing();
}
