/* The sanitizer: nothing from Redis may move the cursor, clear the screen,
 * set the title, reorder a line or be cut in the middle of a character. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "tap.h"

static void check(const char *in, size_t len, int cols, unsigned flags, const char *want, const char *name);
static int has_control_bytes(const char *s);

static void
check(const char *in, size_t len, int cols, unsigned flags, const char *want, const char *name)
{
	char *got = sanitize(in, len, cols, flags);

	is_str(got, want, name);
	free(got);
}

/* True if s holds any byte a terminal acts on: C0, DEL, or a C1 control
 * (as raw byte or UTF-8 encoded). */
static int
has_control_bytes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xae || p[2] == 0xad || p[2] == 0xab ||
		    p[2] == 0xaa || p[2] == 0xac || p[2] == 0x8e || p[2] == 0x8f))
			return 1;
	}
	return 0;
}

int
main(void)
{
	struct buf b = BUF_INIT;
	char *s;
	int i, w;
	unsigned seed = 12345;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		diag("C.UTF-8 locale missing: wide-character checks may fail");

	check("plain text", 10, 0, 0, "plain text", "plain ASCII passes through");
	check("a\nb\rc\td", 7, 0, 0, "a\\nb\\rc\\td", "newline, CR and tab become visible escapes");
	check("abc\rXY", 6, 0, 0, "abc\\rXY", "a carriage return cannot overwrite the start of a line");
	check("\x1b]2;pwned\x07", 10, 0, 0, "\\x1b]2;pwned\\x07", "an OSC title sequence is shown, not run");
	check("\x1b[2J", 4, 0, 0, "\\x1b[2J", "a clear-screen sequence is shown, not run");
	check("\x7f", 1, 0, 0, "\\x7f", "DEL is escaped");
	check("a\0b", 3, 0, 0, "a\\x00b", "NUL bytes are shown");
	check("\xc2\x9b" "31m", 5, 0, 0, "\\u009b31m", "an encoded C1 CSI is escaped");
	check("\x9b" "31m", 4, 0, 0, "\\x9b31m", "a raw C1 byte (invalid UTF-8) is escaped");
	check("user\xe2\x80\xaegnp.exe", 14, 0, 0, "user\\u202egnp.exe", "a bidi override is neutralised");
	check("\xe2\x81\xa6x\xe2\x81\xa9", 7, 0, 0, "\\u2066x\\u2069", "bidi isolates are neutralised");
	check("caf\xc3\xa9", 5, 0, 0, "caf\xc3\xa9", "valid UTF-8 passes");
	check("caf\xc3\xa9", 5, 0, SAN_ASCII, "caf\\u00e9", "ASCII mode escapes non-ASCII");
	check("\xf0\x9f\x98\x80", 4, 0, SAN_ASCII, "\\U0001f600", "ASCII mode escapes astral characters");
	check("\xc3\x28", 2, 0, 0, "\\xc3(", "an invalid sequence shows its byte");
	check("\xc0\xaf", 2, 0, 0, "\\xc0\\xaf", "overlong encodings are refused");
	check("\xed\xa0\x80", 3, 0, 0, "\\xed\\xa0\\x80", "encoded surrogates are refused");
	check("\xf4\x90\x80\x80", 4, 0, 0, "\\xf4\\x90\\x80\\x80", "code points past U+10FFFF are refused");
	check("\xe2\x80\xa8", 3, 0, 0, "\\u2028", "the line separator is escaped");

	/* Cutting by columns. */
	check("abcdefghij", 10, 5, 0, "abcd\xe2\x80\xa6", "a long string is cut with an ellipsis");
	check("abcde", 5, 5, 0, "abcde", "a string that fits exactly is not cut");
	check("abcdefghij", 10, 5, SAN_ASCII, "abcd~", "ASCII mode cuts with ~");
	check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, 4, 0, "\xe6\x97\xa5\xe2\x80\xa6",
	    "double-width characters are cut by columns, never in half");
	check("ab\ncd", 5, 3, 0, "ab\xe2\x80\xa6", "an escape is never split by a cut");
	buf_clear(&b);
	w = sanitize_append(&b, "\xe6\x97\xa5\xe6\x9c\xac", 6, 0, 0);
	is_int(w, 4, "two CJK characters are four columns");
	is_int(sanitize_width("\xe6\x97\xa5x"), 3, "sanitize_width counts wide characters");
	buf_clear(&b);
	sanitize_append_padded(&b, "ab", 2, 5, 0);
	is_str(buf_str(&b), "ab   ", "padding fills to the width");
	buf_clear(&b);
	sanitize_append_padded(&b, "abcdefgh", 8, 5, 0);
	is_int(sanitize_width(buf_str(&b)), 5, "padded output is exactly the width when cut");

	/* Random bytes never produce a control byte or exceed the width. */
	for (i = 0; i < 2000; i++) {
		char in[64];
		int j, n = (int)(seed % 64), cols = (int)(seed % 40);

		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			in[j] = (char)(seed >> 16);
		}
		s = sanitize(in, (size_t)n, cols, i % 2 ? SAN_ASCII : 0);
		if (has_control_bytes(s) || (cols > 0 && sanitize_width(s) > cols)) {
			ok(0, "random input %d is safe", i);
			free(s);
			break;
		}
		free(s);
	}
	ok(i == 2000, "2000 random byte strings render without control bytes and within width");

	/* UTF-8 repair for JSON. */
	buf_clear(&b);
	utf8_repair_append(&b, "ok\xff\xc3\xa9\xc3", 6);
	is_str(buf_str(&b), "ok\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd", "invalid bytes become U+FFFD, valid ones stay");
	buf_free(&b);
	return done_testing();
}
