/* A small multi-line text editor for ideas: word wrap by display width,
 * cursor keys, Home/End, Delete and Backspace, paste, wide characters.
 * Enter starts a new line, Ctrl-D saves, Esc cancels. */
#ifndef ALCHEMY_EDITOR_H
#define ALCHEMY_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* Edits initial (UTF-8) in rows [top, top + height) of the screen under a
 * title line, keeping it to max_bytes of UTF-8 (a key past that beeps).
 * Returns the text (malloc'd), or NULL when cancelled or when initial is
 * not text in this locale (so it is never shown, and saved, cut short). */
char *edit_text(const char *title, const char *initial, size_t max_bytes, int top, int height);

#endif
