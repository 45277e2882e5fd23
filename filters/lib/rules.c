/*
 * cchc: domain knowledge in data files, and the regexes that read them.
 *
 * Data files live in one directory: -r DIR or CCHC_DATA if given, else
 * ../share/cchc beside the running program (so the build tree and an
 * installed prefix both work), else DATADIR from the build.  A rules file
 * holds one rule a line, "KIND PATTERN", with '#' comments; the pattern is
 * PCRE2 syntax, compiled once in UTF + UCP mode with JIT where available
 * (not with CCHC_JIT=0, nor under valgrind unless CCHC_JIT=1).
 * Every match runs under match and depth limits, so that no input can make
 * it blow up; a match stopped by a limit counts as no match and is counted
 * in re_limit_hits for the caller to report.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util.h"

/* valgrind cannot follow PCRE2's JIT (its SIMD code reads aligned words past
 * a subject's end, PCRE2 issue 654): under valgrind the interpreter runs */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#ifndef DATADIR
#define DATADIR "/usr/local/share/cchc"
#endif

#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000

static const char *dir_set;
static char *dir_found;
unsigned long re_limit_hits;

void
data_dir_set(const char *dir)
{
	dir_set = dir;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Returns: the directory of the data files (see above); never NULL. */
const char *
data_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	const char *env;

	if (dir_set)
		return dir_set;
	if (dir_found)
		return dir_found;
	if ((env = getenv("CCHC_DATA")) && *env)
		return dir_found = xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		struct buf b = { 0 };

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		buf_printf(&b, "%s/../share/cchc", exe);
		if (is_dir(b.p))
			return dir_found = b.p;
		buf_free(&b);
	}
	return dir_found = xstrdup(DATADIR);
}

/* Returns: DIR/name in new memory. */
char *
data_path(const char *name)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s/%s", data_dir(), name);
	return b.p;
}

/* Returns: 0 when CCHC_JIT=0 or under valgrind (but not with CCHC_JIT=1), else 1. */
static int
jit_wanted(void)
{
	static int wanted = -1;
	const char *e;

	if (wanted < 0)
		wanted = (e = getenv("CCHC_JIT")) && *e ? strcmp(e, "0") != 0 :
		         !RUNNING_ON_VALGRIND;
	return wanted;
}

static pcre2_match_context *mctx;
static pcre2_match_data *mdata;
static pcre2_jit_stack *jstack;

/*
 * CCHC_PROFILE=1: the time spent matching each pattern, under the label its
 * filter gave it (re_label), printed on stderr when the program ends,
 * slowest first: where the time of a filter goes, rule by rule.
 */
static int profiling = -1;
static struct hmap prof_idx;      /* a pattern's address -> its entry */
static struct prof {
	char *label;
	double secs;
	unsigned long calls;
} *prof;
static size_t nprof;

static int
by_secs(const void *a, const void *b)
{
	const struct prof *x = a, *y = b;

	return x->secs < y->secs ? 1 : x->secs > y->secs ? -1 : 0;
}

static void
profile_print(void)
{
	double total = 0;
	size_t i;

	qsort(prof, nprof, sizeof(*prof), by_secs);
	for (i = 0; i < nprof; i++)
		total += prof[i].secs;
	fprintf(stderr, "%s: profile: %.3f s in PCRE2 matching, by pattern:\n", argv0, total);
	for (i = 0; i < nprof; i++)
		if (prof[i].calls)
			fprintf(stderr, "%s: profile: %8.3f s %10lu calls  %s\n", argv0, prof[i].secs,
			        prof[i].calls, prof[i].label ? prof[i].label : "(a pattern without a label)");
}

static int
profile_on(void)
{
	const char *e;

	if (profiling < 0) {
		profiling = (e = getenv("CCHC_PROFILE")) && *e && strcmp(e, "0");
		if (profiling)
			atexit(profile_print);
	}
	return profiling;
}

/* The profile entry of re, made when new. */
static struct prof *
profile_of(const pcre2_code *re)
{
	size_t i = hmap_get(&prof_idx, &re, sizeof(re), 1);

	if (i >= nprof) {
		prof = xrealloc(prof, (i + 1) * sizeof(*prof));
		memset(prof + nprof, 0, (i + 1 - nprof) * sizeof(*prof));
		nprof = i + 1;
	}
	return &prof[i];
}

/* Name re (printf-like) in the report of CCHC_PROFILE; nothing without it. */
void
re_label(const pcre2_code *re, const char *fmt, ...)
{
	struct prof *p;
	struct buf b = { 0 };
	va_list ap;

	if (!re || !profile_on())
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p = profile_of(re);
	free(p->label);
	p->label = b.p;
}

/*
 * Compile pat (UTF, UCP, plus flags) and JIT it when the platform can.
 * Arguments: file, line: where the pattern comes from, for the message.
 * Returns: the code, or NULL after a message with the offset of the error.
 */
pcre2_code *
re_compile(const char *pat, uint32_t flags, const char *file, unsigned long line)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int ec;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                   flags | PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	if (!re) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		weprintf_at(file, line, "bad pattern at offset %zu: %s", (size_t)off, msg);
		return NULL;
	}
	/* JIT is an optimisation: on failure the interpreter runs instead */
	if (jit_wanted())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if (profile_on()) {  /* "figures.rules:221 (?i)(?:(?:tính..." until re_label */
		const char *base = strrchr(file, '/');
		size_t n = strlen(pat) > 60 ? 60 : strlen(pat);

		while (n < strlen(pat) && n > 0 && ((unsigned char)pat[n] & 0xC0) == 0x80)
			n--;  /* not inside a character */
		base = base ? base + 1 : file;
		if (line)
			re_label(re, "%s:%lu %.*s", base, line, (int)n, pat);
		else
			re_label(re, "%s %.*s", base, (int)n, pat);
	}
	return re;
}

/*
 * The bytes that a match of re can start with, as PCRE2's study of the
 * pattern found them: map[b] is 1 for each such byte; every byte when
 * PCRE2 could not tell (a pattern that may match the empty string, one that
 * starts with one code unit, one anchored).  A cheap test before a match
 * that is tried at many places and fails at most of them.
 */
void
re_start_bytes(const pcre2_code *re, unsigned char map[256])
{
	const uint8_t *bits = NULL;
	uint32_t type = 0;
	int b;

	memset(map, 1, 256);
	if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 0 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits)
		for (b = 0; b < 256; b++)
			map[b] = (bits[b / 8] >> (b % 8)) & 1;
}

/*
 * Match re against s[0..n) from start (s is valid UTF-8).
 * Arguments: opts, pcre2_match options; ov, set to the ovector on a match.
 * Returns: > 0 on a match (the pcre2_match count), 0 for no match (also
 *          when a limit stopped it: re_limit_hits counts those).
 */
int
re_exec(const pcre2_code *re, const char *s, size_t n, size_t start,
        uint32_t opts, PCRE2_SIZE **ov)
{
	return re_exec_upto(re, s, n, start, PCRE2_UNSET, opts, ov);
}

static int match(const pcre2_code *re, const char *s, size_t n, size_t start, size_t upto,
                 uint32_t opts, PCRE2_SIZE **ov);

/*
 * re_exec, with matches that start after upto not looked for (PCRE2_UNSET:
 * no limit): the rest of the subject is still seen by lookarounds, so the
 * matches found are those of re_exec that start at or before upto.  re must
 * be compiled with PCRE2_USE_OFFSET_LIMIT when upto is set.  With
 * CCHC_PROFILE the match is timed.
 */
int
re_exec_upto(const pcre2_code *re, const char *s, size_t n, size_t start, size_t upto,
             uint32_t opts, PCRE2_SIZE **ov)
{
	struct timespec t0, t1;
	int rc;

	if (profiling < 0)
		profile_on();
	if (profiling)
		clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = match(re, s, n, start, upto, opts, ov);
	if (profiling) {
		struct prof *p = profile_of(re);

		clock_gettime(CLOCK_MONOTONIC, &t1);
		p->secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		p->calls++;
	}
	return rc;
}

/* re_exec_upto's match itself. */
static int
match(const pcre2_code *re, const char *s, size_t n, size_t start, size_t upto,
      uint32_t opts, PCRE2_SIZE **ov)
{
	int rc;

	if (!mdata) {
		mctx = pcre2_match_context_create(NULL);
		pcre2_set_match_limit(mctx, MATCH_LIMIT);
		pcre2_set_depth_limit(mctx, DEPTH_LIMIT);
		mdata = pcre2_match_data_create(64, NULL);
		/* a JIT stack of its own, up to 1 MiB, rather than 32 KiB of
		 * the machine stack: deep patterns hit the match limits, not
		 * the stack */
		jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
		if (!mctx || !mdata || !jstack)
			eprintf("out of memory in pcre2");
		pcre2_jit_stack_assign(mctx, NULL, jstack);
	}
	/* the JIT's own entry point skips pcre2_match's checks and dispatch
	 * (the subject is known to be UTF-8); a pattern the JIT did not
	 * compile says so and goes to the interpreter */
	if (upto != PCRE2_UNSET)
		pcre2_set_offset_limit(mctx, upto);
	rc = PCRE2_ERROR_JIT_BADOPTION;
	/* pcre2_jit_match ignores PCRE2_ANCHORED and PCRE2_ENDANCHORED given
	 * at match time: such a match goes to the interpreter */
	if (jit_wanted() && !(opts & (PCRE2_ANCHORED | PCRE2_ENDANCHORED)))
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, start, opts, mdata, mctx);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, opts | PCRE2_NO_UTF_CHECK,
		                 mdata, mctx);
	if (upto != PCRE2_UNSET)
		pcre2_set_offset_limit(mctx, PCRE2_UNSET);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
			re_limit_hits++;
			return 0;
		}
		{
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(rc, msg, sizeof(msg));
			eprintf("pcre2_match: %s", msg);
		}
	}
	if (rc == 0)
		rc = 64;
	*ov = pcre2_get_ovector_pointer(mdata);
	return rc;
}

/*
 * Read the rules file DIR/name: one "KIND PATTERN" a line, '#' comments.
 * The patterns are not compiled (re is NULL).
 * Returns: 0, or -1 after messages naming file and line (a missing file, a
 *          line without a pattern).
 */
int
rules_read(struct rules *r, const char *name)
{
	struct input in;
	struct buf b = { 0 };
	char *p, *end, *nl;
	unsigned long line = 0;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->file = data_path(name);
	if (in_open(&in, r->file) < 0)
		return -1;
	if (in_slurp(&in, &b) < 0 || in_close(&in) < 0) {
		buf_free(&b);
		return -1;
	}
	if (utf8_valid_prefix(b.p, b.len) != b.len) {
		weprintf_at(r->file, 0, "not valid UTF-8");
		buf_free(&b);
		return -1;
	}
	for (p = b.p, end = b.p + b.len; p < end; p = nl + 1) {
		char *k, *pat, *t;
		struct rule *ru;

		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		*nl = '\0';
		line++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\0')
			continue;
		k = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		pat = p;
		for (t = pat + strlen(pat); t > pat && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'); )
			*--t = '\0';
		if (!*pat) {
			weprintf_at(r->file, line, "rule '%s' has no pattern", k);
			ret = -1;
			continue;
		}
		r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
		ru = &r->v[r->n++];
		ru->kind = xstrdup(k);
		ru->pattern = xstrdup(pat);
		ru->re = NULL;
		ru->line = line;
	}
	buf_free(&b);
	return ret;
}

/*
 * Read the rules file DIR/name (rules_read) and compile every pattern with
 * flags (PCRE2_CASELESS, ...) added.
 * Returns: 0, or -1 after messages; rules that failed are left out.
 */
int
rules_load(struct rules *r, const char *name, uint32_t flags)
{
	size_t i, j;
	int ret = rules_read(r, name);

	for (i = j = 0; i < r->n; i++) {
		struct rule *ru = &r->v[i];

		if (!(ru->re = re_compile(ru->pattern, flags, r->file, ru->line))) {
			free(ru->kind);
			free(ru->pattern);
			ret = -1;
			continue;
		}
		r->v[j++] = *ru;
	}
	r->n = j;
	return ret;
}

void
rules_free(struct rules *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].kind);
		free(r->v[i].pattern);
		pcre2_code_free(r->v[i].re);
	}
	free(r->v);
	free(r->file);
	memset(r, 0, sizeof(*r));
}
