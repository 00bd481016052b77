/* A small multi-line text editor for ideas: word wrap by display width,
 * cursor keys, Home/End, Delete and Backspace, paste, wide characters.
 * Enter starts a new line, Ctrl-D saves, Esc cancels. */
#ifndef ALCHEMY_EDITOR_H
#define ALCHEMY_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* Edits text (UTF-8, in and out) in rows [top, top + height) of the
 * screen under a title line. Returns false when cancelled. */
bool edit_text(const char *title, char *text, size_t size, int top, int height);

#endif
