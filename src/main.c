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
#include "version.h"

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
	struct opt_group global = { ctx_options, ctx_option, NULL };
	const struct cmd_entry *cmd;
	struct buf b = BUF_INIT;
	struct ctx ctx;
	char *cause = NULL;
	int first, rc;

	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);	/* a dropped Redis connection must not kill us */
	ctx_init(&ctx);
	global.state = &ctx;

	first = opts_parse(argc, argv, &global, 1, 1, &cause);
	if (first < 0) {
		buf_printf(&b, "%s (see 'ocrtop --help')", cause);
		ctx_error(&ctx, buf_str(&b));
		buf_free(&b);
		free(cause);
		ctx_free(&ctx);
		return EXIT_USAGE;
	}
	if (ctx.version) {
		version_describe(&b);
		ctx_free(&ctx);
		return print_and_free(&b, EXIT_OK);
	}
	if (first >= argc) {
		cmd_help_all(&b);
		rc = ctx.help ? EXIT_OK : EXIT_USAGE;
		ctx_free(&ctx);
		return print_and_free(&b, rc);
	}
	if ((cmd = cmd_find(argv[first])) == NULL) {
		buf_printf(&b, "unknown command '%s' (see 'ocrtop --help')", argv[first]);
		ctx_error(&ctx, buf_str(&b));
		buf_free(&b);
		ctx_free(&ctx);
		return EXIT_USAGE;
	}
	rc = cmd->exec(&ctx, argc - first, argv + first);
	ctx_free(&ctx);
	return rc;
}
