/* `ocrtop --version`: ocrtop's version and the libraries it runs with. */
#ifndef OCRTOP_VERSION_H
#define OCRTOP_VERSION_H

#include "buf.h"

/* Appends the version lines. */
void version_describe(struct buf *out);

#endif
