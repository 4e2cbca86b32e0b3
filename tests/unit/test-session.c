/* The allocation-free session scanner, checked case by case and against
 * jansson (the allocating parser it replaces) on thousands of generated
 * and mutated values. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "sanitize.h"
#include "session.h"
#include "tap.h"

static void verdict_is(const char *json, enum session_verdict want, const char *name);
static void user_is(const char *json, const char *want, const char *name);
static enum session_verdict reference(const char *s, size_t len, struct buf *user);
static int valid_utf8(const char *s, size_t len);
static void gen_value(struct buf *b, unsigned *seed, int depth);
static unsigned rnd(unsigned *seed);

static void
verdict_is(const char *json, enum session_verdict want, const char *name)
{
	struct session_fields sf;
	enum session_verdict got = session_scan(json, strlen(json), &sf);

	if (!ok(got == want, "%s", name))
		diag("got %s, expected %s", session_verdict_name(got), session_verdict_name(want));
}

static void
user_is(const char *json, const char *want, const char *name)
{
	struct session_fields sf;
	struct buf b = BUF_INIT;

	if (session_scan(json, strlen(json), &sf) == SESSION_VALID)
		session_user_id(&sf, &b);
	is_str(buf_str(&b), want, name);
	buf_free(&b);
}

/* The same decision made with jansson. */
static enum session_verdict
reference(const char *s, size_t len, struct buf *user)
{
	json_error_t err;
	json_t *root = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err), *uid;
	enum session_verdict v;

	if (root == NULL)
		return strstr(err.text, "Unicode") != NULL ? (enum session_verdict)-1 : SESSION_NOT_JSON;
	if (!json_is_object(root)) {
		json_decref(root);
		return SESSION_NOT_OBJECT;
	}
	uid = json_object_get(root, "user_id");
	if (json_is_string(uid) && json_string_length(uid) > 0) {
		buf_add(user, json_string_value(uid), json_string_length(uid));
		v = SESSION_VALID;
	} else if (json_is_integer(uid)) {
		buf_printf(user, "%lld", (long long)json_integer_value(uid));
		v = SESSION_VALID;
	} else
		v = SESSION_NO_USER;
	json_decref(root);
	return v;
}

static int
valid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);

		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

static unsigned
rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* Appends a random JSON value, objects favouring session-like members. */
static void
gen_value(struct buf *b, unsigned *seed, int depth)
{
	static const char *const keys[] = { "user_id", "email", "role", "last_activity",
	    "created_at", "ip_address", "user\\u005fid", "x", "nested" };
	static const char *const strings[] = { "\"u1\"", "\"\"", "\"a\\\"b\"", "\"caf\xc3\xa9\"",
	    "\"\\u0041\\n\"", "\"\\ud83d\\ude00\"", "\"tab\\there\"", "\"user-42\"" };
	static const char *const scalars[] = { "0", "-1", "42", "1697040000123", "1.5", "-0.5e3",
	    "true", "false", "null", "1E2" };
	unsigned k = rnd(seed) % 10, i, n;

	if (depth < 3 && k < 4) {
		n = rnd(seed) % 5;
		buf_addc(b, '{');
		for (i = 0; i < n; i++) {
			buf_printf(b, "%s\"%s\"%s:", i ? "," : "", keys[rnd(seed) % 9], rnd(seed) % 4 ? "" : " ");
			gen_value(b, seed, depth + 1);
		}
		buf_addc(b, '}');
	} else if (depth < 3 && k < 5) {
		n = rnd(seed) % 4;
		buf_addc(b, '[');
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(b, ',');
			gen_value(b, seed, depth + 1);
		}
		buf_addc(b, ']');
	} else if (k < 8)
		buf_adds(b, strings[rnd(seed) % 8]);
	else
		buf_adds(b, scalars[rnd(seed) % 10]);
}

int
main(void)
{
	struct session_fields sf;
	struct buf g = BUF_INIT, u1 = BUF_INIT, u2 = BUF_INIT;
	unsigned seed = 2024, agree = 0, compared = 0, i;
	int64_t t;

	verdict_is("{\"user_id\":\"user-uuid-abc\",\"email\":\"user@example.com\",\"role\":\"user\","
	    "\"ip_address\":\"192.168.1.10\",\"created_at\":1697040000,\"last_activity\":1697040120}",
	    SESSION_VALID, "the platform's session format");
	verdict_is(" {\"user_id\":\"u\"} \n", SESSION_VALID, "surrounding whitespace");
	verdict_is("not json", SESSION_NOT_JSON, "plain text");
	verdict_is("{\"user_id\":\"u\",\"email\":\"a@b", SESSION_NOT_JSON, "truncated JSON");
	verdict_is("{\"user_id\":\"u\"", SESSION_NOT_JSON, "an unclosed object");
	verdict_is("{\"user_id\":\"u\"}}", SESSION_NOT_JSON, "trailing garbage");
	verdict_is("{\"user_id\":\"u\",}", SESSION_NOT_JSON, "a trailing comma");
	verdict_is("{'user_id':'u'}", SESSION_NOT_JSON, "single quotes");
	verdict_is("{\"user_id\":\"a\nb\"}", SESSION_NOT_JSON, "a raw newline inside a string");
	verdict_is("{\"user_id\":\"u\",\"n\":01}", SESSION_NOT_JSON, "a leading zero");
	verdict_is("{\"user_id\":\"u\",\"n\":1.}", SESSION_NOT_JSON, "a bare decimal point");
	verdict_is("{\"user_id\":\"u\",\"n\":\"\\x41\"}", SESSION_NOT_JSON, "an invalid escape");
	verdict_is("", SESSION_NOT_JSON, "an empty value");
	verdict_is("[{\"user_id\":\"u\"}]", SESSION_NOT_OBJECT, "a JSON array");
	verdict_is("\"user_id\"", SESSION_NOT_OBJECT, "a JSON string");
	verdict_is("42", SESSION_NOT_OBJECT, "a JSON number");
	verdict_is("{}", SESSION_NO_USER, "an empty object");
	verdict_is("{\"email\":\"a@b\"}", SESSION_NO_USER, "no user_id");
	verdict_is("{\"user_id\":null}", SESSION_NO_USER, "a null user_id");
	verdict_is("{\"user_id\":\"\"}", SESSION_NO_USER, "an empty user_id");
	verdict_is("{\"user_id\":{\"id\":1}}", SESSION_NO_USER, "an object user_id");
	verdict_is("{\"user_id\":1.5}", SESSION_NO_USER, "a fractional user_id");
	verdict_is("{\"nested\":{\"user_id\":\"u\"}}", SESSION_NO_USER, "a nested user_id does not count");
	verdict_is("{\"user_id\":42}", SESSION_VALID, "a numeric user_id");
	verdict_is("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"
	    "\"user_id\":\"deep\"}", SESSION_VALID, "deep nesting elsewhere");
	user_is("{\"user_id\":\"u\\u0031\\\"x\"}", "u1\"x", "escapes in user_id are decoded");
	user_is("{\"user\\u005fid\":\"escaped-key\"}", "escaped-key", "an escaped key still matches");
	user_is("{\"user_id\":\"first\",\"user_id\":\"last\"}", "last", "the last duplicate wins");
	user_is("{\"user_id\":42}", "42", "a numeric user_id reads as its digits");
	user_is("{\"user_id\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80", "a surrogate pair decodes");
	user_is("{\"user_id\":\"a\\ud800b\"}", "a\xef\xbf\xbd" "b", "a lone surrogate becomes U+FFFD");

	session_scan("{\"user_id\":\"u\",\"last_activity\":1697040120}", 42, &sf);
	is_int(session_time_ms(&sf.f[SF_LAST_ACTIVITY]), 1697040120000LL, "last_activity in seconds");
	session_scan("{\"user_id\":\"u\",\"last_activity\":1697040120123}", 45, &sf);
	is_int(session_time_ms(&sf.f[SF_LAST_ACTIVITY]), 1697040120123LL, "last_activity in milliseconds");
	session_scan("{\"user_id\":\"u\",\"last_activity\":\"1697040120\"}", 44, &sf);
	is_int(session_time_ms(&sf.f[SF_LAST_ACTIVITY]), 1697040120000LL, "last_activity as a string");
	session_scan("{\"user_id\":\"u\",\"last_activity\":\"2023-10-11T16:02:00Z\"}", 54, &sf);
	is_int(session_time_ms(&sf.f[SF_LAST_ACTIVITY]), 1697040120000LL, "last_activity in ISO 8601");
	session_scan("{\"user_id\":\"u\",\"last_activity\":true}", 36, &sf);
	t = session_time_ms(&sf.f[SF_LAST_ACTIVITY]);
	is_int(t, -1, "a boolean last_activity is unknown");

	/* Differential: generated values, then truncated and corrupted ones. */
	for (i = 0; i < 20000; i++) {
		enum session_verdict a, b;
		size_t len;

		buf_clear(&g);
		gen_value(&g, &seed, 0);
		len = g.len;
		if (i % 3 == 1 && len > 1)
			len = rnd(&seed) % len;			/* truncate */
		else if (i % 3 == 2 && len > 0)
			g.data[rnd(&seed) % len] = "{}[]\",:\\ 0a\x01"[rnd(&seed) % 12];
		if (!valid_utf8(g.data, len) || memmem(g.data, len, "\\u0000", 6) != NULL)
			continue;
		buf_clear(&u1);
		buf_clear(&u2);
		a = session_scan(g.data, len, &sf);
		if (a == SESSION_VALID)
			session_user_id(&sf, &u1);
		b = reference(g.data, len, &u2);
		if ((int)b < 0)
			continue;	/* lone surrogates: a documented difference */
		compared++;
		if (a == b && u1.len == u2.len && memcmp(buf_str(&u1), buf_str(&u2), u1.len) == 0)
			agree++;
		else if (compared - agree <= 3)
			diag("disagree on %.*s: scan %s, jansson %s", (int)len, g.data,
			    session_verdict_name(a), session_verdict_name(b));
	}
	ok(compared > 15000, "compared %u generated values", compared);
	is_int(agree, compared, "the scanner agrees with jansson on every value");
	buf_free(&g);
	buf_free(&u1);
	buf_free(&u2);
	return done_testing();
}
