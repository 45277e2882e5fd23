/* cchc-join: join two CSV files on key columns, hashing one and streaming the other. */
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static const char synopsis[] =
	"[-k KEYS | -1 KEYS -2 KEYS] [--left|--right|--full|--semi|--anti] [--fold] [--match-empty]\n"
	"       [--same-era] [-o FILE] LEFT RIGHT";

enum kind { INNER, LEFT, RIGHT, FULL, SEMI, ANTI };

/* province codes changed meaning on this day (../shared/reference/provinces.md) */
#define REFORM "2025-07-01"
enum { ERA_OLD = 1, ERA_NEW = 2 };

struct side {
	const char *path;
	const char *keyspec;     /* comma-separated key column names */
	char **col;              /* header */
	size_t ncol;
	size_t *key, nkey;       /* key column indices */
	int *iskey;              /* per column: 1 + its place in the key, or 0 */
	int start, end, year, period, date;  /* era columns, -1 when absent */
};

/* the hashed side's rows: fields stored as (length, bytes) in one arena */
struct store {
	struct buf data;
	size_t *off, *next;
	struct buf sfx;          /* per row, its non-key fields as CSV, each after a comma */
	size_t *sfxoff;
	unsigned long *line;
	unsigned char *matched;
	unsigned char *era;      /* per row, ERA_* when the key has province codes */
	size_t n, cap;
	size_t *head, *tail;     /* per key number: first and last row */
	size_t nkeys;
};

struct join {
	enum kind kind;
	int fold, same_era;
	int match_empty;         /* --match-empty: empty keys match each other */
	int codes;               /* 1 + the key place of province(_code), or 0 */
	struct side side[2];     /* 0 left, 1 right */
	int hashed;              /* which side is hashed */
	struct hmap keys;
	struct store st;
	struct buf key;          /* the current row's encoded key */
	struct csvw *w;
	struct csvw sfxw;        /* builds the stored rows' suffixes */
	struct buf empty;        /* the suffix of a left row without partner */
	struct output *out;
	/* a row's fields, decoded from the store */
	const char **hf;
	size_t *hl;
	int quiet;               /* the second half's worker: fail without a word */
	atomic_int *cancel;      /* set when the worker's result is not wanted */
	struct half *half;       /* the second half's worker, while it runs */
};

/*
 * The second half of a large streamed file, probed by a second thread while
 * the main thread does the first.  It works on a copy of struct join that
 * shares the hashed side (read-only from now on) and has its own key
 * buffer, output (a temporary file) and matched flags.  Its work is kept
 * only if the first half ends exactly between two rows at the split point
 * and it met no error at all; otherwise the main thread reads on past the
 * split as if there had been no worker, so messages and results are those
 * of one sequential pass.
 */
struct half {
	struct join j;
	pthread_t tid;
	int fd;
	off_t split;
	size_t ncol;
	FILE *tmp;
	struct csvw w;
	int ok;
	atomic_int cancel;
};

/* ---- headers ----------------------------------------------------------- */

/* Returns: 1 + the place of word in the comma-separated list, or 0. */
static int
key_place(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;
	int place = 1;

	for (;;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);

		if (len == n && !memcmp(p, word, n))
			return place;
		if (!q)
			return 0;
		p = q + 1;
		place++;
	}
}

/* The column of side s (header r) that says its rows' era as name does:
 * the column of that name, else the key column that -1/-2 pair with the
 * other side's key of that name ("-1 province,year -2 tinh,nam": nam). */
static int
era_col(const struct join *j, const struct side *s, const struct csvr *r, const char *name)
{
	const struct side *o = &j->side[s == &j->side[0]];
	int c = csvr_col(r, name), place;

	if (c >= 0 || !(place = key_place(o->keyspec, name)) || (size_t)place > s->nkey)
		return c;
	return (int)s->key[place - 1];  /* resolved from s->keyspec by header() */
}

static int
header(struct join *j, struct side *s, const struct csvr *r)
{
	size_t i;

	if (r->nfield == 1 && r->flen[0] == 0) {
		weprintf_at(in_name(s->path), r->line, "empty header");
		return -1;
	}
	if (csvr_unique_names(r) < 0 || csvr_cols(r, s->keyspec, "key column", &s->key, &s->nkey) < 0)
		return -1;
	s->ncol = r->nfield;
	s->col = xcalloc(s->ncol, sizeof(*s->col));
	s->iskey = xcalloc(s->ncol, sizeof(*s->iskey));
	for (i = 0; i < s->ncol; i++)
		s->col[i] = xstrndup(r->field[i], r->flen[i]);
	for (i = 0; i < s->nkey; i++) {
		if (s->iskey[s->key[i]]) {
			weprintf("key column '%s' named twice", s->col[s->key[i]]);
			return -1;
		}
		s->iskey[s->key[i]] = (int)i + 1;
	}
	s->start = era_col(j, s, r, "period_start");
	s->end = era_col(j, s, r, "period_end");
	s->year = era_col(j, s, r, "year");
	s->period = era_col(j, s, r, "period");
	s->date = era_col(j, s, r, "doc_date");
	if (s->date < 0)
		s->date = era_col(j, s, r, "date");
	if (j->codes && s->start < 0 && s->end < 0 && s->year < 0 &&
	    s->period < 0 && s->date < 0) {
		weprintf_at(in_name(s->path), r->line,
		            "no period_start, period_end, year, period or date column tells "
		            "whether its provinces are from before or after " REFORM
		            "; join on province_2025 or province_2025_code, which name one "
		            "unit throughout, or pass --same-era");
		return -1;
	}
	return 0;
}

/* Both sides must key on the same number of columns. */
static int
check_keys(struct join *j)
{
	struct side *l = &j->side[0], *r = &j->side[1];

	if (l->nkey != r->nkey) {
		weprintf("-1 and -2 name different numbers of key columns: %zu for %s, %zu for %s",
		         l->nkey, in_name(l->path), r->nkey, in_name(r->path));
		return -1;
	}
	return 0;
}

/* ---- the 2025 province-code check ----------------------------------------- */

static int
field_year(const char *s)
{
	int y = 0, i;

	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + s[i] - '0';
	}
	return y;
}

/* Which side of REFORM a period code such as 2025-H1, 2025-Q3, 2025-M06 is on. */
static int
period_era(const char *p)
{
	int y = field_year(p);
	static const char *const before[] = { "H1", "Q1", "Q2", "6M", "M01", "M02", "M03",
	                                      "M04", "M05", "M06", "M1", "M2", "M3", "M4",
	                                      "M5", "M6" };
	static const char *const after[] = { "H2", "Q3", "Q4" };
	size_t i;

	if (!y)
		return 0;
	if (y != 2025)
		return y < 2025 ? ERA_OLD : ERA_NEW;
	if (p[4] == '-') {
		for (i = 0; i < LEN(before); i++)
			if (!strcmp(p + 5, before[i]))
				return ERA_OLD;
		for (i = 0; i < LEN(after); i++)
			if (!strcmp(p + 5, after[i]))
				return ERA_NEW;
	}
	return ERA_OLD | ERA_NEW;
}

static int
row_era(const struct side *s, char *const *f)
{
	if (s->start >= 0 || s->end >= 0) {
		const char *a = s->start >= 0 ? f[s->start] : "";
		const char *b = s->end >= 0 ? f[s->end] : "";

		if (*b && strcmp(b, REFORM) < 0)
			return ERA_OLD;
		if (*a && strcmp(a, REFORM) >= 0)
			return ERA_NEW;
		if (*a || *b)
			return ERA_OLD | ERA_NEW;
	}
	if (s->period >= 0 && *f[s->period])
		return period_era(f[s->period]);
	if (s->year >= 0 && field_year(f[s->year]))
		return field_year(f[s->year]) < 2025 ? ERA_OLD :
		       field_year(f[s->year]) > 2025 ? ERA_NEW : ERA_OLD | ERA_NEW;
	if (s->date >= 0 && field_year(f[s->date]))
		return strcmp(f[s->date], REFORM) < 0 ? ERA_OLD : ERA_NEW;
	return 0;
}

/*
 * A pair joined on a province code must come from one side of REFORM, where
 * the code names one province: a row before it and a row after it (or a
 * row whose period spans it, or has none) do not pair.
 */
static int
era_pair(struct join *j, int e, const struct csvr *r, size_t stored)
{
	const struct side *hs = &j->side[j->hashed], *ss = &j->side[!j->hashed];
	int h = j->st.era[stored];

	if (e == h && (e == ERA_OLD || e == ERA_NEW))
		return 0;
	if (j->quiet)
		return -1;
	weprintf("%s:%lu and %s:%lu: %s '%s' would pair %s; province names and codes "
	         "mean other units before and after " REFORM ": join on province_2025 or "
	         "province_2025_code, which name one unit throughout, or pass --same-era "
	         "if all rows are of one era",
	         in_name(ss->path), r->line, in_name(hs->path), j->st.line[stored],
	         ss->col[ss->key[j->codes - 1]], r->field[ss->key[j->codes - 1]],
	         !e || !h ? "a row without a period" :
	         e == (ERA_OLD | ERA_NEW) || h == (ERA_OLD | ERA_NEW) ?
	         "a row whose period spans that day" : "rows from both sides of that day");
	return -1;
}

/* ---- keys and rows -------------------------------------------------------- */

/*
 * Encode the key of a row into j->key: each column as (length, bytes).
 * Returns: 1 when a key column is empty (a NULL in SQL: it matches nothing
 * unless --match-empty), else 0.
 */
static int
make_key(struct join *j, const struct side *s, char *const *f, const size_t *fl)
{
	size_t i, at;
	uint32_t n;
	int empty = 0;

	j->key.len = 0;
	for (i = 0; i < s->nkey; i++) {
		const char *v = f[s->key[i]];

		empty |= fl[s->key[i]] == 0;
		at = j->key.len;
		buf_add(&j->key, "\0\0\0\0", 4);
		if (j->fold)
			utf8_fold_buf(v, fl[s->key[i]], &j->key);
		else
			buf_add(&j->key, v, fl[s->key[i]]);
		n = (uint32_t)(j->key.len - at - 4);
		memcpy(j->key.p + at, &n, 4);
	}
	return empty && !j->match_empty;
}

static void
store_row(struct store *st, size_t k, const struct csvr *r, const struct side *s,
          int era, struct csvw *w)
{
	size_t i, row = st->n;
	uint32_t n;

	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 1024;
		st->off = xrealloc(st->off, st->cap * sizeof(*st->off));
		st->next = xrealloc(st->next, st->cap * sizeof(*st->next));
		st->line = xrealloc(st->line, st->cap * sizeof(*st->line));
		st->matched = xrealloc(st->matched, st->cap);
		st->era = xrealloc(st->era, st->cap);
		st->sfxoff = xrealloc(st->sfxoff, (st->cap + 1) * sizeof(*st->sfxoff));
	}
	st->n++;
	st->off[row] = st->data.len;
	st->next[row] = HMAP_NONE;
	st->line[row] = r->line;
	st->matched[row] = 0;
	st->era[row] = (unsigned char)era;
	for (i = 0; i < r->nfield; i++) {
		n = (uint32_t)r->flen[i];
		buf_add(&st->data, &n, 4);
		buf_add(&st->data, r->field[i], r->flen[i]);
	}
	if (w) {  /* the right side's output fields, quoted once for every pair */
		w->nfield = 1;
		for (i = 0; i < r->nfield; i++)
			if (!s->iskey[i])
				csvw_field(w, r->field[i], r->flen[i]);
		st->sfxoff[row] = st->sfx.len;
		buf_add(&st->sfx, w->row.p, w->row.len);
		st->sfxoff[row + 1] = st->sfx.len;
		w->row.len = 0;
		w->nfield = 0;
	}
	if (k == st->nkeys) {  /* a new key: hmap numbers keys densely */
		st->head = xrealloc(st->head, (k + 1) * sizeof(*st->head));
		st->tail = xrealloc(st->tail, (k + 1) * sizeof(*st->tail));
		st->head[k] = row;
		st->nkeys++;
	} else {
		st->next[st->tail[k]] = row;
	}
	st->tail[k] = row;
}

/* Point j->hf/j->hl at the fields of stored row i. */
static void
load_row(struct join *j, size_t i)
{
	const struct side *s = &j->side[j->hashed];
	const char *p = j->st.data.p + j->st.off[i];
	uint32_t n;
	size_t c;

	for (c = 0; c < s->ncol; c++) {
		memcpy(&n, p, 4);
		j->hf[c] = p + 4;
		j->hl[c] = n;
		p += 4 + n;
	}
}

/*
 * Write one output row from the left row (lf, ll) and the right row (rf, rl);
 * either may be NULL.  The left's key columns fall back to the right's.
 */
static void
emit(struct join *j, const char *const *lf, const size_t *ll,
     const char *const *rf, const size_t *rl)
{
	const struct side *l = &j->side[0], *r = &j->side[1];
	size_t i;

	for (i = 0; i < l->ncol; i++) {
		if (lf)
			csvw_field(j->w, lf[i], ll[i]);
		else if (l->iskey[i])
			csvw_field(j->w, rf[r->key[l->iskey[i] - 1]], rl[r->key[l->iskey[i] - 1]]);
		else
			csvw_field(j->w, "", 0);
	}
	if (j->kind != SEMI && j->kind != ANTI)
		for (i = 0; i < r->ncol; i++)
			if (!r->iskey[i])
				csvw_field(j->w, rf ? rf[i] : "", rf ? rl[i] : 0);
	csvw_end(j->w);
}

/*
 * Emit the stored row i alone, or with the streamed row (f, fl).  A streamed
 * left row that is one line of its input is copied as it is, and the stored
 * right row's fields were quoted when it was stored.
 */
static void
emit_pair(struct join *j, size_t i, const char *const *f, const size_t *fl,
          const struct csvr *r)
{
	if (r && r->raw && j->hashed == 1) {
		buf_add(&j->w->row, r->raw, r->rawlen);
		if (i != HMAP_NONE)
			buf_add(&j->w->row, j->st.sfx.p + j->st.sfxoff[i],
			        j->st.sfxoff[i + 1] - j->st.sfxoff[i]);
		else
			buf_add(&j->w->row, j->empty.p, j->empty.len);
		csvw_end(j->w);
		return;
	}
	if (i != HMAP_NONE)
		load_row(j, i);
	if (j->hashed == 0)
		emit(j, i != HMAP_NONE ? j->hf : NULL, j->hl, f, fl);
	else
		emit(j, f, fl, i != HMAP_NONE ? j->hf : NULL, j->hl);
}

/* Emit a streamed left row alone (--semi, --anti). */
static void
emit_left(struct join *j, const char *const *f, const struct csvr *r)
{
	if (r->raw) {
		buf_add(&j->w->row, r->raw, r->rawlen);
		csvw_end(j->w);
	} else {
		emit(j, f, r->flen, NULL, NULL);
	}
}

static int
build_row(struct csvr *r, void *arg)
{
	struct join *j = arg;
	struct side *s = &j->side[j->hashed];

	if (r->row == 1)
		return header(j, s, r);
	if (make_key(j, s, r->field, r->flen)) {
		/* an empty key matches nothing: a key of its own, which no
		 * streamed row can have (its length field says 0xFFFFFFFF) */
		j->key.len = 0;
		buf_add(&j->key, "\xff\xff\xff\xff", 4);
		buf_add(&j->key, &r->row, sizeof(r->row));
	}
	store_row(&j->st, hmap_get(&j->keys, j->key.p, j->key.len, 1), r, s,
	          j->codes ? row_era(s, r->field) : 0,
	          j->hashed == 1 && j->kind != SEMI && j->kind != ANTI ? &j->sfxw : NULL);
	return 0;
}

static void
write_header(struct join *j)
{
	const struct side *l = &j->side[0], *r = &j->side[1];
	struct hmap names = { 0 };
	struct buf name = { 0 };
	size_t i;

	for (i = 0; i < l->ncol; i++) {
		hmap_get(&names, l->col[i], strlen(l->col[i]), 1);
		csvw_str(j->w, l->col[i]);
	}
	if (j->kind != SEMI && j->kind != ANTI)
		for (i = 0; i < r->ncol; i++) {
			if (r->iskey[i])
				continue;
			name.len = 0;
			buf_adds(&name, r->col[i]);
			/* a clash with a name already out gets "right_" in front */
			while (hmap_get(&names, name.p, name.len, 0) != HMAP_NONE) {
				buf_grow(&name, 6);
				memmove(name.p + 6, name.p, name.len + 1);
				memcpy(name.p, "right_", 6);
				name.len += 6;
			}
			hmap_get(&names, name.p, name.len, 1);
			csvw_field(j->w, name.p, name.len);
			buf_addc(&j->empty, ',');
		}
	csvw_end(j->w);
	hmap_free(&names);
	buf_free(&name);
}

static int probe_row(struct csvr *r, void *arg);

static void *
half_run(void *arg)
{
	struct half *h = arg;
	struct csvr_opts o = { .fd = h->fd, .start = h->split, .ncol = h->ncol, .quiet = 1 };

	h->ok = csvr_read_opts(h->j.side[!h->j.hashed].path, &o, probe_row, &h->j) == 0 &&
	        fflush(h->tmp) == 0 && !ferror(h->tmp);
	return NULL;
}

/* Start the worker on the second half, once the header is known. */
static void
half_start(struct join *j, size_t ncol)
{
	struct half *h = j->half;

	h->ncol = ncol;
	if (!(h->tmp = tmpfile())) {
		j->half = NULL;  /* no worker: one pass does it all */
		free(h);
		return;
	}
	h->j = *j;
	h->j.half = NULL;
	h->j.quiet = 1;
	h->j.cancel = &h->cancel;
	memset(&h->j.key, 0, sizeof(h->j.key));
	h->j.hf = xcalloc(j->side[j->hashed].ncol, sizeof(*h->j.hf));
	h->j.hl = xcalloc(j->side[j->hashed].ncol, sizeof(*h->j.hl));
	h->j.st.matched = xcalloc(j->st.n ? j->st.n : 1, 1);
	csvw_init(&h->w, h->tmp);
	h->j.w = &h->w;
	h->j.out = NULL;
	if (pthread_create(&h->tid, NULL, half_run, h) != 0) {
		fclose(h->tmp);
		h->tmp = NULL;
	}
}

/* Wait for the worker; free it.  Returns: whether its result was used. */
static int
half_end(struct join *j, int use)
{
	struct half *h = j->half;
	char *buf;
	size_t n;
	int used = 0;

	if (!h)
		return 0;
	j->half = NULL;
	if (h->tmp) {
		if (!use)
			atomic_store(&h->cancel, 1);
		pthread_join(h->tid, NULL);
		if (use && h->ok) {
			for (n = 0; n < j->st.n; n++)
				j->st.matched[n] |= h->j.st.matched[n];
			buf = xmalloc(1 << 20);
			rewind(h->tmp);
			while ((n = fread(buf, 1, 1 << 20, h->tmp)) > 0)
				fwrite(buf, 1, n, j->out->fp);
			used = !ferror(h->tmp);
			free(buf);
			if (!used)
				eprintf("reading back the second half's output failed");
		}
		fclose(h->tmp);
		free(h->j.hf);
		free(h->j.hl);
		free(h->j.st.matched);
		buf_free(&h->j.key);
		csvw_free(&h->w);
	}
	free(h);
	return used;
}

/* At the split: keep the worker's half when this pass ends cleanly there. */
static int
at_split(void *arg, int clean)
{
	return half_end(arg, clean);
}

/*
 * Plan the split of the streamed file path for two threads: a plain (not
 * gzip) regular file of 8 MiB or more (CCHC_JOIN_SPLIT bytes, for tests),
 * split at the first line start after its middle.  Returns: the open descriptor, or -1 for one sequential pass.
 */
static int
half_plan(struct join *j, const char *path, struct csvr_opts *o)
{
	struct stat st;
	unsigned char b[4096];
	ssize_t n, i;
	off_t at, min = 8 << 20;
	const char *env;
	int fd;

	if (!strcmp(path, "-") || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((env = getenv("CCHC_JOIN_SPLIT")))
		min = strtoll(env, NULL, 10);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < min ||
	    pread(fd, b, 2, 0) != 2 || (b[0] == 0x1f && b[1] == 0x8b))
		goto no;
	for (at = st.st_size / 2; (n = pread(fd, b, sizeof(b), at)) > 0; at += n) {
		for (i = 0; i < n && b[i] != '\n'; i++)
			;
		if (i < n) {
			at += i + 1;
			break;
		}
	}
	if (n <= 0 || at >= st.st_size)
		goto no;
	j->half = xcalloc(1, sizeof(*j->half));
	j->half->fd = fd;
	j->half->split = at;
	o->fd = fd;
	o->pause = at;
	o->at_pause = at_split;
	return fd;
no:
	close(fd);
	return -1;
}

static int
probe_row(struct csvr *r, void *arg)
{
	struct join *j = arg;
	int sl = j->hashed == 1;  /* the streamed side is the left */
	struct side *s = &j->side[!j->hashed];
	const char *const *f = (const char *const *)r->field;
	size_t k, i;

	if (r->row == 1) {
		if (header(j, s, r) < 0 || check_keys(j) < 0)
			return -1;
		write_header(j);
		if (j->half)
			half_start(j, r->nfield);
		return 0;
	}
	if (j->quiet ? atomic_load_explicit(j->cancel, memory_order_relaxed) : out_error(j->out))
		return -1;
	k = make_key(j, s, r->field, r->flen) ? HMAP_NONE : hmap_get(&j->keys, j->key.p, j->key.len, 0);
	if (k != HMAP_NONE && j->codes) {
		int e = row_era(s, r->field);

		for (i = j->st.head[k]; i != HMAP_NONE; i = j->st.next[i])
			if (era_pair(j, e, r, i) < 0)
				return -1;
	}
	if (k != HMAP_NONE) {
		switch (j->kind) {
		case SEMI:
			if (sl)
				emit_left(j, f, r);
			else
				for (i = j->st.head[k]; i != HMAP_NONE; i = j->st.next[i])
					j->st.matched[i] = 1;
			break;
		case ANTI:
			if (!sl)
				for (i = j->st.head[k]; i != HMAP_NONE; i = j->st.next[i])
					j->st.matched[i] = 1;
			break;
		default:
			for (i = j->st.head[k]; i != HMAP_NONE; i = j->st.next[i]) {
				j->st.matched[i] = 1;
				emit_pair(j, i, f, r->flen, r);
			}
		}
	} else if (j->kind == FULL || (j->kind == LEFT && sl) || (j->kind == RIGHT && !sl) ||
	           (j->kind == ANTI && sl)) {
			if (j->kind == ANTI)
			emit_left(j, f, r);
		else
			emit_pair(j, HMAP_NONE, f, r->flen, r);
	}
	return 0;
}

/* After the stream: the hashed side's rows that the join keeps alone. */
static void
finish(struct join *j)
{
	int sl = j->hashed == 1;
	size_t i;

	for (i = 0; i < j->st.n; i++) {
		int m = j->st.matched[i];

		if ((j->kind == FULL || (j->kind == LEFT && !sl) || (j->kind == RIGHT && sl)) && !m)
			emit_pair(j, i, NULL, NULL, NULL);
		else if (!sl && ((j->kind == SEMI && m) || (j->kind == ANTI && !m))) {
			load_row(j, i);
			emit(j, j->hf, j->hl, NULL, NULL);
		}
	}
}

/* ---- main ------------------------------------------------------------- */

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Join two CSV files (either may be - or .gz) on key columns.\n\n"
	       "  -k, --key KEYS       key columns, comma-separated, named alike on both sides\n"
	       "  -1 KEYS, -2 KEYS     the key columns of LEFT and of RIGHT\n"
	       "      --left           also rows of LEFT without a partner\n"
	       "      --right          also rows of RIGHT without a partner\n"
	       "      --full           both\n"
	       "      --semi           rows of LEFT that have a partner, LEFT's columns only\n"
	       "      --anti           rows of LEFT that have none, LEFT's columns only\n"
	       "      --match-empty    an empty key matches an empty key (by default it\n"
	       "                       matches nothing, as NULL in SQL)\n"
	       "      --fold           compare keys folded: case, diacritics, tone marks,\n"
	       "                       spaces and punctuation do not count\n"
	       "      --same-era       join on province or province_code without checking\n"
	       "                       that each pair is from one side of " REFORM "\n"
	       "  -o, --output FILE    write to FILE, replaced only when complete\n"
	       "      --version        the version of cchc\n"
	       "  -h, --help           this help\n\n"
	       "Output: LEFT's columns, then RIGHT's other columns (a name LEFT has already\n"
	       "gets \"right_\" in front).  Rows follow the streamed input; rows kept from the\n"
	       "hashed input alone come last.  The smaller file is hashed (the file, when\n"
	       "the other input is -), so memory follows its size.\n"
	       "Exit status: 0 on success, 1 on bad input or a failed output.\n",
	       argv0, synopsis);
	exit(0);
}


static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

/* Stream the other input through the table.  Returns: 0, or 1 on an error. */
static int
stream(struct join *j, struct csvr_opts *so)
{
	const struct side *s = &j->side[!j->hashed];
	int fd = half_plan(j, s->path, so), ret = 0;

	if (csvr_read_opts(s->path, fd >= 0 ? so : NULL, probe_row, j) < 0) {
		ret = 1;
	} else if (!s->col) {
		weprintf_at(in_name(s->path), 0, "empty input: no header");
		ret = 1;
	} else {
		finish(j);
	}
	half_end(j, 0);
	if (fd >= 0)
		close(fd);
	return ret;
}

static void
store_free(struct store *st)
{
	buf_free(&st->data);
	buf_free(&st->sfx);
	free(st->sfxoff);
	free(st->off);
	free(st->next);
	free(st->line);
	free(st->matched);
	free(st->era);
	free(st->head);
	free(st->tail);
}

static void
side_free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->ncol; i++)
		free(s->col[i]);
	free(s->col);
	free(s->key);
	free(s->iskey);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "anti", no_argument, NULL, 'A' },
		{ "fold", no_argument, NULL, 'F' },
		{ "match-empty", no_argument, NULL, 'N' },
		{ "full", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "left", no_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "right", no_argument, NULL, 'R' },
		{ "same-era", no_argument, NULL, 'E' },
		{ "semi", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct join j;
	struct output out;
	struct csvw w;
	const char *outfile = NULL, *k = NULL, *k1 = NULL, *k2 = NULL;
	struct csvr_opts so = { .fd = -1 };
	int ch, i, ret = 0, nkind = 0;

	cchc_init(argv[0]);
	memset(&j, 0, sizeof(j));
	while ((ch = getopt_long(argc, argv, "1:2:hk:o:", longopts, NULL)) != -1) {
		switch (ch) {
		case '1': k1 = optarg; break;
		case '2': k2 = optarg; break;
		case 'k': k = optarg; break;
		case 'o': outfile = optarg; break;
		case 'A': j.kind = ANTI; nkind++; break;
		case 'L': j.kind = LEFT; nkind++; break;
		case 'R': j.kind = RIGHT; nkind++; break;
		case 'S': j.kind = SEMI; nkind++; break;
		case 'U': j.kind = FULL; nkind++; break;
		case 'F': j.fold = 1; break;
		case 'N': j.match_empty = 1; break;
		case 'E': j.same_era = 1; break;
		case 'h': help();
		case 'V': print_version();
		default: usage_line(synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 || nkind > 1 || (k && (k1 || k2)) || (!k && !(k1 && k2)))
		usage_line(synopsis);
	if (!strcmp(argv[0], "-") && !strcmp(argv[1], "-"))
		eprintf("only one of LEFT and RIGHT can be standard input");
	j.side[0].path = argv[0];
	j.side[1].path = argv[1];
	j.side[0].keyspec = k ? k : k1;
	j.side[1].keyspec = k ? k : k2;
	/* province and province_code name a unit as it was in the period */
	for (i = 0; i < 4 && !j.same_era && !j.codes; i++)
		j.codes = key_place(j.side[i % 2].keyspec, i < 2 ? "province_code" : "province");
	/* hash the file, or the smaller file */
	if (!strcmp(argv[0], "-"))
		j.hashed = 1;
	else if (!strcmp(argv[1], "-"))
		j.hashed = 0;
	else
		j.hashed = file_size(argv[0]) < file_size(argv[1]) ? 0 : 1;

	csvw_init(&j.sfxw, NULL);
	csvw_init(&w, NULL);
	if (csvr_read(j.side[j.hashed].path, build_row, &j) < 0) {
		ret = 1;
	} else if (!j.side[j.hashed].col) {
		weprintf_at(in_name(j.side[j.hashed].path), 0, "empty input: no header");
		ret = 1;
	} else if (out_open(&out, outfile) < 0) {
		ret = 1;
	} else {
		j.hf = xcalloc(j.side[j.hashed].ncol, sizeof(*j.hf));
		j.hl = xcalloc(j.side[j.hashed].ncol, sizeof(*j.hl));
		w.fp = out.fp;
		j.w = &w;
		j.out = &out;
		ret = stream(&j, &so);
		if (out_close(&out, !ret) < 0)
			ret = 1;
	}
	csvw_free(&w);
	csvw_free(&j.sfxw);
	buf_free(&j.empty);
	side_free(&j.side[0]);
	side_free(&j.side[1]);
	hmap_free(&j.keys);
	store_free(&j.st);
	buf_free(&j.key);
	free(j.hf);
	free(j.hl);
	return ret;
}
