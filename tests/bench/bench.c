/* bench.c - in-process measurements for make bench, through the same
 * functions the reader uses.
 *
 *   bench keys DIR      per-keystroke search latency: open DIR and read
 *                       and index every article (load_ms), then type
 *                       "oekraine veiligheid" and Backspace it away,
 *                       each keystroke through search_keystroke() (to
 *                       the first match) as the search prompt does;
 *                       p50/p95/max in ms
 *   bench open FILE     reading an article and showing its first screen
 *                       (doc_load, layout_lazy_init, 30 lines), ms
 *   bench end FILE      G: from the top of an opened article to its last
 *                       screen (layout_lazy_end), ms
 *   bench stream CMD... run CMD with its output on a pipe, read to the
 *                       end: ms to the first line and to the end, lines,
 *                       the child's peak RSS (child_rss_kb); then again,
 *                       closing the pipe after the first line: ms from
 *                       the close to the child's exit, and how it ended
 *   bench walk DIR [N]  finding the articles of DIR (dossier_add_path and
 *                       dossier_finish, nothing read): the first run (a
 *                       fresh process, as the reader's) and the best of
 *                       N (default RUNS), ms
 *
 * Each prints "NAME VALUE" lines, and "rss_kb N" (peak resident size).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dossier.h"
#include "layout.h"
#include "search.h"

#define ROWS 30
#define WIDTH 80
#define RUNS 7

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
quantile(double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);

	qsort(v, n, sizeof *v, cmp_double);
	return v[i < n ? i : n - 1];
}

static void
print_rss(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("rss_kb %ld\n", ru.ru_maxrss);
}

static int
keys(const char *dir)
{
	static const char typed[] = "oekraine veiligheid";
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	struct search s;
	double lat[2 * sizeof typed], t0, count_ms = 0, load_ms;
	size_t n = 0, len, k, total_hits = 0;

	t0 = now_ms();
	if (!dossier_add_path(&ds, dir, &errors)) {
		fputs(errors.data ? errors.data : "no articles\n", stderr);
		return 2;
	}
	dossier_finish(&ds);
	/* the cache, as the reader uses it: the articles it answers for
	 * are indexed without being read; the rest is read, indexed and
	 * written to it for the next run */
	dossier_use_cache(&ds, dir, 0, ds.n);
	dossier_load_all(&ds, 2, 1, &errors);
	dossier_commit_caches(&ds, NULL);
	load_ms = now_ms() - t0;
	search_init(&s, ds.n);
	/* type it, then take it back, a keystroke at a time */
	for (k = 1; k < 2 * (sizeof typed - 1); k++) {
		len = k < sizeof typed ? k : 2 * (sizeof typed - 1) - k;
		t0 = now_ms();
		search_keystroke(&s, &ds, typed, len, 0, 0, 0, NULL);
		lat[n++] = now_ms() - t0;
		/* the count, finished while the reader waits for keys */
		t0 = now_ms();
		search_step(&s, &ds, 0);
		if (now_ms() - t0 > count_ms)
			count_ms = now_ms() - t0;
		if (len == sizeof typed - 1)
			total_hits = s.total;
	}
	printf("articles %zu\n", ds.n);
	printf("load_ms %.1f\n", load_ms);
	printf("keys %zu\n", n);
	printf("key_p50_ms %.2f\n", quantile(lat, n, 0.50));
	printf("key_p95_ms %.2f\n", quantile(lat, n, 0.95));
	printf("key_max_ms %.2f\n", quantile(lat, n, 1.0));
	printf("count_max_ms %.2f\n", count_ms);
	printf("hits_full_query %zu\n", total_hits);
	print_rss();
	search_free(&s);
	dossier_free(&ds);
	buf_free(&errors);
	return 0;
}

/* Read and lay out the first screen, as opening an article does. */
static double
open_once(const char *path, struct doc *d, struct layout_lazy *z)
{
	struct layout_pos p = { 0, 0 };
	char err[256];
	double t0 = now_ms();

	if (doc_load(d, path, err, sizeof err) < 0) {
		fprintf(stderr, "bench: %s: %s\n", path, err);
		exit(2);
	}
	layout_lazy_init(z, d, WIDTH);
	layout_lazy_move(z, &p, ROWS - 1);
	return now_ms() - t0;
}

static int
open_file(const char *path, int end)
{
	double t[RUNS];
	int r;

	for (r = 0; r < RUNS; r++) {
		struct doc d;
		struct layout_lazy z;
		struct layout_pos p;
		double t0;

		t[r] = open_once(path, &d, &z);
		if (end) {
			t0 = now_ms();
			p = layout_lazy_end(&z, ROWS);
			layout_lazy_line(&z, p);
			t[r] = now_ms() - t0;
		}
		layout_lazy_free(&z);
		doc_free(&d);
	}
	printf("%s_ms %.2f\n", end ? "end" : "open", quantile(t, RUNS, 0.5));
	print_rss();
	return 0;
}

/* Start argv with its stdout on a pipe; the read end in *fd. */
static pid_t
spawn(char **argv, int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0) {
		perror("bench");
		exit(2);
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

static int
stream(char **argv)
{
	char buf[1 << 16];
	double t0, first = -1, closed;
	size_t lines = 0;
	struct rusage ru;
	ssize_t n;
	int fd, st;
	pid_t pid;

	t0 = now_ms();
	pid = spawn(argv, &fd);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (first < 0 && memchr(buf, '\n', (size_t)n))
			first = now_ms() - t0;
		for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p)));
		    p++)
			lines++;
	}
	close(fd);
	wait4(pid, &st, 0, &ru);
	printf("first_line_ms %.2f\n", first);
	printf("total_ms %.2f\n", now_ms() - t0);
	printf("lines %zu\n", lines);
	printf("child_rss_kb %ld\n", ru.ru_maxrss);
	printf("status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* as `| head -1`: close after the first line */
	pid = spawn(argv, &fd);
	while ((n = read(fd, buf, sizeof buf)) > 0 && !memchr(buf, '\n',
	    (size_t)n))
		;
	closed = now_ms();
	close(fd);
	waitpid(pid, &st, 0);
	printf("exit_after_close_ms %.2f\n", now_ms() - closed);
	if (WIFSIGNALED(st))
		printf("ended_by_signal %d\n", WTERMSIG(st));
	else
		printf("ended_with_status %d\n", WEXITSTATUS(st));
	return 0;
}

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Find the articles of dir, RUNS times: the walk alone, in wall-clock
 * and CPU time (the second is steadier on a busy machine). */
static int
walk(const char *dir, int runs)
{
	double best = 0, best_cpu = 0, first = 0, first_cpu = 0, t0, c0, t, c;
	size_t n = 0, nsec = 0;
	int r;

	for (r = 0; r < runs; r++) {
		struct dossier ds = { 0 };
		struct buf errors = { 0 };

		t0 = now_ms();
		c0 = cpu_ms();
		dossier_add_path(&ds, dir, &errors);
		dossier_finish(&ds);
		t = now_ms() - t0;
		c = cpu_ms() - c0;
		if (!r || t < best)
			best = t;
		if (!r || c < best_cpu)
			best_cpu = c;
		if (!r) {
			/* a fresh process, as the reader is: the allocator
			 * has not been warmed by a run before */
			first = t;
			first_cpu = c;
		}
		n = ds.n;
		nsec = dossier_section_count(&ds);
		dossier_free(&ds);
		buf_free(&errors);
	}
	printf("articles %zu\n", n);
	printf("sections %zu\n", nsec);
	printf("walk_ms %.1f\n", best);
	printf("walk_cpu_ms %.1f\n", best_cpu);
	printf("walk_first_ms %.1f\n", first);
	printf("walk_first_cpu_ms %.1f\n", first_cpu);
	print_rss();
	return n ? 0 : 2;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "keys") == 0)
		return keys(argv[2]);
	if (argc == 3 && strcmp(argv[1], "open") == 0)
		return open_file(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "end") == 0)
		return open_file(argv[2], 1);
	if (argc >= 3 && strcmp(argv[1], "stream") == 0)
		return stream(argv + 2);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "walk") == 0)
		return walk(argv[2], argc == 4 && atoi(argv[3]) > 0 ?
		    atoi(argv[3]) : RUNS);
	fputs("usage: bench keys DIR | open FILE | end FILE | stream CMD... |"
	    " walk DIR [N]\n", stderr);
	return 2;
}
