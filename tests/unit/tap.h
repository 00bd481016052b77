/* A minimal TAP producer for the unit tests: meson reads the output with
 * protocol 'tap'. Each check is one numbered test line. */
#ifndef ALCHEMY_TAP_H
#define ALCHEMY_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

#define TAP_UNUSED __attribute__((unused))

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int((long)(got), (long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((format(printf, 4, 5))) TAP_UNUSED
static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_count);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return pass;
}

__attribute__((format(printf, 5, 6))) TAP_UNUSED
static int tap_is_int(long got, long want, const char *file, int line, const char *fmt, ...)
{
	char name[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	int pass = tap_ok(got == want, file, line, "%s", name);
	if (!pass)
		printf("#   got %ld, expected %ld\n", got, want);
	return pass;
}

__attribute__((format(printf, 5, 6))) TAP_UNUSED
static int tap_is_str(const char *got, const char *want, const char *file, int line,
		      const char *fmt, ...)
{
	char name[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	int pass = tap_ok(got && want ? strcmp(got, want) == 0 : got == want, file, line, "%s", name);
	if (!pass)
		printf("#   got '%s', expected '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return pass;
}

static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
