/* The day of the event: see dayops.h (the day as a journal). */
#include "dayops.h"
