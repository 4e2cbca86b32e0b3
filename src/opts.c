/* Table-driven option parsing. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "xmalloc.h"

struct flat {
	const struct opt	*opt;
	const struct opt_group	*group;
};

int
opts_parse(int argc, char **argv, const struct opt_group *groups, size_t ngroups,
    int stop_at_operand, char **cause)
{
	struct flat *flat = NULL;
	struct option *lopts = NULL;
	struct buf shorts = BUF_INIT;
	size_t n = 0, g, i;
	int rc = -1, c;

	buf_adds(&shorts, stop_at_operand ? "+:" : ":");
	for (g = 0; g < ngroups; g++) {
		for (i = 0; groups[g].opts[i].name != NULL; i++) {
			const struct opt *o = &groups[g].opts[i];

			flat = xreallocarray(flat, n + 1, sizeof *flat);
			lopts = xreallocarray(lopts, n + 2, sizeof *lopts);
			flat[n].opt = o;
			flat[n].group = &groups[g];
			lopts[n].name = o->name;
			lopts[n].has_arg = o->arg == OPT_NOARG ? no_argument :
			    o->arg == OPT_ARG ? required_argument : optional_argument;
			lopts[n].flag = NULL;
			lopts[n].val = 256 + (int)n;
			if (o->letter != 0) {
				buf_addc(&shorts, (char)o->letter);
				if (o->arg == OPT_ARG)
					buf_addc(&shorts, ':');
			}
			n++;
		}
	}
	lopts = xreallocarray(lopts, n + 1, sizeof *lopts);
	memset(&lopts[n], 0, sizeof lopts[n]);

	optind = 0;		/* GNU: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, buf_str(&shorts), lopts, NULL)) != -1) {
		const char *bad = argv[optind - 1];
		size_t k = n;

		if (c == '?') {
			if (optopt != 0 && optopt < 256)
				*cause = xasprintf("unknown option '-%c'", optopt);
			else
				*cause = xasprintf("unknown option '%.*s'", (int)strcspn(bad, "="), bad);
			goto out;
		}
		if (c == ':') {
			if (optopt != 0 && optopt < 256)
				*cause = xasprintf("option '-%c' needs a value", optopt);
			else
				*cause = xasprintf("option '%.*s' needs a value", (int)strcspn(bad, "="), bad);
			goto out;
		}
		if (c >= 256)
			k = (size_t)(c - 256);
		else
			for (k = 0; k < n && flat[k].opt->letter != c; k++)
				;
		if (k == n) {
			*cause = xasprintf("unknown option '-%c'", c);
			goto out;
		}
		if (flat[k].group->handler(flat[k].group->state, flat[k].opt->id, optarg, cause) < 0)
			goto out;
	}
	rc = optind;
out:
	free(flat);
	free(lopts);
	buf_free(&shorts);
	return rc;
}

int
opts_long(const char *name, const char *arg, long min, long max, long *out, char **cause)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		*cause = xasprintf("%s: expected a number from %ld to %ld", name, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

void
opts_help(struct buf *out, const struct opt *opts)
{
	size_t i;

	for (i = 0; opts[i].name != NULL; i++) {
		const struct opt *o = &opts[i];
		size_t start = out->len;
		int w;

		buf_adds(out, "  ");
		if (o->letter != 0)
			buf_printf(out, "-%c, ", o->letter);
		else
			buf_adds(out, "    ");
		buf_printf(out, "--%s", o->name);
		if (o->arg == OPT_ARG)
			buf_printf(out, " %s", o->metavar);
		else if (o->arg == OPT_OPTARG)
			buf_printf(out, "[=%s]", o->metavar);
		w = (int)(out->len - start);
		buf_printf(out, "%*s%s\n", w < 30 ? 30 - w : 1, "", o->help);
	}
}

static int takes_value(const char *arg, const struct opt *const *tables, size_t ntables);

/* Whether arg (an option without "=value") consumes the next argument. */
static int
takes_value(const char *arg, const struct opt *const *tables, size_t ntables)
{
	size_t t, i;

	for (t = 0; t < ntables; t++) {
		for (i = 0; tables[t][i].name != NULL; i++) {
			const struct opt *o = &tables[t][i];

			if (o->arg != OPT_ARG)
				continue;
			if (arg[1] == '-' && strcmp(arg + 2, o->name) == 0)
				return 1;
			if (arg[1] != '-' && o->letter != 0 && arg[strlen(arg) - 1] == o->letter &&
			    strchr(arg + 1, o->letter) == arg + strlen(arg) - 1)
				return 1;
		}
	}
	return 0;
}

int
opts_first_operand(int argc, char **argv, const struct opt *const *tables, size_t ntables)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : argc;
		if (a[0] != '-' || a[1] == '\0')
			return i;
		if (strchr(a, '=') == NULL && takes_value(a, tables, ntables))
			i++;
	}
	return argc;
}
