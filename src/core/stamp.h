/* A fingerprint of a folder's files, to tell cheaply whether another
 * process changed them: a stat call per file, nothing read. Each file's
 * name, inode, size and modification time (to the nanosecond) are mixed
 * into one number; equal stamps mean nothing seen has changed. The TUI
 * polls the ideas/ folder with it a few times a second to follow other
 * note-takers without a busy loop (the day's files: day_files_changed). */
#ifndef ALCHEMY_STAMP_H
#define ALCHEMY_STAMP_H

#include <stdint.h>

#define STAMP_EMPTY UINT64_C(14695981039346656037)   /* FNV-1a's offset basis */

/* Mixes in every entry of a folder but hidden ones (locks), in any order
 * readdir gives them; a missing folder counts as empty. */
uint64_t stamp_folder(uint64_t h, const char *dir);
/* Mixes in one file by its path, inode, size and modification time (the
 * day's files: event, roster, plan and each journal); a missing file
 * counts by its path alone. */
uint64_t stamp_file(uint64_t h, const char *path);

#endif
