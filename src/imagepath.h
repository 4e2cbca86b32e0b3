/* Where a task's image is on disk. file_id and file_path come from Redis
 * and may hold any bytes: with a files directory, nothing they say can
 * lead outside it ("..", absolute paths elsewhere, symlinks out). Error
 * messages quote them: sanitize before display. */
#ifndef OCRTOP_IMAGEPATH_H
#define OCRTOP_IMAGEPATH_H

/* Finds the image of a task. With files_dir: the task's own file_path
 * wins when present (relative paths count from files_dir), but it must
 * have no ".." component and resolve (realpath, symlinks followed) to a
 * regular file inside files_dir; an absolute path outside is refused the
 * same way whether it exists or not. When file_path is absent, or inside
 * but missing: DIR/<file_id>, then DIR/<file_id>.<ext> for png jpg jpeg
 * tif tiff bmp pnm gif webp, the first regular file inside. file_id must
 * not contain '/' or be "." or "..". Without files_dir only file_path is
 * used, as given. Returns the resolved path (allocated), or NULL + *cause
 * ("file not found: ...", "file_path escapes --files-dir: ..."). */
char *imagepath_resolve(const char *files_dir, const char *file_id,
    const char *file_path, char **cause);

#endif
