/* Command-line options from const tables: one parser (getopt_long with
 * tables merged from several groups, so global options work before and
 * after the command) and one help formatter. */
#ifndef OCRTOP_OPTS_H
#define OCRTOP_OPTS_H

#include <stddef.h>

#include "buf.h"

enum opt_arg {
	OPT_NOARG,
	OPT_ARG,
	OPT_OPTARG
};

struct opt {
	const char	*name;		/* long name; NULL ends a table */
	int		 letter;	/* short option, or 0 */
	int		 id;		/* passed to the group's handler */
	enum opt_arg	 arg;
	const char	*metavar;	/* "URL", "DURATION", ... */
	const char	*help;		/* one line */
};

/* Applies one option; arg points into argv (so a handler may wipe it).
 * Returns 0, or -1 with *cause. */
typedef int (*opt_handler)(void *state, int id, char *arg, char **cause);

struct opt_group {
	const struct opt *opts;
	opt_handler	 handler;
	void		*state;
};

/* Parses argv[1..argc). With stop_at_operand, stops at the first operand
 * (to find a command); otherwise options may follow operands, which are
 * moved to the end. Returns the index of the first operand, or -1 with
 * *cause ("unknown option '--x'", "option '--url' needs a value"). */
int opts_parse(int argc, char **argv, const struct opt_group *groups, size_t ngroups,
    int stop_at_operand, char **cause);
/* Finds the first operand of argv[1..argc) without applying anything:
 * options are looked up in the given tables to know which take a value.
 * Returns its index, or argc when there is none. */
int opts_first_operand(int argc, char **argv, const struct opt *const *tables, size_t ntables);
/* Parses arg as a whole decimal number from min to max for option name
 * ("--count"). Returns 0, or -1 with *cause ("--count: expected a number
 * from 1 to 100000"). */
int opts_long(const char *name, const char *arg, long min, long max, long *out, char **cause);
/* Appends one aligned help line per option. */
void opts_help(struct buf *out, const struct opt *opts);

#endif
