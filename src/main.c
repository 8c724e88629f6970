/* main.c - the command line: options, the non-interactive modes, and
 * handing over to the reader.  Only this file decides to exit. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "cli.h"
#include "dossier.h"
#include "layout.h"
#include "ui.h"
#include "util.h"
#include "walkcache.h"

#define MAX_WIDTH 10000
#define MAX_CONTEXT 10000
/* Threads that read articles for --list, --dump and --search. */
#define LOAD_THREADS 2

static const char usage_text[] =
"Usage: dossier [OPTION]... [PATH]...\n"
"Read a dossier of news articles in the terminal.\n"
"\n"
"PATH is an article file or a directory of articles, read with its\n"
"folders (hidden ones and backups *~ skipped), in natural order.\n"
"Without PATH: $DOSSIER_DIR, else the bundled dossier.\n"
"\n"
"  -l, --list             print one line per article and exit:\n"
"                           NUMBER<TAB>TITLE<TAB>DATE<TAB>PATH\n"
"  -d, --dump=N           print article N as the reading pane lays it out\n"
"  -w, --width=COLS       layout width for --dump (default 80)\n"
"  -s, --search=QUERY     print every match as PATH:LINE:COLUMN:CONTEXT;\n"
"                           exit 0 if anything matched, 1 if nothing did\n"
"  -c, --count            with --search: print PATH:COUNT per article\n"
"      --context=N        with --search: N characters of context either\n"
"                           side of the match (default 30)\n"
"      --marks            print the dossier's bookmarks as PATH:LINE:LABEL;\n"
"                           exit 0 if there are any, 1 if there are none\n"
"  -0, --null             with --list, --search, --count, --marks: end each\n"
"                           record with NUL and write paths raw (as find\n"
"                           -print0)\n"
"  -b, --bookmarks=FILE   the bookmarks file (default $DOSSIER_BOOKMARKS,\n"
"                           else ~/.dossier_bookmarks)\n"
"      --no-color         no colours (NO_COLOR does the same)\n"
"      --no-cache         neither read nor write the cache of what is\n"
"                           learnt of each folder's articles (kept in\n"
"                           $XDG_CACHE_HOME/dossier, else ~/.cache/dossier)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Output is written as it is found.  In paths, backslash, tab, newline, CR,\n"
"other control characters and bytes that are not UTF-8 are written as\n"
"\\\\, \\t, \\n, \\r and \\xHH (unless --null), so a path maps back to its file.\n"
"\n"
"Searches ignore case unless the query has an upper-case letter, and\n"
"ignore accents unless the query has an accented letter.  Terms joined\n"
"by ' & ' find the articles that hold every term: 'blair & iraq'.\n"
"\n"
"In the reader, press h for the keys.  Keys, colours and widths can be set\n"
"in $XDG_CONFIG_HOME/dossier/config (else ~/.config/dossier/config).\n"
"\n"
"Exit status: 0 success, 1 no match (--search) or no bookmark (--marks),\n"
"2 trouble.\n"
"Full documentation: man dossier\n";

static _Noreturn void
fail(const char *what, const char *why)
{
	fprintf(stderr, "dossier: %s: %s\n", what, why);
	exit(2);
}

static _Noreturn void
usage_error(const char *msg)
{
	fprintf(stderr, "dossier: %s\nTry 'dossier --help' for more information.\n",
	    msg);
	exit(2);
}

/* A whole number from lo to hi, or a message and exit 2. */
static long
parse_number(const char *opt, const char *arg, long lo, long hi,
    const char *what)
{
	char *end, msg[256];
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < lo || v > hi) {
		snprintf(msg, sizeof msg, "'%.40s' is not %s from %ld to %ld",
		    arg, what, lo, hi);
		fail(opt, msg);
	}
	return v;
}

/* The dossier of a run whose caches a child process writes (cli.c):
 * left to the kernel at exit, since freeing it would copy each page the
 * child still shares, for nothing. */
static struct dossier *volatile left;

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "dump", required_argument, NULL, 'd' },
		{ "width", required_argument, NULL, 'w' },
		{ "search", required_argument, NULL, 's' },
		{ "count", no_argument, NULL, 'c' },
		{ "null", no_argument, NULL, '0' },
		{ "context", required_argument, NULL, 'x' },
		{ "marks", no_argument, NULL, 'M' },
		{ "bookmarks", required_argument, NULL, 'b' },
		{ "no-color", no_argument, NULL, 'C' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ui_options uo = { 0 };
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	const char *dump = NULL, *query = NULL;
	struct cli_opts co = { STDOUT_FILENO, 0, 0, LOAD_THREADS, CLI_CONTEXT };
	int context = 0, defaulted;
	int list = 0, marks = 0, width = 80, c, i, status;
	size_t added = 0, *first;

	uo.start_us = ui_now_us();
	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "ld:w:s:c0b:hV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'l':
			list = 1;
			break;
		case 'd':
			dump = optarg;
			break;
		case 'w':
			width = (int)parse_number("--width", optarg, 1,
			    MAX_WIDTH, "a width");
			break;
		case 's':
			query = optarg;
			break;
		case 'c':
			co.count = 1;
			break;
		case '0':
			co.null = 1;
			break;
		case 'x':
			co.context = (int)parse_number("--context", optarg, 0,
			    MAX_CONTEXT, "a number of characters");
			context = 1;
			break;
		case 'M':
			marks = 1;
			break;
		case 'b':
			if (!*optarg)
				usage_error("--bookmarks needs a file name");
			uo.bookmarks = optarg;
			break;
		case 'C':
			uo.no_color = 1;
			break;
		case 'K':
			cache_disable();
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("dossier %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage_error("unknown option or missing argument");
		}
	}
	if (co.count && !query)
		usage_error("--count goes with --search");
	if (context && (!query || co.count))
		usage_error("--context goes with --search");
	if (co.null && !list && !query && !marks)
		usage_error("--null goes with --list, --search or --marks");
	if ((list != 0) + (dump != NULL) + (query != NULL) + (marks != 0) > 1)
		usage_error("--list, --dump, --search and --marks exclude each "
		    "other");

	defaulted = optind == argc;
	if (defaulted)
		argv[--optind] = (char *)dossier_default_dir();
	first = xcalloc((size_t)(argc - optind) + 1, sizeof *first);
	for (i = optind; i < argc; i++) {
		first[i - optind] = ds.n;
		/* one PATH: its walk may come from the last run's */
		added += argc - optind == 1 ?
		    walkcache_add(&ds, argv[i], &errors) :
		    dossier_add_path(&ds, argv[i], &errors);
	}
	first[argc - optind] = ds.n;
	if (!added) {
		if (errors.len)
			fputs(errors.data, stderr);
		else if (defaulted)
			fprintf(stderr, "dossier: %s: no articles\n",
			    dossier_default_dir());
		buf_free(&errors);
		dossier_free(&ds);
		free(first);
		return 2;
	}
	dossier_finish(&ds);
	/* what was learnt of each folder's articles, unless --dump, which
	 * reads them all anyway */
	for (i = optind; i < argc && !dump; i++)
		dossier_use_cache(&ds, argv[i], first[i - optind],
		    first[i - optind + 1] - first[i - optind]);
	free(first);
	if (dump) {
		/* read everything now, on both cores (the numbers skip the
		 * articles that cannot be read); the reader instead reads in
		 * the background while it shows the first article, and --list
		 * and --search read each article as they print it */
		dossier_load_all(&ds, LOAD_THREADS, 0, &errors);
	}
	if (errors.len)
		fputs(errors.data, stderr);
	buf_free(&errors);
	if (!ds.n) {
		dossier_free(&ds);
		return 2;
	}

	if (list) {
		status = cli_list(&ds, &co);
	} else if (dump) {
		long n = parse_number("--dump", dump, 1, LONG_MAX,
		    "an article number");

		if ((size_t)n > ds.n) {
			char msg[128];

			snprintf(msg, sizeof msg,
			    "no article %ld (the dossier has %zu)", n, ds.n);
			dossier_free(&ds);
			fail("--dump", msg);
		}
		status = cli_dump(&ds.docs[n - 1], width, stdout);
	} else if (query) {
		status = cli_search(&ds, query, &co);
	} else if (marks) {
		status = cli_marks(&ds, uo.bookmarks, &co);
	} else {
		struct settings st;
		struct buf cerr = { 0 };
		char *nl;

		settings_defaults(&st);
		settings_load(&st, NULL, &cerr);
		if (cerr.len) {
			/* on stderr for after the reader, and the first one
			 * in the status line */
			fputs(cerr.data, stderr);
			nl = strchr(cerr.data, '\n');
			if (nl)
				*nl = '\0';
			uo.config_msg = cerr.data;
		}
		uo.settings = &st;
		status = ui_run(&ds, &uo);
		settings_free(&st);
		buf_free(&cerr);
	}
	dossier_stop(&ds);
	dossier_trace_caches(&ds);
	if (ds.behind) {
		/* still reachable, for the leak checkers */
		left = xmalloc(sizeof ds);
		memcpy(left, &ds, sizeof ds);
	} else {
		dossier_free(&ds);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "dossier: standard output: %s\n",
		    strerror(errno));
		return 2;
	}
	return status;
}
