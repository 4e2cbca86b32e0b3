/* Terminal-safe rendering of untrusted bytes, and UTF-8 helpers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "xmalloc.h"

static int token_for(uint32_t cp, unsigned flags, char *tok, size_t *toklen);
static int is_bidi_control(uint32_t cp);
static size_t utf8_encode(uint32_t cp, char *out);

size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need, i;
	uint32_t v;
	unsigned char lo = 0x80, hi = 0xbf;

	if (len == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (c == 0xed)
			hi = 0x9f;		/* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;		/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;		/* past U+10FFFF */
	} else
		return 0;
	if (len < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		unsigned char cc = s[i];

		if (cc < (i == 1 ? lo : 0x80) || cc > (i == 1 ? hi : 0xbf))
			return 0;
		v = (v << 6) | (cc & 0x3f);
	}
	*cp = v;
	return need + 1;
}

static size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Bidi embeddings, overrides, isolates and marks, plus the line and
 * paragraph separators: all can make a line read differently from its
 * bytes (the "Trojan Source" class), so they are shown as escapes. */
static int
is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029;
}

/* Renders one code point as display text in tok; returns its width. */
static int
token_for(uint32_t cp, unsigned flags, char *tok, size_t *toklen)
{
	int w;

	switch (cp) {
	case '\n':
		memcpy(tok, "\\n", 2);
		*toklen = 2;
		return 2;
	case '\r':
		memcpy(tok, "\\r", 2);
		*toklen = 2;
		return 2;
	case '\t':
		memcpy(tok, "\\t", 2);
		*toklen = 2;
		return 2;
	default:
		break;
	}
	if (cp < 0x20 || cp == 0x7f) {
		*toklen = (size_t)snprintf(tok, 8, "\\x%02x", cp);
		return (int)*toklen;
	}
	if (cp < 0x80) {
		tok[0] = (char)cp;
		*toklen = 1;
		return 1;
	}
	w = -1;
	if (!(flags & SAN_ASCII) && cp >= 0xa0 && !is_bidi_control(cp))
		w = wcwidth((wchar_t)cp);
	if (w < 0) {
		if (cp > 0xffff)
			*toklen = (size_t)snprintf(tok, 16, "\\U%08x", cp);
		else
			*toklen = (size_t)snprintf(tok, 16, "\\u%04x", cp);
		return (int)*toklen;
	}
	*toklen = utf8_encode(cp, tok);
	return w;
}

int
sanitize_append(struct buf *out, const void *src, size_t len, int max_cols, unsigned flags)
{
	const unsigned char *s = src;
	const char *ell = (flags & SAN_ASCII) ? "~" : "\xe2\x80\xa6";
	size_t i = 0, cut_len = out->len;
	int cols = 0, cut_cols = 0, ell_w = 1;

	while (i < len) {
		char tok[16];
		size_t toklen, n;
		uint32_t cp;
		int w;

		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			toklen = (size_t)snprintf(tok, sizeof tok, "\\x%02x", s[i]);
			w = (int)toklen;
			n = 1;
		} else
			w = token_for(cp, flags, tok, &toklen);
		if (max_cols > 0 && cols + w > max_cols) {
			buf_truncate(out, cut_len);
			if (max_cols >= ell_w) {
				buf_adds(out, ell);
				cut_cols += ell_w;
			}
			return cut_cols;
		}
		buf_add(out, tok, toklen);
		cols += w;
		if (max_cols <= 0 || cols <= max_cols - ell_w) {
			cut_len = out->len;
			cut_cols = cols;
		}
		i += n;
	}
	return cols;
}

void
sanitize_append_padded(struct buf *out, const void *s, size_t len, int cols, unsigned flags)
{
	int used = sanitize_append(out, s, len, cols, flags);

	for (; used < cols; used++)
		buf_addc(out, ' ');
}

void
sanitize_lines_append(struct buf *out, const void *src, size_t len, unsigned flags)
{
	const char *p = src, *end = p + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);

		sanitize_append(out, p, n, 0, flags);
		if (nl == NULL)
			break;
		buf_addc(out, '\n');
		p = nl + 1;
	}
}

char *
sanitize(const void *s, size_t len, int max_cols, unsigned flags)
{
	struct buf b = BUF_INIT;

	sanitize_append(&b, s, len, max_cols, flags);
	return buf_detach(&b);
}

int
sanitize_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	int cols = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		int w;

		if (n == 0) {
			i++;
			continue;
		}
		w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		cols += w > 0 ? w : 0;
		i += n;
	}
	return cols;
}

void
utf8_repair_append(struct buf *out, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t i = 0, run = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n > 0) {
			i += n;
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_add(out, "\xef\xbf\xbd", 3);
		i++;
		run = i;
	}
	buf_add(out, s + run, len - run);
}
