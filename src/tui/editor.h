/* A small multi-line text editor for ideas: word wrap by display width,
 * cursor keys, Home/End, Delete and Backspace, paste, wide characters.
 * Enter starts a new line, Ctrl-D saves, Esc cancels (asking first when
 * text would be lost); the text can be kept as a draft as it is typed. */
#ifndef ALCHEMY_EDITOR_H
#define ALCHEMY_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* Keeping the text as it is typed: keep() gets the whole text (UTF-8)
 * whenever it has changed, a second after the last keep at the latest, so
 * the caller can put it on disk. restored: initial is such a kept draft
 * (Esc then asks even before a key is typed). */
struct editor_draft {
	bool (*keep)(void *ctx, const char *text);   /* false: not on disk (the editor says so) */
	void *ctx;
	bool restored;
	void (*redraw)(void *ctx);   /* draws the screen under the editor again after a resize; may be NULL */
};

/* Edits initial (UTF-8) from row top to the bottom of the screen under a
 * title line (following a resize; below 80x24 it says the terminal is too
 * small and keeps the text until it is larger), keeping it to max_bytes of UTF-8 (a key past that beeps).
 * Esc on text that would be lost asks first. Returns the text (malloc'd),
 * or NULL when cancelled or when initial is not text in this locale (so it
 * is never shown, and saved, cut short). draft may be NULL. */
char *edit_text(const char *title, const char *initial, size_t max_bytes, int top,
		const struct editor_draft *draft);

#endif
