/* Finding a task's image without leaving the files directory. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "imagepath.h"
#include "xmalloc.h"

/* Results of one lookup; the path is set on FOUND. */
enum lookup {
	LOOKUP_FOUND,
	LOOKUP_MISSING,
	LOOKUP_ESCAPES
};

static const char *const image_exts[] = {
	"png", "jpg", "jpeg", "tif", "tiff", "bmp", "pnm", "gif", "webp"
};

static int file_id_is_valid(const char *file_id);
static char *normalize(const char *path, int *dotdot);
static int is_under(const char *path, const char *dir);
static int is_regular(const char *path);
static enum lookup resolve_inside(const char *root, const char *path, char **out);
static enum lookup from_path(const char *root, const char *files_dir,
    const char *file_path, char **out);
static enum lookup from_id(const char *root, const char *file_id, char **out);
static char *not_found(const char *files_dir, const char *file_id,
    const char *file_path);

static int
file_id_is_valid(const char *file_id)
{
	return strchr(file_id, '/') == NULL && strcmp(file_id, ".") != 0 &&
	    strcmp(file_id, "..") != 0;
}

/* Drops empty and "." components and trailing slashes, lexically; sets
 * *dotdot when a ".." component is present (it is kept). */
static char *
normalize(const char *path, int *dotdot)
{
	struct buf b = BUF_INIT;
	const char *p = path, *end;
	size_t n;

	*dotdot = 0;
	if (*p == '/')
		buf_addc(&b, '/');
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, '/');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			*dotdot = 1;
		if (!(n == 1 && p[0] == '.')) {
			if (b.len > 0 && b.data[b.len - 1] != '/')
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n;
	}
	if (b.len == 0)
		buf_addc(&b, '.');
	return buf_detach(&b);
}

/* Whether path is dir or inside it; both normalized, dir absolute. */
static int
is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int
is_regular(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Resolves path (symlinks followed) and checks it stays under root. */
static enum lookup
resolve_inside(const char *root, const char *path, char **out)
{
	char *real;

	if ((real = realpath(path, NULL)) == NULL)
		return LOOKUP_MISSING;
	if (!is_under(real, root)) {
		free(real);
		return LOOKUP_ESCAPES;
	}
	if (!is_regular(real)) {
		free(real);
		return LOOKUP_MISSING;
	}
	*out = real;
	return LOOKUP_FOUND;
}

/* The task's file_path, relative to files_dir unless absolute. An
 * absolute path that is not lexically under files_dir (as configured or
 * resolved) escapes unless it resolves to a file inside, whether or not it
 * exists: the answer must not tell whether a file outside exists. */
static enum lookup
from_path(const char *root, const char *files_dir, const char *file_path,
    char **out)
{
	enum lookup r;
	char *norm, *dir, *joined;
	int dotdot, unused, inside;

	norm = normalize(file_path, &dotdot);
	if (dotdot) {
		free(norm);
		return LOOKUP_ESCAPES;
	}
	if (norm[0] == '/') {
		dir = normalize(files_dir, &unused);
		inside = is_under(norm, root) || (dir[0] == '/' && is_under(norm, dir));
		free(dir);
		if ((r = resolve_inside(root, norm, out)) == LOOKUP_MISSING && !inside)
			r = LOOKUP_ESCAPES;
	} else {
		joined = xasprintf("%s/%s", root, norm);
		r = resolve_inside(root, joined, out);
		free(joined);
	}
	free(norm);
	return r;
}

/* DIR/<file_id>, then DIR/<file_id>.<ext> in image_exts order. */
static enum lookup
from_id(const char *root, const char *file_id, char **out)
{
	enum lookup r;
	char *path;
	size_t i;

	for (i = 0; i <= sizeof image_exts / sizeof image_exts[0]; i++) {
		if (i == 0)
			path = xasprintf("%s/%s", root, file_id);
		else
			path = xasprintf("%s/%s.%s", root, file_id, image_exts[i - 1]);
		r = resolve_inside(root, path, out);
		free(path);
		if (r != LOOKUP_MISSING)
			return r;
	}
	return LOOKUP_MISSING;
}

static char *
not_found(const char *files_dir, const char *file_id, const char *file_path)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "file not found: ");
	if (file_path != NULL)
		buf_adds(&b, file_path);
	if (file_path != NULL && file_id != NULL)
		buf_adds(&b, " or ");
	if (file_id != NULL) {
		buf_printf(&b, "%s/%s[", files_dir, file_id);
		for (i = 0; i < sizeof image_exts / sizeof image_exts[0]; i++)
			buf_printf(&b, "%s.%s", i == 0 ? "" : "|", image_exts[i]);
		buf_addc(&b, ']');
	}
	return buf_detach(&b);
}

char *
imagepath_resolve(const char *files_dir, const char *file_id,
    const char *file_path, char **cause)
{
	enum lookup r = LOOKUP_MISSING;
	char *root, *out = NULL;
	struct stat sb;

	if (file_id != NULL && *file_id == '\0')
		file_id = NULL;
	if (file_path != NULL && *file_path == '\0')
		file_path = NULL;
	if (files_dir != NULL && *files_dir == '\0')
		files_dir = NULL;
	if (file_id != NULL && !file_id_is_valid(file_id)) {
		*cause = xasprintf("invalid file_id (a '/', or . or ..): %s", file_id);
		return NULL;
	}
	if (file_id == NULL && file_path == NULL) {
		*cause = xstrdup("the task has neither a file_id nor a file_path");
		return NULL;
	}

	if (files_dir == NULL) {
		if (file_path == NULL) {
			*cause = xstrdup("the task has no file_path, and no --files-dir is set");
			return NULL;
		}
		if ((out = realpath(file_path, NULL)) == NULL || !is_regular(out)) {
			free(out);
			*cause = not_found(NULL, NULL, file_path);
			return NULL;
		}
		return out;
	}

	if ((root = realpath(files_dir, NULL)) == NULL ||
	    stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*cause = xasprintf("--files-dir %s: %s", files_dir,
		    root == NULL ? strerror(errno) : "not a directory");
		free(root);
		return NULL;
	}
	if (file_path != NULL && (r = from_path(root, files_dir, file_path, &out)) == LOOKUP_ESCAPES)
		*cause = xasprintf("file_path escapes --files-dir: %s", file_path);
	if (r == LOOKUP_MISSING && file_id != NULL &&
	    (r = from_id(root, file_id, &out)) == LOOKUP_ESCAPES)
		*cause = xasprintf("file_id leads out of --files-dir (symlink): %s", file_id);
	if (r == LOOKUP_MISSING)
		*cause = not_found(files_dir, file_id, file_path);
	free(root);
	return r == LOOKUP_FOUND ? out : NULL;
}
