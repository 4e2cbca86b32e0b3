/* What surrounds every screen: the header (endpoint, Redis, memory, ops,
 * clients, hit rate, connection, READ-ONLY, clock), the tabs, the
 * disconnected banner, the footer (census freshness, keys, messages), the
 * help overlay generated from the key tables, and the too-small notice. */
#ifndef OCRTOP_UI_FRAME_H
#define OCRTOP_UI_FRAME_H

#include "ui.h"

/* Draws a whole frame with view as the body. */
void ui_frame_draw(struct ui *ui, const struct view_ops *view);

#endif
