#include "keys.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const struct action_info action_info[ACTION_COUNT] = {
	[ACTION_NONE] = { "", NULL, "" },
#define ACTION_INFO(name, group, footer, help) [ACTION_##name] = { group, footer, help },
	ACTION_TABLE(ACTION_INFO)
#undef ACTION_INFO
};

#define CTRL(c) ((c) & 0x1f)

const struct key_binding key_bindings[] = {
	{ '?', ACTION_HELP },
	{ KEY_F(1), ACTION_HELP },
	{ 'q', ACTION_QUIT },
	{ 27, ACTION_BACK },            /* Escape */
	{ KEY_LEFT, ACTION_BACK },
	{ 'h', ACTION_BACK },
	{ CTRL('L'), ACTION_REDRAW },
	{ 'k', ACTION_UP },
	{ KEY_UP, ACTION_UP },
	{ 'j', ACTION_DOWN },
	{ KEY_DOWN, ACTION_DOWN },
	{ KEY_PPAGE, ACTION_PAGE_UP },
	{ CTRL('B'), ACTION_PAGE_UP },
	{ KEY_NPAGE, ACTION_PAGE_DOWN },
	{ ' ', ACTION_PAGE_DOWN },
	{ CTRL('F'), ACTION_PAGE_DOWN },
	{ KEY_HOME, ACTION_FIRST },
	{ 'g', ACTION_FIRST },
	{ KEY_END, ACTION_LAST },
	{ 'G', ACTION_LAST },
	{ 'u', ACTION_UNDO },
	{ CTRL('R'), ACTION_REDO },
	{ '\r', ACTION_OPEN },
	{ KEY_ENTER, ACTION_OPEN },
	{ KEY_RIGHT, ACTION_OPEN },
	{ 'p', ACTION_DELEGATES },
	{ 'r', ACTION_REPAIR },
	{ 'i', ACTION_ARRIVE },
	{ 'x', ACTION_NO_SHOW },
	{ 'E', ACTION_EXPECTED },
	{ 'C', ACTION_DOORS_CLOSED },
	{ 'a', ACTION_ADD },
	{ 'm', ACTION_MOVE },
	{ 's', ACTION_SWAP },
	{ 'l', ACTION_LOCK },
	{ 'y', ACTION_APPLY },
	{ '/', ACTION_SEARCH },
	{ 'f', ACTION_PRESENCE },
	{ 'R', ACTION_ROLE },
	{ 't', ACTION_AT_TABLE },
	{ 'e', ACTION_EXPORT },
	{ 'n', ACTION_CAPTURE },
	{ '*', ACTION_KEY_POINT },
	{ '+', ACTION_VOTE_UP },
	{ '-', ACTION_VOTE_DOWN },
	{ 'T', ACTION_KIND },
	{ 'o', ACTION_OWNER },
	{ 'D', ACTION_DELETE },
	{ 'w', ACTION_WRITE_AS },
	{ 'c', ACTION_CLOCK },
	{ ']', ACTION_NEXT_STAGE },
	{ '[', ACTION_PREV_STAGE },
	{ '}', ACTION_NEXT_ROUND },
	{ '{', ACTION_PREV_ROUND },
};
const size_t key_bindings_count = sizeof(key_bindings) / sizeof(key_bindings[0]);

enum action key_action(int key)
{
	for (size_t i = 0; i < key_bindings_count; i++)
		if (key_bindings[i].key == key)
			return key_bindings[i].action;
	return ACTION_NONE;
}

const char *key_label(int key, char *buf, size_t size)
{
	static const struct { int key; const char *name; } names[] = {
		{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" },
		{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
		{ 27, "Esc" }, { ' ', "Space" }, { '\n', "Enter" }, { '\r', "Enter" }, { KEY_ENTER, "Enter" },
		{ KEY_BACKSPACE, "Backspace" }, { '\t', "Tab" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, size, "^%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

/* Is name one of the comma-separated names in list? */
static bool label_listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 2 : 0))
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

void action_keys(enum action a, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < key_bindings_count; i++) {
		if (key_bindings[i].action != a)
			continue;
		char name[16];
		key_label(key_bindings[i].key, name, sizeof(name));
		if (label_listed(buf, name))
			continue;   /* Enter is both \r and KEY_ENTER: one name */
		int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
}
