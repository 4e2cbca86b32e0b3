/* The one-line editor for `:` commands and `/` filters: GNU readline
 * through its callback interface, fed key by key from the UI's poll loop
 * and drawn by us on the footer row, so a live screen never freezes.
 * History lives in $XDG_STATE_HOME/ocrtop/history; Tab completes. */
#ifndef OCRTOP_PROMPT_H
#define OCRTOP_PROMPT_H

struct ui;

/* The candidates completion offers for word number `word` (0 = the
 * command) of the line so far: calls add(arg, candidate) for each. */
typedef void (*prompt_complete_fn)(struct ui *ui, int word, const char *line,
    void (*add)(void *arg, const char *candidate), void *arg);

/* Sets readline up (no terminal handling of its own) and loads history. */
void prompt_init(struct ui *ui, prompt_complete_fn complete);
/* Opens the editor with a label such as ":"; done gets the line. */
void prompt_open(const char *label, void (*done)(struct ui *ui, const char *line));
/* Returns 1 while the editor is open. */
int prompt_active(void);
/* Feeds one key from getch(). */
void prompt_key(int ch);
/* Draws the editor on row y, cols wide, and places the cursor. */
void prompt_draw(int y, int cols);
/* Saves history and releases readline. */
void prompt_end(void);

#endif
