/* walkcache.h - the walk's result kept between runs: which articles a
 * dossier folder holds, in which order and sections, without reading
 * every folder again.
 *
 * Finding 100,000 articles (readdir of every folder, the natural sort,
 * a path and a name per article) is most of the reader's first frame.
 * When nothing changed, the result is the same: it is kept in
 * $XDG_CACHE_HOME/dossier/HASH.walk (HASH as for cache.h's HASH.cache:
 * of the folder's canonical path), with every folder the walk read and
 * its device, inode, modification and change times.  Every name added,
 * removed or renamed in a folder changes its times, so the result is used
 * only while each folder still has the times it had, and only when
 * those times were older than DOSSIER_CACHE_SETTLE_MS (default 2 s)
 * before the walk began (a change within the same clock tick would not
 * show).
 *
 * It is kept only for a walk that said nothing (no unreadable folder, no
 * dangling link, no folder too deep) and met no link (a link's target
 * may change with no folder's times changing) and no folder twice (a
 * bind mount could go unseen); and used only for a dossier of one PATH,
 * a folder (or the default one): with several PATHs, what one PATH adds
 * depends on what the others added before it.  Not with --no-cache.
 */
#ifndef DOSSIER_WALKCACHE_H
#define DOSSIER_WALKCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct dossier;
struct stat;

/* A folder the walk read, as it was then. */
struct walk_dir {
	uint64_t dev, ino;
	int64_t mtime_ns, ctime_ns;
	size_t rel;             /* its path below the PATH ("" for the
	                         * PATH): an offset in walk_log.rels */
};

/* What a walk read (dossier_add_path_log()). */
struct walk_log {
	struct walk_dir *dirs;
	size_t n, cap;
	struct buf rels;
	int unsafe;             /* it met a link or a folder twice */
};

/* For the walk: the folder at rel below the PATH, with its fstat(). */
void walk_log_dir(struct walk_log *log, const char *rel, const struct stat *st);

/* As dossier_add_path() for a dossier's only PATH, into an empty
 * dossier: from the walk file when it still holds (then the articles'
 * paths and names are one block, ds->paths), else walked, and the walk
 * kept for the next run when it can be trusted. */
size_t walkcache_add(struct dossier *ds, const char *path,
    struct buf *errors);

/* The parts, for the tests.  walkcache_load(): the articles of path
 * from its walk file into an empty dossier; 1 done, 0 not (ds is left
 * empty).  walkcache_walk(): walk path for real and write the walk file
 * when it can be trusted; *written says if it was. */
int walkcache_load(struct dossier *ds, const char *path);
size_t walkcache_walk(struct dossier *ds, const char *path,
    struct buf *errors, int *written);

#endif
