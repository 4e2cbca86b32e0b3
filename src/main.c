/* ocrtop: entry point. Finds the command and runs it. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "ctx.h"
#include "ocr.h"
#include "version.h"
#include "xmalloc.h"

static int print_and_free(struct buf *b, int rc);

static int
print_and_free(struct buf *b, int rc)
{
	fputs(buf_str(b), rc == EXIT_OK ? stdout : stderr);
	buf_free(b);
	return rc;
}

int
main(int argc, char **argv)
{
	const struct opt *tables[32];
	const struct cmd_entry *cmd;
	struct buf b = BUF_INIT;
	struct ctx ctx;
	size_t nt = 0, i;
	int first, k, rc;
	char **args;

	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);	/* a dropped Redis connection must not kill us */
	ctx_init(&ctx);

	/* Find the command without applying any option: the command's own
	 * parser applies global and command options once, wherever they are
	 * (a password in --url is wiped from argv as it is applied). */
	tables[nt++] = ctx_options;
	for (i = 0; cmd_table[i] != NULL && nt < 31; i++) {
		if (cmd_table[i]->options != NULL)
			tables[nt++] = cmd_table[i]->options;
		if (cmd_table[i]->shared != NULL && nt < 31)
			tables[nt++] = cmd_table[i]->shared;
	}
	first = opts_first_operand(argc, argv, tables, nt);
	for (k = 1; k < first; k++) {
		if (strcmp(argv[k], "-V") == 0 || strcmp(argv[k], "--version") == 0) {
			version_describe(&b);
			ctx_free(&ctx);
			return print_and_free(&b, EXIT_OK);
		}
		if (first == argc && (strcmp(argv[k], "-h") == 0 || strcmp(argv[k], "--help") == 0)) {
			cmd_help_all(&b);
			ctx_free(&ctx);
			return print_and_free(&b, EXIT_OK);
		}
	}
	if (first == argc)
		cmd = cmd_find("dashboard");	/* the default command, as top */
	else if ((cmd = cmd_find(argv[first])) == NULL) {
		buf_printf(&b, "unknown command '%s' (see 'ocrtop --help')", argv[first]);
		ctx_error(&ctx, buf_str(&b));
		buf_free(&b);
		ctx_free(&ctx);
		return EXIT_USAGE;
	}
	/* Commands that run tesseract need OpenMP limited to one thread, set
	 * before libgomp loads: re-execute with OMP_THREAD_LIMIT=1 if unset. */
	if (strcmp(cmd->name, "worker") == 0 || strcmp(cmd->name, "dashboard") == 0)
		ocr_ensure_omp_limit(argv);
	/* The command sees its name, then every other argument in order. */
	args = xcalloc((size_t)argc + 1, sizeof *args);
	args[0] = (char *)cmd->name;
	for (k = 1, i = 1; k < argc; k++)
		if (k != first)
			args[i++] = argv[k];
	rc = cmd->exec(&ctx, (int)i, args);
	free(args);
	ctx_free(&ctx);
	return rc;
}
