/* dotenv parsing: the `.env.redis` seed 000 writes and the usual variants. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "envfile.h"
#include "tap.h"

int
main(void)
{
	static const char seed[] =
	    "REDIS_HOST=127.0.0.1\n"
	    "REDIS_PORT=6379\n"
	    "REDIS_URL=redis://127.0.0.1:6379\n"
	    "\n"
	    "# Key prefixes\n"
	    "REDIS_TASK_QUEUE_PREFIX=ocr:task:queue\n"
	    "REDIS_TASK_DATA_PREFIX=ocr:task:data\n";
	static const char variants[] =
	    "export A=1\r\n"
	    "B = two words  # comment\n"
	    "C='single #not a comment'\n"
	    "D=\"double \\\"quoted\\\" $A\"\n"
	    "E=${A}x$B_\n"
	    "F=#hash-at-start\n"
	    "G=\n"
	    "A=again\n"
	    "H=\n"
	    "REDIS_PASSWORD=  # Empty for local dev\n"
	    "URL=redis://:${REDIS_PASSWORD}@${REDIS_HOST}:6379/0\n";
	struct envfile ef;
	char *cause = NULL;

	ok(envfile_parse(&ef, seed, strlen(seed), "seed", &cause) == 0, "seed 000's .env.redis parses");
	is_str(envfile_get(&ef, "REDIS_HOST"), "127.0.0.1", "REDIS_HOST");
	is_str(envfile_get(&ef, "REDIS_URL"), "redis://127.0.0.1:6379", "REDIS_URL keeps its colons");
	is_str(envfile_get(&ef, "REDIS_TASK_DATA_PREFIX"), "ocr:task:data", "a prefix");
	is_str(envfile_get(&ef, "MISSING"), NULL, "an absent name is NULL");
	envfile_free(&ef);

	setenv("REDIS_HOST", "envhost", 1);
	ok(envfile_parse(&ef, variants, strlen(variants), "variants", &cause) == 0, "variants parse");
	is_str(envfile_get(&ef, "A"), "again", "the last assignment wins; export and CRLF handled");
	is_str(envfile_get(&ef, "B"), "two words", "inline comments and trailing blanks are dropped");
	is_str(envfile_get(&ef, "C"), "single #not a comment", "single quotes are literal");
	is_str(envfile_get(&ef, "D"), "double \"quoted\" 1", "double quotes unescape and expand");
	is_str(envfile_get(&ef, "E"), "1x", "${A} expands; an unknown $B_ expands to nothing");
	is_str(envfile_get(&ef, "F"), "#hash-at-start", "a value may start with # (passwords do)");
	is_str(envfile_get(&ef, "G"), "", "an empty value");
	is_str(envfile_get(&ef, "REDIS_PASSWORD"), "", "an empty value with a comment");
	is_str(envfile_get(&ef, "URL"), "redis://:@envhost:6379/0", "seed 002's URL template expands from the environment");
	envfile_free(&ef);

	ok(envfile_parse(&ef, "A=1\nnot a line\n", 15, "bad.env", &cause) < 0, "a line without = is refused");
	is_str(cause, "bad.env:2: expected NAME=value", "the error names file and line");
	free(cause);
	cause = NULL;
	ok(envfile_parse(&ef, "P='secret\n", 10, "q.env", &cause) < 0, "an unterminated quote is refused");
	ok(cause != NULL && strstr(cause, "secret") == NULL, "the error does not quote the value");
	free(cause);
	cause = NULL;
	ok(envfile_load(&ef, "/nonexistent/.env.redis", &cause) < 0 && cause != NULL,
	    "a missing file is an error when asked for");
	free(cause);
	return done_testing();
}
