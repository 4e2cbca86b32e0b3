/* The dashboard's operator actions: keys on the selected row or on the
 * rows marked with Space, the `:` commands that name tasks or users, and
 * the dialog that previews, confirms (y, or the count typed for many
 * items), shows progress and the outcome. Every action runs as a job
 * (job.h) on its own thread: the keys stay live, Esc stops between
 * batches. Nothing happens on a single keystroke, and nothing at all in
 * read-only mode (the refusal is audited). */
#ifndef OCRTOP_UI_ACTIONS_H
#define OCRTOP_UI_ACTIONS_H

#include "job.h"
#include "ui.h"

/* The action keys, for the help overlay. */
extern const struct key_help ui_task_action_keys[];
extern const struct key_help ui_user_action_keys[];

/* Handles a key for the open dialog or an action key; 1 if it was one. */
int ui_actions_key(struct ui *ui, int ch);
/* A job reported progress or a change of state. */
void ui_actions_wake(struct ui *ui);
/* Draws the open dialog, if any, over the screen. */
void ui_actions_draw(struct ui *ui);
/* Is the task id marked? */
int ui_marked(const struct ui *ui, const char *id, size_t len);
/* Starts an action (after the read-only check) with its dialog. spec's
 * ids, when it names none and the action is on tasks, are the marked
 * rows or the selected one. */
void ui_actions_start(struct ui *ui, struct job_spec *spec);
/* At exit: stops a running action and waits for it; frees the marks. */
void ui_actions_end(struct ui *ui);

#endif
