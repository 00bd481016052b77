#include "name_order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *family_name(const char *name)
{
	const char *end = name + strlen(name);
	while (end > name && end[-1] == ' ')
		end--;
	const char *start = end;
	while (start > name && start[-1] != ' ')
		start--;
	return start < end ? start : name;
}

/* Case-blind, and numbers by value (In2 before In10), as people read a
 * list: glibc's strverscmp on ASCII-lowered copies. */
static int natural_casecmp(const char *a, const char *b)
{
	char x[512], y[512];
	size_t k;
	for (k = 0; a[k] && k + 1 < sizeof(x); k++)
		x[k] = (char)(a[k] >= 'A' && a[k] <= 'Z' ? a[k] - 'A' + 'a' : a[k]);
	x[k] = '\0';
	for (k = 0; b[k] && k + 1 < sizeof(y); k++)
		y[k] = (char)(b[k] >= 'A' && b[k] <= 'Z' ? b[k] - 'A' + 'a' : b[k]);
	y[k] = '\0';
	return strverscmp(x, y);
}

static int compare_family(const void *a, const void *b, void *ctx)
{
	const struct event *ev = ctx;
	const struct delegate *x = &ev->delegates[*(const int *)a];
	const struct delegate *y = &ev->delegates[*(const int *)b];
	int c = natural_casecmp(family_name(x->name), family_name(y->name));
	if (!c)
		c = natural_casecmp(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

int *delegates_by_family_name(const struct event *ev, const bool *keep, size_t *count)
{
	int *order = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	*count = 0;
	if (!order)
		return NULL;
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (keep[i])
			order[(*count)++] = (int)i;
	qsort_r(order, *count, sizeof(int), compare_family, (void *)ev);
	return order;
}

void family_first(const char *name, char *buf, size_t size)
{
	const char *family = family_name(name);
	int given = (int)(family - name);
	while (given > 0 && name[given - 1] == ' ')
		given--;
	if (given > 0)
		snprintf(buf, size, "%s, %.*s", family, given, name);
	else
		snprintf(buf, size, "%s", family);
}
