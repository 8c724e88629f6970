/* dossier.c - loading the articles of a dossier. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier.h"
#include "text.h"

void
dossier_error(struct buf *errors, const char *path, const char *why)
{
	buf_adds(errors, "dossier: ");
	/* a file name may hold escapes or invalid UTF-8 */
	text_sanitize(errors, (const unsigned char *)path, strlen(path));
	buf_printf(errors, ": %s\n", why);
}

static int
load_one(struct dossier *ds, const char *path, struct buf *errors)
{
	char why[256];

	GROW(ds->docs, ds->cap, ds->n + 1);
	if (doc_load(&ds->docs[ds->n], path, why, sizeof why) < 0) {
		dossier_error(errors, path, why);
		return 0;
	}
	ds->n++;
	return 1;
}

static int
skipped_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n && name[n - 1] == '~');
}

static int
cmp_names(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

static size_t
load_dir(struct dossier *ds, const char *path, DIR *dir, struct buf *errors)
{
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i, added = 0, plen = strlen(path);
	struct stat st;

	while ((e = readdir(dir))) {
		if (skipped_name(e->d_name))
			continue;
		GROW(names, cap, n + 1);
		names[n++] = xasprintf("%s%s%s", path,
		    plen && path[plen - 1] == '/' ? "" : "/", e->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		if (stat(names[i], &st) < 0) {
			dossier_error(errors, names[i], strerror(errno));
		} else if (S_ISREG(st.st_mode)) {
			added += load_one(ds, names[i], errors);
		}
		/* directories, FIFOs and devices are not articles */
		free(names[i]);
	}
	free(names);
	return added;
}

size_t
dossier_add_path(struct dossier *ds, const char *path, struct buf *errors)
{
	struct stat st;
	DIR *dir;
	size_t added;

	if (stat(path, &st) < 0) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return (size_t)load_one(ds, path, errors);
	dir = opendir(path);
	if (!dir) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	added = load_dir(ds, path, dir, errors);
	if (!added)
		dossier_error(errors, path, "no articles in this directory");
	return added;
}

static int
cmp_docs(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->path, y->path);
}

void
dossier_sort(struct dossier *ds)
{
	if (ds->n > 1)
		qsort(ds->docs, ds->n, sizeof *ds->docs, cmp_docs);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
dossier_default_dir(void)
{
	static char exe[PATH_MAX];
	const char *env = getenv("DOSSIER_DIR");
	size_t blen = strlen(DOSSIER_BUILDDIR);
	ssize_t n;

	if (env && *env)
		return env;
	/* A binary inside the build tree reads the source tree's dossier,
	 * so it works before "make install". */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if (strncmp(exe, DOSSIER_BUILDDIR, blen) == 0 &&
		    exe[blen] == '/' && is_dir(DOSSIER_SRCDIR "/articles"))
			return DOSSIER_SRCDIR "/articles";
	}
	if (is_dir(DOSSIER_PKGDATADIR "/articles"))
		return DOSSIER_PKGDATADIR "/articles";
	return DOSSIER_SRCDIR "/articles";
}

void
dossier_free(struct dossier *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		doc_free(&ds->docs[i]);
	free(ds->docs);
	memset(ds, 0, sizeof *ds);
}
