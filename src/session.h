/* Reading session values (the JSON strings the backend stores at
 * ns:session:{token}) without building a JSON tree.
 *
 * session_scan() validates the whole value as strict JSON (RFC 8259: a
 * truncated or otherwise broken value is "not JSON") and records where the
 * top-level members it knows start, so the census can classify 200k
 * sessions with no allocation per value. Escapes in keys and values are
 * decoded, duplicate members resolve to the last one (as JSON.parse,
 * jansson and Lua's cjson do). Deliberate differences from jansson, which
 * the tests pin down: bytes inside strings are not UTF-8-checked and \u0000
 * and lone surrogates are accepted, as the backend's JSON.parse and Redis's
 * cjson accept them. */
#ifndef OCRTOP_SESSION_H
#define OCRTOP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum session_verdict {
	SESSION_VALID,		/* an object with a usable user_id */
	SESSION_NOT_JSON,	/* not one well-formed JSON value */
	SESSION_NOT_OBJECT,	/* JSON, but an array, string, number... */
	SESSION_NO_USER		/* an object without a string or integer user_id */
};

enum session_field {
	SF_USER_ID,
	SF_EMAIL,
	SF_ROLE,
	SF_IP_ADDRESS,
	SF_CREATED_AT,
	SF_LAST_ACTIVITY,
	SF_COUNT
};

/* Where one member's value lies in the scanned text. */
struct json_span {
	const char	*p;	/* string: after the opening quote; else the token */
	size_t		 len;	/* string: up to the closing quote, escapes undecoded */
	char		 type;	/* 's'tring 'n'umber 'b'oolean 'z' null 'o'bject 'a'rray; 0 absent */
	char		 escaped; /* string holds backslash escapes */
};

struct session_fields {
	struct json_span f[SF_COUNT];
};

/* Validates s[0..len) and records the known top-level members. */
enum session_verdict session_scan(const char *s, size_t len, struct session_fields *out);
/* Appends a member's text: a string decoded, anything else as written.
 * Appends nothing for an absent member. */
void session_span_text(const struct json_span *span, struct buf *out);
/* Appends the user id of a valid session (a string decoded; an integer as
 * written) to out. */
void session_user_id(const struct session_fields *sf, struct buf *out);
/* Returns a member holding a timestamp (number or string; s, ms or ISO
 * 8601) in milliseconds, or -1. */
int64_t session_time_ms(const struct json_span *span);
/* Returns the name of a verdict for people ("not JSON", ...). */
const char *session_verdict_name(enum session_verdict v);

#endif
