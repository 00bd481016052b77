#include "editor.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "screen.h"

struct vline {
	int start, end;         /* characters shown on this row: [start, end) */
};

static int char_cols(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/* Breaks the text into rows of at most width columns, after the last space
 * that fits (mid-word only when one word is wider than a row). */
static int wrap(const wchar_t *buf, int len, int width, struct vline *lines, int max)
{
	int n = 0, i = 0;
	for (;;) {
		int start = i, w = 0, last_space = -1, j = i;
		while (j < len && buf[j] != L'\n' && w + char_cols(buf[j]) <= width) {
			if (buf[j] == L' ')
				last_space = j;
			w += char_cols(buf[j]);
			j++;
		}
		int end, next;
		if (j < len && buf[j] != L'\n') {
			end = last_space >= start ? last_space + 1 : (j > start ? j : start + 1);
			next = end;
		} else {
			end = j;
			next = j < len ? j + 1 : j;
		}
		if (n < max)
			lines[n++] = (struct vline){ start, end };
		if (j >= len && next >= len && !(j < len))
			break;
		i = next;
		if (i >= len) {
			if (n < max)
				lines[n++] = (struct vline){ len, len };   /* after a final newline */
			break;
		}
	}
	return n;
}

/* The row and column of the cursor: the last row starting at or before it. */
static void locate(const wchar_t *buf, const struct vline *lines, int n, int cursor, int *row, int *col)
{
	int r = 0;
	for (int k = 0; k < n; k++)
		if (lines[k].start <= cursor)
			r = k;
	int c = 0;
	for (int k = lines[r].start; k < cursor && k < lines[r].end; k++)
		c += char_cols(buf[k]);
	*row = r;
	*col = c;
}

/* The UTF-8 length of one character, so the editor can keep to max_bytes. */
static size_t char_bytes(wchar_t c)
{
	char out[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = wcrtomb(out, c, &st);
	return n == (size_t)-1 ? 1 : n;
}

/* Room for one more character and for the rows wrap() can make of the text. */
static bool editor_grow(wchar_t **buf, size_t *cap, struct vline **lines, size_t len)
{
	if (len + 2 <= *cap)
		return true;
	size_t n = *cap * 2 > len + 2 ? *cap * 2 : len + 2;
	wchar_t *b = realloc(*buf, (n + 1) * sizeof(**buf));
	if (b)
		*buf = b;
	struct vline *l = realloc(*lines, (n + 2) * sizeof(**lines));
	if (l)
		*lines = l;
	if (!b || !l)
		return false;
	*cap = n;
	return true;
}

/* The text as UTF-8 (malloc'd), or NULL. */
static char *to_utf8(wchar_t *buf, int len)
{
	buf[len] = 0;
	const wchar_t *w = buf;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t size = wcsrtombs(NULL, &w, 0, &st);
	char *out = size != (size_t)-1 ? malloc(size + 1) : NULL;
	if (out) {
		w = buf;
		memset(&st, 0, sizeof(st));
		wcsrtombs(out, &w, size + 1, &st);
	}
	return out;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Esc on text that would be lost: y discards it, any other key goes on
 * writing. */
static bool sure_to_discard(int top, int height)
{
	return screen_ask_yes(top + height - 1, "Discard what you wrote? y: discard it  any other key: keep writing");
}

char *edit_text(const char *title, const char *initial, size_t max_bytes, int top,
		const struct editor_draft *draft)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = initial;
	size_t n = mbsrtowcs(NULL, &src, 0, &st);
	if (n == (size_t)-1 || n > INT_MAX - 8)
		return NULL;    /* not text in this locale: refuse rather than lose it */
	size_t cap = 0, bytes = strlen(initial);
	wchar_t *buf = NULL;
	struct vline *lines = NULL;
	if (!editor_grow(&buf, &cap, &lines, n + 256)) {
		free(buf);
		free(lines);
		return NULL;
	}
	src = initial;
	memset(&st, 0, sizeof(st));
	mbsrtowcs(buf, &src, n + 1, &st);
	int len = (int)n, cursor = len, first = 0;
	bool saved = false, done = false, changed = false, unkept = false;
	bool unsafe = false;   /* the last keep failed: what is typed is only in memory */
	double kept_at = seconds_now();
	curs_set(1);
	while (!done) {
		/* Keep the draft a second behind at most: on the one-second tick
		 * when idle, and between keys when typing without a pause; at
		 * once when the terminal closes or alchemy is told to stop. */
		bool leaving = screen_hung_up();
		if (leaving)
			done = true;
		if (draft && draft->keep && unkept && (leaving || seconds_now() - kept_at >= 0.9)) {
			char *text = to_utf8(buf, len);
			unsafe = !text || !draft->keep(draft->ctx, text);
			free(text);
			unkept = false;
			kept_at = seconds_now();
		}
		if (leaving)
			break;
		wint_t ch;
		int kind;
		/* Too small, nothing can be shown, but every key typed is still
		 * taken (a note-taker may type on without looking); only Esc,
		 * whose question could not be read, and Ctrl-D, after which keys
		 * would go nowhere, wait until it is larger. */
		bool small = screen_too_small();
		int height = LINES - top;
		int width = COLS > 1 ? COLS - 1 : 1, rows = height - 2 > 1 ? height - 2 : 1;
		int nlines = wrap(buf, len, width, lines, (int)cap + 2), crow, ccol;
		locate(buf, lines, nlines, cursor, &crow, &ccol);
		if (first > nlines - rows)
			first = nlines > rows ? nlines - rows : 0;   /* taller again: the rows above come back */
		if (crow < first)
			first = crow;
		if (crow >= first + rows)
			first = crow - rows + 1;
		if (small) {
			screen_draw_too_small_while(" (what you type is kept)");
		} else {
			screen_text(top, 0, COLS, title, screen_attr(COLOUR_HEADING) | A_BOLD);
			for (int r = 0; r < rows; r++) {
				move(top + 1 + r, 0);
				clrtoeol();
			}
			for (int r = 0; r < rows && first + r < nlines; r++) {
				move(top + 1 + r, 0);
				for (int k = lines[first + r].start; k < lines[first + r].end; k++) {
					if (buf[k] == L'\n')
						continue;
					cchar_t cc;
					wchar_t one[2] = { buf[k], 0 };
					setcchar(&cc, one, A_NORMAL, 0, NULL);
					add_wch(&cc);
				}
			}
			if (unsafe)
				screen_text(top + height - 1, 0, COLS,
					    "DRAFT NOT KEPT ON DISK: Ctrl-D saves it now  Enter: new line  Esc: cancel",
					    screen_attr(COLOUR_WARNING) | A_REVERSE);
			else
				screen_text(top + height - 1, 0, COLS, "Enter: new line  Ctrl-D: save  Esc: cancel",
					    screen_attr(COLOUR_DIM));
			move(top + 1 + crow - first, ccol);
			refresh();
		}
		kind = get_wch(&ch);
		if (kind == ERR)
			continue;
		if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
			if (!screen_too_small() && draft && draft->redraw)
				draft->redraw(draft->ctx);   /* the capture screen under the editor, at the new size */
			continue;
		}
		if (small && kind == OK && (ch == 27 || ch == 4))
			continue;   /* Esc and Ctrl-D leave the editor: keys typed after would go nowhere */
		int len_before = len;
		if (kind == KEY_CODE_YES) {
			switch (ch) {
			case KEY_LEFT:
				cursor -= cursor > 0;
				break;
			case KEY_RIGHT:
				cursor += cursor < len;
				break;
			case KEY_HOME:
				while (cursor > 0 && buf[cursor - 1] != L'\n')
					cursor--;
				break;
			case KEY_END:
				while (cursor < len && buf[cursor] != L'\n')
					cursor++;
				break;
			case KEY_UP:
			case KEY_DOWN: {
				/* The position nearest the same column one row up or down. */
				int want = crow + (ch == KEY_UP ? -1 : 1);
				if (want < 0 || want >= nlines)
					break;
				int k = lines[want].start, c = 0;
				while (k < lines[want].end && buf[k] != L'\n' && c + char_cols(buf[k]) <= ccol)
					c += char_cols(buf[k++]);
				cursor = k;
				break;
			}
			case KEY_BACKSPACE:
				if (cursor > 0) {
					bytes -= char_bytes(buf[cursor - 1]);
					memmove(buf + cursor - 1, buf + cursor, (size_t)(len - cursor) * sizeof(wchar_t));
					len--;
					cursor--;
				}
				break;
			case KEY_DC:
				if (cursor < len) {
					bytes -= char_bytes(buf[cursor]);
					memmove(buf + cursor, buf + cursor + 1, (size_t)(len - cursor - 1) * sizeof(wchar_t));
					len--;
				}
				break;
			case KEY_ENTER:
				ch = L'\n';
				goto insert;
			default:
				break;
			}
			changed |= len != len_before;   /* Backspace or Delete took a character */
			unkept |= len != len_before;
			continue;
		}
		if (ch == 27) {
			/* Nothing to lose: empty, or an edit left as it was. */
			done = !len || (!changed && !(draft && draft->restored)) || sure_to_discard(top, LINES - top);
			continue;
		}
		if (ch == 4) {          /* Ctrl-D */
			saved = done = true;
			continue;
		}
		if (ch == 127 || ch == 8) {
			if (cursor > 0) {
				bytes -= char_bytes(buf[cursor - 1]);
				memmove(buf + cursor - 1, buf + cursor, (size_t)(len - cursor) * sizeof(wchar_t));
				len--;
				cursor--;
				changed = unkept = true;
			}
			continue;
		}
		if (ch == '\r')
			ch = L'\n';
		if (ch != L'\n' && (ch < 32 || ch == 127))
			continue;
insert:
		if (bytes + char_bytes((wchar_t)ch) > max_bytes || !editor_grow(&buf, &cap, &lines, (size_t)len + 1)) {
			beep();     /* full: the text stays as it is */
		} else {
			bytes += char_bytes((wchar_t)ch);
			memmove(buf + cursor + 1, buf + cursor, (size_t)(len - cursor) * sizeof(wchar_t));
			buf[cursor++] = (wchar_t)ch;
			len++;
			changed = unkept = true;
		}
	}
	curs_set(0);
	char *out = saved ? to_utf8(buf, len) : NULL;
	/* The draft holds the very text saved before it is saved: a laptop
	 * dying between the journal's write and the draft's clearing then
	 * leaves a draft the journal is seen to hold (draft_text_saved), not
	 * one a second behind that would be offered, and saved, again. */
	if (out && draft && draft->keep)
		draft->keep(draft->ctx, out);   /* even unchanged: its time says when it was saved */
	free(lines);
	free(buf);
	return out;
}
