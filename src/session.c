/* Allocation-free scanning of session JSON. */
#include "config.h"

#include <string.h>

#include "session.h"
#include "timefmt.h"

#define MAX_DEPTH 512

static const char *const field_names[SF_COUNT] = {
	"user_id", "email", "role", "ip_address", "created_at", "last_activity"
};

static const char *skip_ws(const char *p, const char *end);
static const char *scan_string(const char *p, const char *end, int *escaped);
static const char *scan_number(const char *p, const char *end);
static const char *scan_literal(const char *p, const char *end, const char *word);
static int field_index(const char *key, size_t len, int escaped);
static void decode_string(const char *p, size_t len, struct buf *out);
static int hexval(char c);
static void put_utf8(struct buf *out, uint32_t cp);
static int is_integer(const struct json_span *span);

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* p points at the opening quote; returns the position after the closing
 * quote, or NULL when the string is malformed. */
static const char *
scan_string(const char *p, const char *end, int *escaped)
{
	*escaped = 0;
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c != '\\')
			continue;
		*escaped = 1;
		if (++p >= end)
			return NULL;
		switch (*p) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			break;
		case 'u':
			if (end - p < 5 || hexval(p[1]) < 0 || hexval(p[2]) < 0 ||
			    hexval(p[3]) < 0 || hexval(p[4]) < 0)
				return NULL;
			p += 4;
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

static const char *
scan_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p >= end)
		return NULL;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (p < end && *p == '.') {
		const char *digits = ++p;

		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == digits)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *digits;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		digits = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == digits)
			return NULL;
	}
	return p;
}

static const char *
scan_literal(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

static int
field_index(const char *key, size_t len, int escaped)
{
	char tmp[32];
	struct buf dec = BUF_INIT;
	int i, found = -1;

	if (escaped) {
		/* Rare: decode into a small buffer, bounded by the raw length. */
		if (len > 6 * sizeof tmp)
			return -1;
		decode_string(key, len, &dec);
		if (dec.len < sizeof tmp) {
			memcpy(tmp, dec.data, dec.len);
			key = tmp;
			len = dec.len;
		} else
			len = 0;
		buf_free(&dec);
	}
	for (i = 0; i < SF_COUNT && len > 0; i++)
		if (strlen(field_names[i]) == len && memcmp(field_names[i], key, len) == 0)
			found = i;
	return found;
}

enum session_verdict
session_scan(const char *s, size_t len, struct session_fields *out)
{
	const char *p = s, *end = s + len;
	unsigned char stack[MAX_DEPTH];
	int depth = 0, field = -1, top_object;
	const struct json_span *uid;

	memset(out, 0, sizeof *out);
	p = skip_ws(p, end);
	top_object = p < end && *p == '{';
	for (;;) {
		const char *start;
		char type;
		int escaped = 0;

		/* A value is expected here. */
		p = skip_ws(p, end);
		if (p >= end)
			return SESSION_NOT_JSON;
		start = p;
		switch (*p) {
		case '{':
		case '[':
			if (depth == MAX_DEPTH)
				return SESSION_NOT_JSON;
			if (depth == 1 && field >= 0) {
				out->f[field].p = start;
				out->f[field].len = 1;
				out->f[field].type = *p == '{' ? 'o' : 'a';
			}
			stack[depth++] = (unsigned char)*p;
			p = skip_ws(p + 1, end);
			if (p < end && (*p == '}' || *p == ']')) {
				if (*p != (stack[depth - 1] == '{' ? '}' : ']'))
					return SESSION_NOT_JSON;
				p++;
				depth--;
				goto after_value;
			}
			if (stack[depth - 1] == '{')
				goto member;
			continue;
		case '"':
			p = scan_string(p, end, &escaped);
			type = 's';
			break;
		case 't':
			p = scan_literal(p, end, "true");
			type = 'b';
			break;
		case 'f':
			p = scan_literal(p, end, "false");
			type = 'b';
			break;
		case 'n':
			p = scan_literal(p, end, "null");
			type = 'z';
			break;
		default:
			p = scan_number(p, end);
			type = 'n';
			break;
		}
		if (p == NULL)
			return SESSION_NOT_JSON;
		if (depth == 1 && field >= 0) {
			struct json_span *sp = &out->f[field];

			sp->type = type;
			sp->escaped = (char)escaped;
			sp->p = type == 's' ? start + 1 : start;
			sp->len = (size_t)(p - start) - (type == 's' ? 2 : 0);
		}
after_value:
		p = skip_ws(p, end);
		if (depth == 0)
			break;
		if (p >= end)
			return SESSION_NOT_JSON;
		if (*p == ',') {
			p++;
			if (stack[depth - 1] == '{')
				goto member;
			continue;
		}
		if (*p != (stack[depth - 1] == '{' ? '}' : ']'))
			return SESSION_NOT_JSON;
		p++;
		depth--;
		goto after_value;
member:
		{
			const char *key;

			p = skip_ws(p, end);
			if (p >= end || *p != '"')
				return SESSION_NOT_JSON;
			key = p + 1;
			if ((p = scan_string(p, end, &escaped)) == NULL)
				return SESSION_NOT_JSON;
			field = depth == 1 ? field_index(key, (size_t)(p - key - 1), escaped) : -1;
			p = skip_ws(p, end);
			if (p >= end || *p != ':')
				return SESSION_NOT_JSON;
			p++;
		}
	}
	if (p != end)
		return SESSION_NOT_JSON;
	if (!top_object)
		return SESSION_NOT_OBJECT;
	uid = &out->f[SF_USER_ID];
	if (!((uid->type == 's' && uid->len > 0) || is_integer(uid)))
		return SESSION_NO_USER;
	return SESSION_VALID;
}

static int
is_integer(const struct json_span *span)
{
	size_t i;

	if (span->type != 'n')
		return 0;
	for (i = 0; i < span->len; i++)
		if (span->p[i] == '.' || span->p[i] == 'e' || span->p[i] == 'E')
			return 0;
	return 1;
}

static void
put_utf8(struct buf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		buf_add(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, b, 4);
	}
}

/* Decodes the raw contents of a validated JSON string. Lone surrogates
 * become U+FFFD. */
static void
decode_string(const char *p, size_t len, struct buf *out)
{
	const char *end = p + len, *run = p;

	while (p < end) {
		uint32_t cp;

		if (*p != '\\') {
			p++;
			continue;
		}
		buf_add(out, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 'b': buf_addc(out, '\b'); p++; break;
		case 'f': buf_addc(out, '\f'); p++; break;
		case 'n': buf_addc(out, '\n'); p++; break;
		case 'r': buf_addc(out, '\r'); p++; break;
		case 't': buf_addc(out, '\t'); p++; break;
		case 'u':
			cp = (uint32_t)(hexval(p[1]) << 12 | hexval(p[2]) << 8 | hexval(p[3]) << 4 | hexval(p[4]));
			p += 5;
			if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
				uint32_t lo = (uint32_t)(hexval(p[2]) << 12 | hexval(p[3]) << 8 |
				    hexval(p[4]) << 4 | hexval(p[5]));

				if (lo >= 0xdc00 && lo <= 0xdfff) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			put_utf8(out, cp);
			break;
		default:
			buf_addc(out, *p++);	/* \" \\ \/ */
			break;
		}
		run = p;
	}
	buf_add(out, run, (size_t)(end - run));
}

void
session_span_text(const struct json_span *span, struct buf *out)
{
	if (span->type == 0)
		return;
	if (span->type == 's' && span->escaped)
		decode_string(span->p, span->len, out);
	else
		buf_add(out, span->p, span->len);
}

void
session_user_id(const struct session_fields *sf, struct buf *out)
{
	session_span_text(&sf->f[SF_USER_ID], out);
}

int64_t
session_time_ms(const struct json_span *span)
{
	if (span->type != 'n' && span->type != 's')
		return -1;
	return ts_parse(span->p, span->len);
}

const char *
session_verdict_name(enum session_verdict v)
{
	switch (v) {
	case SESSION_VALID:
		return "valid";
	case SESSION_NOT_JSON:
		return "not JSON";
	case SESSION_NOT_OBJECT:
		return "not a JSON object";
	case SESSION_NO_USER:
		return "no user_id";
	}
	return "?";
}
