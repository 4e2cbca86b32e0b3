/* Finding a task's image: extension order, file_path inside and outside
 * the files directory, "..", symlinks out, absolute paths elsewhere, bad
 * file_ids, missing files. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imagepath.h"
#include "tap.h"
#include "xmalloc.h"

static char *base;	/* realpath of the scratch dir */

static char *at(const char *rel);
static void make_file(const char *rel);
static void make_dir(const char *rel);
static void make_link(const char *target, const char *rel);
static void found(const char *dir, const char *id, const char *path,
    const char *want_rel, const char *name);
static void refused(const char *dir, const char *id, const char *path,
    const char *want_prefix, const char *name);

static char *
at(const char *rel)
{
	return xasprintf("%s/%s", base, rel);
}

static void
make_file(const char *rel)
{
	char *p = at(rel);
	FILE *f = fopen(p, "w");

	if (f == NULL || fputs("not really an image\n", f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot create %s: %s\n", p, strerror(errno));
		exit(1);
	}
	free(p);
}

static void
make_dir(const char *rel)
{
	char *p = at(rel);

	if (mkdir(p, 0700) != 0) {
		printf("Bail out! mkdir %s: %s\n", p, strerror(errno));
		exit(1);
	}
	free(p);
}

static void
make_link(const char *target, const char *rel)
{
	char *p = at(rel);

	if (symlink(target, p) != 0) {
		printf("Bail out! symlink %s: %s\n", p, strerror(errno));
		exit(1);
	}
	free(p);
}

/* dir relative to base unless absolute or NULL. */
static void
found(const char *dir, const char *id, const char *path, const char *want_rel,
    const char *name)
{
	char *d = dir == NULL || dir[0] == '/' ? NULL : at(dir);
	char *want = at(want_rel), *cause = NULL, *got;

	got = imagepath_resolve(d != NULL ? d : dir, id, path, &cause);
	if (!is_str(got, want, name) && cause != NULL)
		diag("cause: %s", cause);
	free(got);
	free(cause);
	free(want);
	free(d);
}

static void
refused(const char *dir, const char *id, const char *path,
    const char *want_prefix, const char *name)
{
	char *d = dir == NULL || dir[0] == '/' ? NULL : at(dir);
	char *cause = NULL, *got;

	got = imagepath_resolve(d != NULL ? d : dir, id, path, &cause);
	if (!ok(got == NULL && cause != NULL &&
	    strncmp(cause, want_prefix, strlen(want_prefix)) == 0, "%s", name))
		diag("got %s, cause '%s'", got != NULL ? got : "NULL", cause != NULL ? cause : "NULL");
	free(got);
	free(cause);
	free(d);
}

int
main(void)
{
	const char *scratch = getenv("OCRTOP_TEST_DIR");
	char *tmp = NULL, *root, *abs_in, *abs_out, *via_link, *cwd_file, *cause = NULL, *got;

	if (scratch == NULL) {
		tmp = xstrdup("/tmp/ocrtop-test-imagepath.XXXXXX");
		if (mkdtemp(tmp) == NULL) {
			printf("Bail out! mkdtemp: %s\n", strerror(errno));
			return 1;
		}
		scratch = tmp;
	}
	if ((root = realpath(scratch, NULL)) == NULL) {
		printf("Bail out! realpath %s: %s\n", scratch, strerror(errno));
		return 1;
	}
	/* Everything below scratch/ip, whose real path the results carry. */
	base = root;
	make_dir("ip");
	base = xasprintf("%s/ip", root);
	free(root);

	make_dir("files");
	make_dir("files/sub");
	make_dir("files/dir.png");
	make_dir("outside");
	make_file("outside/secret.png");
	make_file("files/a");
	make_file("files/a.png");
	make_file("files/b.jpg");
	make_file("files/b.png");
	make_file("files/c.tiff");
	make_file("files/d.tif");
	make_file("files/d.jpeg");
	make_file("files/dir.gif");
	make_file("files/e.webp");
	make_file("files/f.pnm");
	make_file("files/sub/inner.png");
	make_link("../outside/secret.png", "files/out.png");
	make_link("a.png", "files/in.png");
	make_link("../outside", "files/outdir");
	make_link("files", "files-link");

	/* file_id and the extension search */
	found("files", "a", NULL, "files/a", "bare DIR/<file_id> comes first");
	found("files", "b", NULL, "files/b.png", "png before jpg");
	found("files", "c", NULL, "files/c.tiff", "tiff found");
	found("files", "d", NULL, "files/d.jpeg", "jpeg before tif");
	found("files", "e", NULL, "files/e.webp", "webp found");
	found("files", "f", NULL, "files/f.pnm", "pnm found");
	found("files", "dir", NULL, "files/dir.gif", "a directory named dir.png is skipped");
	found("files", "in", NULL, "files/a.png", "symlink inside the dir: its target");
	found("files-link", "a", NULL, "files/a", "files dir given through a symlink");
	refused("files", "missing", NULL, "file not found: ", "missing file_id: not found");
	refused("files", "out", NULL, "file_id leads out of --files-dir", "file_id symlink out: refused");
	refused("files", "x/y", NULL, "invalid file_id", "file_id with '/': refused");
	refused("files", "..", NULL, "invalid file_id", "file_id ..: refused");
	refused("files", ".", NULL, "invalid file_id", "file_id .: refused");
	refused("files", "../outside/secret", NULL, "invalid file_id", "file_id ../x: refused");
	refused("files", "\x1b[2J\n", NULL, "file not found: ", "file_id with control bytes: just not found");

	got = imagepath_resolve(base, "missing", NULL, &cause);
	ok(got == NULL && cause != NULL && strstr(cause, "/missing[.png|.jpg|.jpeg|.tif|.tiff|.bmp|.pnm|.gif|.webp]") != NULL,
	    "not found message lists the extensions tried");
	diag("%s", cause != NULL ? cause : "(none)");
	free(cause);
	cause = NULL;

	/* file_path */
	found("files", "a", "b.jpg", "files/b.jpg", "file_path wins over file_id");
	found("files", NULL, "sub/inner.png", "files/sub/inner.png", "relative file_path inside");
	found("files", NULL, "./sub//inner.png", "files/sub/inner.png", "relative file_path with ./ and //");
	found("files", NULL, "in.png", "files/a.png", "file_path symlink inside: its target");
	found("files", "a", "nope.png", "files/a", "missing file_path: falls back to file_id");
	found("files", "a", "sub", "files/a", "file_path naming a directory: falls back to file_id");
	abs_in = at("files/sub/inner.png");
	found("files", NULL, abs_in, "files/sub/inner.png", "absolute file_path inside");
	via_link = at("files-link/sub/inner.png");
	found("files-link", NULL, via_link, "files/sub/inner.png",
	    "absolute file_path through the files dir as configured (a symlink)");
	found("files", NULL, via_link, "files/sub/inner.png",
	    "absolute file_path through a symlink into the files dir");
	abs_out = at("outside/secret.png");
	refused("files", NULL, abs_out, "file_path escapes --files-dir", "absolute file_path outside: refused");
	refused("files", "a", abs_out, "file_path escapes --files-dir",
	    "absolute file_path outside: refused, no fallback to file_id");
	refused("files", NULL, "/etc/passwd", "file_path escapes --files-dir", "/etc/passwd: refused");
	refused("files", NULL, "/etc/no-such-file", "file_path escapes --files-dir",
	    "a missing file outside gets the same answer (no existence oracle)");
	refused("files", NULL, "../outside/secret.png", "file_path escapes --files-dir", "../ in file_path: refused");
	refused("files", NULL, "sub/../a.png", "file_path escapes --files-dir", "any .. component: refused");
	refused("files", NULL, "out.png", "file_path escapes --files-dir", "file_path symlink out: refused");
	refused("files", NULL, "outdir/secret.png", "file_path escapes --files-dir",
	    "file_path through a symlinked directory out: refused");
	refused("files", NULL, "nope.png", "file not found: ", "missing file_path, no file_id: not found");
	refused("files", NULL, NULL, "the task has neither", "neither file_id nor file_path: refused");
	refused("files", "", "", "the task has neither", "empty file_id and file_path: refused");
	refused("no-such-dir", "a", NULL, "--files-dir ", "missing files dir: refused");
	refused("files/a", "a", NULL, "--files-dir ", "files dir that is a file: refused");

	/* No files dir: only file_path, as given. */
	found(NULL, NULL, abs_out, "outside/secret.png", "no files dir: absolute file_path used");
	refused(NULL, "a", NULL, "the task has no file_path", "no files dir: file_id alone is not enough");
	refused(NULL, NULL, "/no/such/file.png", "file not found: /no/such/file.png", "no files dir: missing file");
	cwd_file = at("files");
	if (chdir(cwd_file) == 0)
		found(NULL, NULL, "sub/inner.png", "files/sub/inner.png", "no files dir: relative to the working dir");
	else
		ok(0, "chdir %s: %s", cwd_file, strerror(errno));

	free(cwd_file);
	free(abs_in);
	free(abs_out);
	free(via_link);
	free(base);
	if (tmp != NULL) {
		char *cmd = xasprintf("rm -rf '%s'", tmp);

		if (chdir("/") != 0 || system(cmd) != 0)
			diag("could not remove %s", tmp);
		free(cmd);
		free(tmp);
	}
	return done_testing();
}
