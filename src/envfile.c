/* dotenv parsing. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "envfile.h"
#include "xmalloc.h"

static void expand_ref(const struct envfile *ef, const char **pp, const char *end, struct buf *out);
static int parse_value(const struct envfile *ef, const char *p, const char *end, struct buf *out);
static void set_var(struct envfile *ef, const char *name, size_t nlen, const char *value);

const char *
envfile_get(const struct envfile *ef, const char *name)
{
	size_t i;

	for (i = ef->n; i > 0; i--)
		if (strcmp(ef->names[i - 1], name) == 0)
			return ef->values[i - 1];
	return NULL;
}

static void
set_var(struct envfile *ef, const char *name, size_t nlen, const char *value)
{
	ef->names = xreallocarray(ef->names, ef->n + 1, sizeof *ef->names);
	ef->values = xreallocarray(ef->values, ef->n + 1, sizeof *ef->values);
	ef->names[ef->n] = xstrndup(name, nlen);
	ef->values[ef->n] = xstrdup(value);
	ef->n++;
}

/* Expands $NAME or ${NAME} at *pp (which points at '$'): earlier entries
 * of the file first, then the environment, else nothing. */
static void
expand_ref(const struct envfile *ef, const char **pp, const char *end, struct buf *out)
{
	const char *p = *pp + 1, *name;
	size_t nlen;
	int braced = 0;
	char *tmp;
	const char *val;

	if (p < end && *p == '{') {
		braced = 1;
		p++;
	}
	name = p;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	nlen = (size_t)(p - name);
	if (nlen == 0 || (braced && (p >= end || *p != '}'))) {
		buf_addc(out, '$');	/* not a reference: keep it literally */
		*pp += 1;
		return;
	}
	if (braced)
		p++;
	tmp = xstrndup(name, nlen);
	val = envfile_get(ef, tmp);
	if (val == NULL)
		val = getenv(tmp);
	if (val != NULL)
		buf_adds(out, val);
	free(tmp);
	*pp = p;
}

/* Parses the value part of one line; returns -1 on an unterminated quote. */
static int
parse_value(const struct envfile *ef, const char *p, const char *end, struct buf *out)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '\'') {
		const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

		if (q == NULL)
			return -1;
		buf_add(out, p + 1, (size_t)(q - p - 1));
		return 0;
	}
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; ) {
			if (*p == '\\' && p + 1 < end) {
				char c = p[1];

				buf_addc(out, c == 'n' ? '\n' : c == 't' ? '\t' : c);
				p += 2;
			} else if (*p == '$')
				expand_ref(ef, &p, end, out);
			else
				buf_addc(out, *p++);
		}
		return p < end ? 0 : -1;
	}
	while (p < end) {
		if (*p == '#' && (p[-1] == ' ' || p[-1] == '\t'))
			break;		/* an inline comment */
		if (*p == '$')
			expand_ref(ef, &p, end, out);
		else
			buf_addc(out, *p++);
	}
	while (out->len > 0 && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t'))
		buf_truncate(out, out->len - 1);
	return 0;
}

int
envfile_parse(struct envfile *ef, const char *text, size_t len, const char *origin, char **cause)
{
	const char *p = text, *end = text + len;
	struct buf value = BUF_INIT;
	unsigned lineno = 0;

	memset(ef, 0, sizeof *ef);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *name, *q;
		size_t nlen;

		if (eol == NULL)
			eol = end;
		lineno++;
		q = p;
		while (q < eol && isspace((unsigned char)*q))
			q++;
		if (q == eol || *q == '#') {
			p = eol + 1;
			continue;
		}
		if (eol - q > 7 && strncmp(q, "export", 6) == 0 && (q[6] == ' ' || q[6] == '\t'))
			for (q += 6; q < eol && (*q == ' ' || *q == '\t'); q++)
				;
		name = q;
		while (q < eol && (isalnum((unsigned char)*q) || *q == '_' || *q == '.'))
			q++;
		nlen = (size_t)(q - name);
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if (nlen == 0 || q >= eol || *q != '=') {
			*cause = xasprintf("%s:%u: expected NAME=value", origin, lineno);
			goto fail;
		}
		buf_clear(&value);
		if (parse_value(ef, q + 1, eol > q + 1 && eol[-1] == '\r' ? eol - 1 : eol, &value) < 0) {
			*cause = xasprintf("%s:%u: unterminated quote", origin, lineno);
			goto fail;
		}
		set_var(ef, name, nlen, buf_str(&value));
		p = eol + 1;
	}
	buf_free(&value);
	return 0;
fail:
	buf_free(&value);
	envfile_free(ef);
	return -1;
}

int
envfile_load(struct envfile *ef, const char *path, char **cause)
{
	FILE *f = fopen(path, "r");
	struct buf text = BUF_INIT;
	char chunk[4096];
	size_t n;
	int rc;

	memset(ef, 0, sizeof *ef);
	if (f == NULL) {
		*cause = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, n);
	if (ferror(f)) {
		*cause = xasprintf("cannot read %s: %s", path, strerror(errno));
		fclose(f);
		buf_free(&text);
		return -1;
	}
	fclose(f);
	rc = envfile_parse(ef, buf_str(&text), text.len, path, cause);
	buf_free(&text);
	return rc;
}

void
envfile_free(struct envfile *ef)
{
	size_t i;

	for (i = 0; i < ef->n; i++) {
		free(ef->names[i]);
		free(ef->values[i]);
	}
	free(ef->names);
	free(ef->values);
	memset(ef, 0, sizeof *ef);
}
