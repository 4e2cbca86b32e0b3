/* Session sweeps against a real redis-server: logout-all deletes exactly
 * one user's sessions and never a value that is not one; the scripts
 * decide on the value as it is when they run (a session refreshed after
 * the scan is still logged out; one refreshed before a purge survives). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "keys.h"
#include "sweep.h"
#include "tap-redis.h"
#include "tap.h"
#include "timefmt.h"

static redisContext *rc;


int
main(void)
{
	struct key_overrides none = { NULL, NULL, NULL, NULL };
	struct endpoint ep = { ENDPOINT_UNIX, NULL, 0, (char *)tap_redis_sock(), 0, NULL, NULL };
	struct conn_opts o = { 2000, 2000, "ocrtop:test" };
	struct sweep_opts so;
	struct sweep_result res;
	struct scripts sc;
	struct keys k;
	struct conn c;
	char *cause = NULL;
	int64_t now = now_ms();
	int i;

	rc = tr_connect();
	keys_init(&k, "ocr", &none);
	conn_init(&c, &ep, &o);
	memset(&sc, 0, sizeof sc);
	if (rc == NULL || rc->err || conn_connect(&c, &cause) < 0) {
		printf("Bail out! cannot connect\n");
		return 1;
	}

	/* A platform with 500 sessions of 50 users, and trouble. */
	for (i = 0; i < 500; i++)
		tr_cmd("SET ocr:session:s%d {\"user_id\":\"u%d\",\"email\":\"u%d@x.org\",\"last_activity\":%lld}", i, i % 50,
		    i % 50, (long long)now);
	tr_cmd("SET ocr:session:junk1 not-json-but-mentions-u7");
	tr_cmd("SET ocr:session:junk2 {\"user_id\":\"u7\"");
	tr_cmd("SET ocr:session:junk3 [\"u7\"]");
	tr_cmd("SET ocr:session:junk4 {\"email\":\"u7\"}");
	tr_cmd("SET ocr:session:junk5 {\"nested\":{\"user_id\":\"u7\"}}");
	tr_cmd("HSET ocr:session:junk6 user_id u7");
	tr_cmd("SET ocr:session:num {\"user_id\":42}");
	tr_cmd("SET ocr:session:esc {\"user\\u005fid\":\"u7\"}");

	memset(&so, 0, sizeof so);
	so.field = SF_USER_ID;
	so.value = "u7";
	so.value_len = 2;
	so.scan_count = 37;
	ok(sweep_logout(&c, &k, &sc, &so, &res, &cause) == 0, "logout-all u7 runs");
	is_int(res.deleted, 11, "u7's ten sessions and the one with an escaped key are deleted");
	is_int((long long)res.nusers, 1, "one user's sessions went");
	is_str(res.nusers > 0 ? res.users[0].id : "", "u7", "...u7's");
	is_int(res.nusers > 0 ? res.users[0].deleted : -1, 11, "...all eleven counted as u7's");
	sweep_result_free(&res);
	is_int(tr_num("EXISTS ocr:session:junk1 ocr:session:junk2 ocr:session:junk3 ocr:session:junk4 "
	    "ocr:session:junk5 ocr:session:junk6"), 6, "values that are not u7's sessions are untouched");
	is_int(tr_num("DBSIZE"), 500 - 10 + 6 + 2 - 1, "no other key is touched");
	is_int(tr_num("EXISTS ocr:session:s8"), 1, "another user's session stays");

	so.value = "42";
	sweep_logout(&c, &k, &sc, &so, &res, &cause);
	is_int(res.deleted, 1, "a numeric user id is matched by its digits");
	sweep_result_free(&res);

	so.field = SF_EMAIL;
	so.value = "u9@x.org";
	so.value_len = 8;
	sweep_logout(&c, &k, &sc, &so, &res, &cause);
	is_int(res.deleted, 10, "logout by email");
	sweep_result_free(&res);

	/* The scripts decide on the value as it is when they run. */
	{
		const char *keys[4] = { "ocr:session:s1", "ocr:session:s2", "ocr:session:s3", "ocr:session:gone" };
		const char *args[2] = { "user_id", "u1" };
		redisReply *r;

		tr_cmd("SET ocr:session:s1 {\"user_id\":\"u1\",\"last_activity\":%lld}", (long long)now + 5);
		tr_cmd("SET ocr:session:s2 {\"user_id\":\"someone-else\"}");
		tr_cmd("SET ocr:session:s3 garbage");
		r = scripts_call(&sc, &c, SCRIPT_LOGOUT, 4, keys, NULL, 2, args, NULL, &cause);
		ok(r != NULL && r->type == REDIS_REPLY_STRING && strcmp(r->str, "1000") == 0,
		    "logout script: a session refreshed after the scan is still deleted, a replaced one is not");
		freeReplyObject(r);
		is_int(tr_num("EXISTS ocr:session:s1"), 0, "the refreshed session is gone");
		is_int(tr_num("EXISTS ocr:session:s2 ocr:session:s3"), 2, "the replaced values stay");
	}
	{
		const char *keys[2] = { "ocr:session:p1", "ocr:session:p2" };
		const char *args[2] = { "{\"user_id\":\"u\",\"last_activity\":1}", "{\"user_id\":\"u\",\"last_activity\":1}" };
		redisReply *r;

		tr_cmd("SET ocr:session:p1 {\"user_id\":\"u\",\"last_activity\":1}");
		tr_cmd("SET ocr:session:p2 {\"user_id\":\"u\",\"last_activity\":%lld}", (long long)now);
		r = scripts_call(&sc, &c, SCRIPT_PURGE_IDLE, 2, keys, NULL, 2, args, NULL, &cause);
		ok(r != NULL && r->type == REDIS_REPLY_INTEGER && r->integer == 1,
		    "purge script: only the value still as judged idle is deleted");
		freeReplyObject(r);
		is_int(tr_num("EXISTS ocr:session:p2"), 1, "a session refreshed since survives");
	}

	/* purge-idle: in seconds and in milliseconds; the rest stays. */
	tr_cmd("FLUSHALL");
	tr_cmd("SET ocr:session:old-s {\"user_id\":\"a\",\"last_activity\":%lld}", (long long)(now / 1000 - 7200));
	tr_cmd("SET ocr:session:old-ms {\"user_id\":\"a\",\"last_activity\":%lld}", (long long)(now - 7200000));
	tr_cmd("SET ocr:session:old-iso {\"user_id\":\"a\",\"last_activity\":\"2020-01-01T00:00:00Z\"}");
	tr_cmd("SET ocr:session:fresh {\"user_id\":\"a\",\"last_activity\":%lld}", (long long)now);
	tr_cmd("SET ocr:session:nolast {\"user_id\":\"a\"}");
	tr_cmd("SET ocr:session:bad {\"last_activity\":1}");
	memset(&so, 0, sizeof so);
	so.idle_ms = 30 * 60000;
	ok(sweep_count_idle(&c, &k, &so, &res, &cause) == 0 && res.candidates == 3, "counting idle sessions: 3");
	sweep_result_free(&res);
	is_int(tr_num("DBSIZE"), 6, "counting deletes nothing");
	sweep_purge_idle(&c, &k, &sc, &so, &res, &cause);
	is_int(res.deleted, 3, "purge-idle deletes sessions idle in s, ms and ISO 8601");
	sweep_result_free(&res);
	is_int(tr_num("EXISTS ocr:session:fresh ocr:session:nolast ocr:session:bad"), 3,
	    "fresh, undated and malformed sessions stay");

	conn_free(&c);
	keys_free(&k);
	tr_close();
	return done_testing();
}
