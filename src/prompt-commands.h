/* The dashboard's `:` commands (quit, help, view, task, user, filter,
 * census, theme, and the operator actions: requeue, priority, front,
 * cancel, delete, logout-all, purge-idle, audit) and completion of their
 * names and arguments (screens, task ids and user ids seen). */
#ifndef OCRTOP_PROMPT_COMMANDS_H
#define OCRTOP_PROMPT_COMMANDS_H

#include "ui.h"

/* Runs one command line typed at the prompt. */
void prompt_commands_run(struct ui *ui, const char *line);
/* Offers completion candidates (a prompt_complete_fn). */
void prompt_commands_complete(struct ui *ui, int word, const char *line,
    void (*add)(void *arg, const char *candidate), void *arg);

#endif
