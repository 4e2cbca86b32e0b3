/* Version report. */
#include "config.h"

#include <stdlib.h>

/* leptonica before curses: curses defines COLOR_RED, a leptonica enum name. */
#include <leptonica/allheaders.h>
#include <curses.h>
#include <hiredis/hiredis.h>
#include <jansson.h>
#include <readline/readline.h>
#include <tesseract/capi.h>

#include "version.h"

void
version_describe(struct buf *out)
{
	char *lept = getLeptonicaVersion();

	buf_printf(out, "ocrtop %s\n", PACKAGE_VERSION);
	buf_printf(out, "  hiredis %d.%d.%d\n", HIREDIS_MAJOR, HIREDIS_MINOR, HIREDIS_PATCH);
	buf_printf(out, "  tesseract %s\n", TessVersion());
	buf_printf(out, "  %s\n", lept != NULL ? lept : "leptonica ?");
	buf_printf(out, "  %s\n", curses_version());
	buf_printf(out, "  readline %s\n", rl_library_version != NULL ? rl_library_version : "?");
	buf_printf(out, "  jansson %s\n", jansson_version_str());
	buf_adds(out, "License GPL-3.0-or-later: <https://gnu.org/licenses/gpl.html>\n");
	lept_free(lept);
}
