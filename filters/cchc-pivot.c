/* cchc-pivot: one row per key (province, period), one column per metric. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char synopsis[] =
	"-r ROWKEYS -c COLUMN -v VALUE [-a AGG | --rank COLS] [-w COL=V[|V...]]...\n"
	"       [--conflicts FILE] [--sources FILE] [-q] [-o FILE] [FILE]";

/* -w: rows are taken only where each condition holds */
#define MAX_WHERE 16
struct where {
	char *col;               /* the column's name */
	char **vals;             /* the values it may hold */
	size_t nvals;
	int idx;                 /* its index in the header */
};

enum agg { FIRST, LAST, MIN, MAX, SUM, MEAN, COUNT };
/* the columns of --conflicts after the row keys and COLUMN */
static const char *const conflict_cols[] = {
	"kept_value", "kept_from", "other_value", "other_from",
};
static const char *const agg_names[] = { "first", "last", "min", "max", "sum", "mean", "count" };

#define NONE ((size_t)-1)

/* --rank: one of a cell's distinct values, with the best record that gave it */
struct entry {
	size_t val, src;         /* arena offsets: the value, its doc:line */
	size_t rank;             /* arena offset of its record's rank fields */
	unsigned long seq;       /* that record's place in the input */
	size_t next;             /* the cell's next entry, or NONE */
};

struct cell {
	size_t head;             /* --rank: its first entry (best first once ranked) */
	size_t first;            /* the value kept by first or last: arena offset */
	size_t min, max;         /* offsets of the least and greatest values */
	double sum, vmin, vmax;
	unsigned long n;
	size_t src;              /* offset of "doc:line", where the kept value is from */
	size_t what;             /* offset of "kind/unit" of its first value */
};

struct pivot {
	enum agg agg;
	const char *rowspec, *colname, *valname;
	const char *path;
	size_t *rowcol;          /* the row key columns */
	size_t nrow;
	size_t *colcol;          /* the columns that name a new column */
	size_t ncolcol;
	struct buf colv;         /* this row's new column's name */
	int val, doc, line;
	int kind, unit;          /* columns a number may not be folded across */
	struct hmap rows, cols, cells;
	struct cell *cell;
	size_t ncell, ncap;
	struct buf vals;         /* value strings, NUL-terminated */
	struct buf key;
	struct csvw *cw;         /* conflicts CSV, or NULL for stderr */
	unsigned long conflicts;
	char **rowname;
	struct where where[MAX_WHERE];
	size_t nwhere;
	const char *rankspec;    /* --rank COLS */
	char **rankname;
	size_t *rankcol;
	size_t nrank;
	struct entry *ent;
	size_t nent, entcap;
	unsigned long seq;
	size_t *roworder, *colorder;  /* the rows and columns as written */
};

static size_t
keep(struct pivot *p, const char *s, size_t n)
{
	size_t at = p->vals.len;

	buf_add(&p->vals, s, n);
	buf_addc(&p->vals, '\0');
	return at;
}

static int
header(struct pivot *p, const struct csvr *r)
{
	size_t i;

	if (csvr_unique_names(r) < 0 || csvr_cols(r, p->rowspec, "column", &p->rowcol, &p->nrow) < 0)
		return -1;
	p->rowname = xcalloc(p->nrow, sizeof(*p->rowname));
	for (i = 0; i < p->nrow; i++)
		p->rowname[i] = xstrdup(r->field[p->rowcol[i]]);
	if (csvr_cols(r, p->colname, "column", &p->colcol, &p->ncolcol) < 0)
		return -1;
	if ((p->val = csvr_col(r, p->valname)) < 0) {
		weprintf_at(in_name(p->path), r->line, "no column '%s'", p->valname);
		return -1;
	}
	if (p->rankspec && csvr_cols(r, p->rankspec, "column", &p->rankcol, &p->nrank) < 0)
		return -1;
	p->rankname = xcalloc(p->nrank + 1, sizeof(*p->rankname));
	for (i = 0; i < p->nrank; i++)
		p->rankname[i] = xstrdup(r->field[p->rankcol[i]]);
	p->doc = csvr_col(r, "doc");
	p->line = csvr_col(r, "line");
	p->kind = csvr_col(r, "kind");
	p->unit = csvr_col(r, "unit");
	if (p->cw) {
		for (i = 0; i < p->nrow; i++)
			csvw_str(p->cw, p->rowname[i]);
		csvw_str(p->cw, p->colname);
		for (i = 0; i < LEN(conflict_cols); i++)
			csvw_str(p->cw, conflict_cols[i]);
		for (i = 0; i < p->nrank; i++) {  /* what ranked the other value */
			struct buf b = { 0 };

			buf_printf(&b, "other_%s", r->field[p->rankcol[i]]);
			csvw_str(p->cw, b.p);
			buf_free(&b);
		}
		csvw_end(p->cw);
	}
	return 0;
}

/* The name of row r's new column in p->colv: the values of the -c columns,
 * the non-empty ones joined by '|' ("papi_component_score|Công khai, minh
 * bạch": the parts of an index apart). */
static void
col_value(struct pivot *p, const struct csvr *r)
{
	size_t i;

	p->colv.len = 0;
	for (i = 0; i < p->ncolcol; i++) {
		size_t c = p->colcol[i];

		if (!r->flen[c])
			continue;
		if (p->colv.len)
			buf_addc(&p->colv, '|');
		buf_add(&p->colv, r->field[c], r->flen[c]);
	}
	buf_str(&p->colv);
}

/* What row r's value is: "kind unit" from those columns when there are
 * (kept in the arena; "" without them). */
static size_t
what(struct pivot *p, const struct csvr *r)
{
	struct buf b = { 0 };
	size_t at;

	if (p->kind >= 0)
		buf_adds(&b, r->field[p->kind]);
	buf_addc(&b, ' ');
	if (p->unit >= 0)
		buf_adds(&b, r->field[p->unit]);
	at = keep(p, b.p, b.len);
	buf_free(&b);
	return at;
}

/* Where row r is from: "doc:line" when the input has them, else "file:line". */
static size_t
source(struct pivot *p, const struct csvr *r)
{
	struct buf w = { 0 };
	size_t at;

	if (p->doc >= 0 && p->line >= 0)
		buf_printf(&w, "%s:%s", r->field[p->doc], r->field[p->line]);
	else if (p->doc >= 0)
		buf_printf(&w, "%s", r->field[p->doc]);
	else
		buf_printf(&w, "%s:%lu", in_name(p->path), r->line);
	at = keep(p, w.p, w.len);
	buf_free(&w);
	return at;
}

/* Report that cell c's kept value and row r's value for column ci differ. */
static void
conflict(struct pivot *p, const struct cell *c, const struct csvr *r, size_t ci)
{
	const char *kept, *where, *colv;
	size_t i, n, at;

	p->conflicts++;
	colv = hmap_key(&p->cols, ci, &n);
	at = source(p, r);  /* may move p->vals: pointers into it come after */
	kept = p->vals.p + c->first;
	where = p->vals.p + c->src;
	if (p->cw) {
		for (i = 0; i < p->nrow; i++)
			csvw_field(p->cw, r->field[p->rowcol[i]], r->flen[p->rowcol[i]]);
		csvw_field(p->cw, colv, n);
		csvw_str(p->cw, kept);
		csvw_str(p->cw, where);
		csvw_field(p->cw, r->field[p->val], r->flen[p->val]);
		csvw_str(p->cw, p->vals.p + at);
		csvw_end(p->cw);
	} else {
		weprintf_at(in_name(p->path), r->line, "conflict for %s '%s': %s from %s, %s from %s",
		            p->colname, p->colv.p, kept, where, r->field[p->val],
		            p->vals.p + at);
	}
	p->vals.len = at;  /* the source text was only for the message */
}

/* --rank: row r's rank fields, packed ((length, bytes) per column), kept in
 * the arena */
static size_t
rank_key(struct pivot *p, const struct csvr *r)
{
	struct buf b = { 0 };
	size_t i, at;

	for (i = 0; i < p->nrank; i++) {
		uint32_t len = (uint32_t)r->flen[p->rankcol[i]];

		buf_add(&b, &len, 4);
		buf_add(&b, r->field[p->rankcol[i]], len);
	}
	at = keep(p, b.p ? b.p : "", b.len);
	buf_free(&b);
	return at;
}

/* Compare two packed keys of k fields, field by field, bytewise (a prefix
 * first).  Returns: <0, 0, >0. */
static int
packed_cmp(const char *a, const char *b, size_t k)
{
	for (; k; k--) {
		uint32_t la, lb;
		int c;

		memcpy(&la, a, 4);
		memcpy(&lb, b, 4);
		c = memcmp(a + 4, b + 4, la < lb ? la : lb);
		if (c || la != lb)
			return c ? c : la < lb ? -1 : 1;
		a += 4 + la;
		b += 4 + lb;
	}
	return 0;
}

/* --rank: record r's value v joins cell c: a new value is an entry of its
 * own; a value the cell has takes r as its record when r ranks higher (the
 * first record keeps it among equals) */
static void
rank_value(struct pivot *p, struct cell *c, const struct csvr *r, const char *v, size_t n)
{
	size_t e, rk = rank_key(p, r);
	struct entry *en;

	for (e = c->head; e != NONE; e = p->ent[e].next)
		if (!strcmp(p->vals.p + p->ent[e].val, v))
			break;
	if (e != NONE) {
		en = &p->ent[e];
		if (packed_cmp(p->vals.p + rk, p->vals.p + en->rank, p->nrank) > 0) {
			en->rank = rk;
			en->src = source(p, r);
			en->seq = p->seq;
		} else {
			p->vals.len = rk;  /* its rank was only for the comparison */
		}
		p->seq++;
		return;
	}
	if (p->nent == p->entcap) {
		p->entcap = p->entcap ? p->entcap * 2 : 256;
		p->ent = xrealloc(p->ent, p->entcap * sizeof(*p->ent));
	}
	en = &p->ent[p->nent];
	en->rank = rk;
	en->val = keep(p, v, n);
	en->src = source(p, r);
	en->seq = p->seq++;
	en->next = c->head;
	c->head = p->nent++;
}

static const struct pivot *sorting;  /* what the qsort comparisons below read */

/* best first: the higher rank, then the earlier record */
static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = &sorting->ent[*(const size_t *)a];
	const struct entry *y = &sorting->ent[*(const size_t *)b];
	int c = packed_cmp(sorting->vals.p + y->rank, sorting->vals.p + x->rank, sorting->nrank);

	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
row_cmp(const void *a, const void *b)
{
	size_t na, nb;
	const char *x = hmap_key(&sorting->rows, *(const size_t *)a, &na);
	const char *y = hmap_key(&sorting->rows, *(const size_t *)b, &nb);

	return packed_cmp(x, y, sorting->nrow);
}

static int
col_cmp(const void *a, const void *b)
{
	size_t na, nb;
	const char *x = hmap_key(&sorting->cols, *(const size_t *)a, &na);
	const char *y = hmap_key(&sorting->cols, *(const size_t *)b, &nb);
	int c = memcmp(x, y, na < nb ? na : nb);

	return c ? c : na < nb ? -1 : na > nb;
}

/* The order rows and columns are written in: first seen, or with --rank
 * sorted (bytewise, field by field), so that a table updated in place and
 * one made whole are the same bytes.  With --rank each cell's entries are
 * put best first, and the best is the cell's value. */
static void
order(struct pivot *p)
{
	size_t i, ci, k, e, *tmp = NULL, ntmp = 0;

	p->roworder = xcalloc(p->rows.n + 1, sizeof(size_t));
	p->colorder = xcalloc(p->cols.n + 1, sizeof(size_t));
	for (i = 0; i < p->rows.n; i++)
		p->roworder[i] = i;
	for (i = 0; i < p->cols.n; i++)
		p->colorder[i] = i;
	if (!p->nrank)
		return;
	sorting = p;
	qsort(p->roworder, p->rows.n, sizeof(size_t), row_cmp);
	qsort(p->colorder, p->cols.n, sizeof(size_t), col_cmp);
	for (ci = 0; ci < p->ncell; ci++) {
		struct cell *c = &p->cell[ci];

		for (k = 0, e = c->head; e != NONE; e = p->ent[e].next) {
			if (k == ntmp) {
				ntmp = ntmp ? ntmp * 2 : 16;
				tmp = xrealloc(tmp, ntmp * sizeof(*tmp));
			}
			tmp[k++] = e;
		}
		qsort(tmp, k, sizeof(size_t), entry_cmp);
		for (i = 0; i < k; i++)
			p->ent[tmp[i]].next = i + 1 < k ? tmp[i + 1] : NONE;
		c->head = tmp[0];
		c->first = p->ent[tmp[0]].val;
		c->src = p->ent[tmp[0]].src;
		p->conflicts += k - 1;
	}
	free(tmp);
}

/* The packed fields at s, each as a CSV field of w. */
static void
put_packed(struct csvw *w, const char *s, size_t k)
{
	for (; k; k--) {
		uint32_t len;

		memcpy(&len, s, 4);
		csvw_field(w, s + 4, len);
		s += 4 + len;
	}
}

typedef void cell_fn(struct pivot *p, const char *key, const char *colv, size_t n,
                     const struct cell *c, void *arg);

/* fn for each filled cell of p, in the order of the table, with its row key
 * (packed) and its column's name (colv[0..n)). */
static void
each_cell(struct pivot *p, cell_fn *fn, void *arg)
{
	size_t i, j, n, k[2], cidx;
	const char *key, *colv;

	for (i = 0; i < p->rows.n; i++) {
		k[0] = p->roworder[i];
		key = hmap_key(&p->rows, k[0], &n);
		for (j = 0; j < p->cols.n; j++) {
			k[1] = p->colorder[j];
			if ((cidx = hmap_get(&p->cells, k, sizeof(k), 0)) == HMAP_NONE)
				continue;
			colv = hmap_key(&p->cols, k[1], &n);
			fn(p, key, colv, n, &p->cell[cidx], arg);
		}
	}
}

/* --rank's conflicts of cell c, once ranked: its values after the kept one,
 * best first (as messages without a FILE) */
static void
cell_conflicts(struct pivot *p, const char *key, const char *colv, size_t n,
               const struct cell *c, void *arg)
{
	size_t e;

	(void)arg;
	for (e = p->ent[c->head].next; e != NONE; e = p->ent[e].next) {
		const struct entry *en = &p->ent[e];

		if (!p->cw) {
			weprintf("conflict for %s '%.*s': %s from %s, %s from %s", p->colname, (int)n,
			         colv, p->vals.p + c->first, p->vals.p + c->src, p->vals.p + en->val,
			         p->vals.p + en->src);
			continue;
		}
		put_packed(p->cw, key, p->nrow);
		csvw_field(p->cw, colv, n);
		csvw_str(p->cw, p->vals.p + c->first);
		csvw_str(p->cw, p->vals.p + c->src);
		csvw_str(p->cw, p->vals.p + en->val);
		csvw_str(p->cw, p->vals.p + en->src);
		put_packed(p->cw, p->vals.p + en->rank, p->nrank);
		csvw_end(p->cw);
	}
}

static struct cell *
new_cell(struct pivot *p)
{
	struct cell *c;

	if (p->ncell == p->ncap) {
		p->ncap = p->ncap ? p->ncap * 2 : 256;
		p->cell = xrealloc(p->cell, p->ncap * sizeof(*p->cell));
	}
	c = &p->cell[p->ncell++];
	memset(c, 0, sizeof(*c));
	c->head = NONE;
	return c;
}

static int
row(struct csvr *r, void *arg)
{
	struct pivot *p = arg;
	size_t ri, ci, k[2], i, n, cidx;
	const char *v;
	struct cell *c;
	double x = 0;

	if (r->row == 1) {
		for (i = 0; i < p->nwhere; i++)
			if ((p->where[i].idx = csvr_col(r, p->where[i].col)) < 0) {
				weprintf_at(in_name(p->path), r->line, "no column '%s' (-w)", p->where[i].col);
				return -1;
			}
		return header(p, r);
	}
	for (i = 0; i < p->nwhere; i++) {
		const struct where *wh = &p->where[i];
		size_t j;

		for (j = 0; j < wh->nvals && strcmp(r->field[wh->idx], wh->vals[j]); j++)
			;
		if (j == wh->nvals)
			return 0;  /* not a row of this table */
	}
	p->key.len = 0;
	for (i = 0; i < p->nrow; i++) {
		uint32_t len = (uint32_t)r->flen[p->rowcol[i]];

		buf_add(&p->key, &len, 4);
		buf_add(&p->key, r->field[p->rowcol[i]], len);
	}
	ri = hmap_get(&p->rows, p->key.p, p->key.len, 1);
	v = r->field[p->val];
	n = r->flen[p->val];
	if (!n)
		return 0;  /* no value: the row key still gets its line */
	col_value(p, r);
	for (i = 0; i < p->nrow; i++)
		if (!strcmp(p->colv.p, p->rowname[i])) {
			weprintf_at(in_name(p->path), r->line, "%s '%s' would name a second column '%s'",
			            p->colname, p->colv.p, p->rowname[i]);
			return -1;
		}
	if (p->agg >= MIN && p->agg <= MEAN) {
		char *end;

		errno = 0;
		x = strtod(v, &end);
		if (*end || errno == ERANGE || isnan(x) || isinf(x)) {
			weprintf_at(in_name(p->path), r->line, "%s '%s' is not a number", p->valname, v);
			return -1;
		}
	}
	ci = hmap_get(&p->cols, p->colv.p, p->colv.len, 1);
	k[0] = ri;
	k[1] = ci;
	cidx = hmap_get(&p->cells, k, sizeof(k), 1);
	if (p->nrank) {
		rank_value(p, cidx == p->ncell ? new_cell(p) : &p->cell[cidx], r, v, n);
		return 0;
	}
	if (cidx == p->ncell) {  /* a new cell */
		c = new_cell(p);
		c->first = c->min = c->max = keep(p, v, n);
		c->src = source(p, r);
		c->what = what(p, r);
		c->vmin = c->vmax = c->sum = x;
		c->n = 1;
		return 0;
	}
	c = &p->cell[cidx];
	/* a number folds only with its own kind and unit: the mean of a rank
	 * (106) and its change (+4) is no rank */
	if (p->agg >= MIN && p->agg <= MEAN) {
		size_t wh = what(p, r);

		if (strcmp(p->vals.p + c->what, p->vals.p + wh)) {
			weprintf_at(in_name(p->path), r->line, "%s '%s': -a %s would fold %s with %s "
			            "(take one with -w kind=level, -w unit=...)", p->colname,
			            p->colv.p, agg_names[p->agg], p->vals.p + c->what,
			            p->vals.p + wh);
			return -1;
		}
	}
	c->n++;
	c->sum += x;
	if (p->agg == FIRST || p->agg == LAST) {
		if (strcmp(p->vals.p + c->first, v)) {
			conflict(p, c, r, ci);
			if (p->agg == LAST) {
				c->first = keep(p, v, n);
				c->src = source(p, r);
			}
		}
	} else if (p->agg == MIN && x < c->vmin) {
		c->vmin = x;
		c->min = keep(p, v, n);
	} else if (p->agg == MAX && x > c->vmax) {
		c->vmax = x;
		c->max = keep(p, v, n);
	}
	return 0;
}

static void
write_table(struct pivot *p, struct csvw *w)
{
	size_t i, ri, ci, n, k[2];
	const char *s;
	char num[64];

	for (i = 0; i < p->nrow; i++)
		csvw_str(w, p->rowname[i]);
	for (ci = 0; ci < p->cols.n; ci++) {
		s = hmap_key(&p->cols, p->colorder[ci], &n);
		csvw_field(w, s, n);
	}
	csvw_end(w);
	for (ri = 0; ri < p->rows.n; ri++) {
		/* the row key: (length, bytes) per column */
		k[0] = p->roworder[ri];
		put_packed(w, hmap_key(&p->rows, k[0], &n), p->nrow);
		for (ci = 0; ci < p->cols.n; ci++) {
			const struct cell *c;
			size_t cidx;

			k[1] = p->colorder[ci];
			if ((cidx = hmap_get(&p->cells, k, sizeof(k), 0)) == HMAP_NONE) {
				csvw_field(w, "", 0);
				continue;
			}
			c = &p->cell[cidx];
			switch (p->agg) {
			case FIRST: case LAST: csvw_str(w, p->vals.p + c->first); break;
			case MIN: csvw_str(w, p->vals.p + c->min); break;
			case MAX: csvw_str(w, p->vals.p + c->max); break;
			case COUNT: csvw_long(w, (long)c->n); break;
			case SUM:
			case MEAN:
				snprintf(num, sizeof(num), "%.15g", p->agg == SUM ? c->sum : c->sum / (double)c->n);
				csvw_str(w, num);
				break;
			}
		}
		csvw_end(w);
	}
}

/*
 * --sources: one row per filled cell, ROWKEYS, COLUMN, the value kept and
 * where it came from ("doc:line"; with an aggregation other than first or
 * last, the first of the values it folds).
 */
static void
cell_source(struct pivot *p, const char *key, const char *colv, size_t n,
            const struct cell *c, void *arg)
{
	struct csvw *w = arg;

	put_packed(w, key, p->nrow);
	csvw_field(w, colv, n);
	csvw_str(w, p->vals.p + c->first);
	csvw_str(w, p->vals.p + c->src);
	if (p->nrank)
		put_packed(w, p->vals.p + p->ent[c->head].rank, p->nrank);
	csvw_end(w);
}

static void
write_sources(struct pivot *p, struct csvw *w)
{
	size_t i;

	for (i = 0; i < p->nrow; i++)
		csvw_str(w, p->rowname[i]);
	csvw_str(w, p->colname);
	csvw_str(w, "value");
	csvw_str(w, "from");
	for (i = 0; i < p->nrank; i++)  /* what ranked the kept value */
		csvw_str(w, p->rankname[i]);
	csvw_end(w);
	each_cell(p, cell_source, w);
}

/* Write the CSV that fn makes of p to path (stdout for NULL or "-").
 * Returns: 0, or -1 after a message. */
static int
write_csv(const char *path, void (*fn)(struct pivot *, struct csvw *), struct pivot *p)
{
	struct output o;
	struct csvw w;
	int ret;

	if (out_open(&o, path) < 0)
		return -1;
	csvw_init(&w, o.fp);
	fn(p, &w);
	ret = out_close(&o, 1);
	csvw_free(&w);
	return ret;
}

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Reshape CSV records: one row per ROWKEYS value, one column per value of\n"
	       "COLUMN, holding VALUE.\n\n"
	       "  -r, --rows ROWKEYS    the row key columns, comma-separated\n"
	       "  -c, --column COLUMN   the column whose values name the new columns;\n"
	       "                        COL1,COL2: their non-empty values joined by '|'\n"
	       "  -v, --value VALUE     the column that fills the cells\n"
	       "  -a, --agg AGG         first (default), last, min, max, sum, mean, count\n"
	       "  -w, --where COL=V     take only rows whose COL is V (V1|V2: one of them);\n"
	       "                        several -w must all hold: -w kind=level\n"
	       "      --conflicts FILE  write conflicting values as CSV to FILE, not stderr\n"
	       "      --sources FILE    write each cell's value and its doc:line to FILE\n"
	       "      --rank COLS       keep each cell's best value: the value of the record\n"
	       "                        whose COLS are greatest (compared in turn, bytewise),\n"
	       "                        the first among equals; rows and columns sorted\n"
	       "  -q, --quiet           no closing line on stderr counting the conflicts\n"
	       "  -o, --output FILE     write to FILE, replaced only when complete\n"
	       "      --version         the version of cchc\n"
	       "  -h, --help            this help\n\n"
	       "Rows and columns come in the order their keys first appear.  With first or\n"
	       "last, a cell that gets different values is a conflict: each is reported\n"
	       "with the doc and line of both values, and the last line on stderr counts\n"
	       "them (a table with conflicts is not one to publish unread).  With --rank,\n"
	       "each other value of a cell is reported once, from its best record, best\n"
	       "first, and --sources and --conflicts add the COLS that ranked them.  Empty\n"
	       "values are skipped.\n"
	       "Exit status: 0 on success (conflicts included), 1 on bad input or output.\n",
	       argv0, synopsis);
	exit(0);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "agg", required_argument, NULL, 'a' },
		{ "column", required_argument, NULL, 'c' },
		{ "conflicts", required_argument, NULL, 'C' },
		{ "sources", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rank", required_argument, NULL, 'R' },
		{ "rows", required_argument, NULL, 'r' },
		{ "value", required_argument, NULL, 'v' },
		{ "where", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct pivot p;
	struct output cout;
	struct csvw cw;
	const char *outfile = NULL, *cfile = NULL, *sfile = NULL;
	int ch, ret = 0, quiet = 0;
	size_t i;

	cchc_init(argv[0]);
	memset(&p, 0, sizeof(p));
	while ((ch = getopt_long(argc, argv, "a:c:ho:qr:v:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			for (i = 0; i < LEN(agg_names) && strcmp(optarg, agg_names[i]); i++)
				;
			if (i == LEN(agg_names)) {
				weprintf("unknown aggregation '%s' (first, last, min, max, sum, mean, count)",
				         optarg);
				usage_line(synopsis);
			}
			p.agg = (enum agg)i;
			break;
		case 'c': p.colname = optarg; break;
		case 'q': quiet = 1; break;
		case 'C': cfile = optarg; break;
		case 'S': sfile = optarg; break;
		case 'R': p.rankspec = optarg; break;
		case 'o': outfile = optarg; break;
		case 'r': p.rowspec = optarg; break;
		case 'v': p.valname = optarg; break;
		case 'w': {
			struct where *wh = &p.where[p.nwhere];
			char *eq = strchr(optarg, '='), *v, *bar;

			if (p.nwhere == MAX_WHERE) {
				weprintf("more than %d -w", MAX_WHERE);
				usage_line(synopsis);
			}
			if (!eq || eq == optarg) {
				weprintf("-w %s: not COL=VALUE", optarg);
				usage_line(synopsis);
			}
			wh->col = xstrndup(optarg, (size_t)(eq - optarg));
			for (v = eq + 1; ; v = bar + 1) {
				bar = strchr(v, '|');
				wh->vals = xrealloc(wh->vals, (wh->nvals + 1) * sizeof(*wh->vals));
				wh->vals[wh->nvals++] = bar ? xstrndup(v, (size_t)(bar - v)) : xstrdup(v);
				if (!bar)
					break;
			}
			p.nwhere++;
			break;
		}
		case 'h': help();
		case 'V': print_version();
		default: usage_line(synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || !p.rowspec || !p.colname || !p.valname)
		usage_line(synopsis);
	if (p.rankspec && p.agg != FIRST) {
		weprintf("--rank keeps the best value of a cell: no -a %s with it", agg_names[p.agg]);
		usage_line(synopsis);
	}
	p.path = argc ? argv[0] : "-";
	if (cfile) {
		if (out_open(&cout, cfile) < 0)
			return 1;
		csvw_init(&cw, cout.fp);
		p.cw = &cw;
	}
	if (csvr_read(p.path, row, &p) < 0) {
		ret = 1;
	} else if (!p.rowcol) {
		weprintf_at(in_name(p.path), 0, "empty input: no header");
		ret = 1;
	}
	if (!ret) {
		order(&p);
		if (p.nrank)
			each_cell(&p, cell_conflicts, NULL);
		ret = write_csv(outfile, write_table, &p) < 0;
		if (!ret && sfile)
			ret = write_csv(sfile, write_sources, &p) < 0;
	}
	if (cfile) {
		if (out_close(&cout, !ret) < 0)
			ret = 1;
		csvw_free(&cw);
	}
	if (p.conflicts && !quiet && p.nrank)  /* the last line: a table a reader can trust or not */
		weprintf("%lu conflicting values (--rank %s kept the best of each; %s)", p.conflicts,
		         p.rankspec, cfile ? cfile : "each above");
	else if (p.conflicts && !quiet)
		weprintf("%lu conflicting values (-a %s kept the %s of each; %s)", p.conflicts,
		         agg_names[p.agg], p.agg == LAST ? "last" : "first",
		         cfile ? cfile : "each above");
	for (i = 0; i < p.nrow; i++)
		free(p.rowname[i]);
	free(p.rowname);
	for (i = 0; i < p.nrank; i++)
		free(p.rankname[i]);
	free(p.rankname);
	free(p.rankcol);
	free(p.ent);
	free(p.roworder);
	free(p.colorder);
	for (i = 0; i < p.nwhere; i++) {
		size_t j;

		for (j = 0; j < p.where[i].nvals; j++)
			free(p.where[i].vals[j]);
		free(p.where[i].vals);
		free(p.where[i].col);
	}
	free(p.rowcol);
	free(p.colcol);
	buf_free(&p.colv);
	free(p.cell);
	hmap_free(&p.rows);
	hmap_free(&p.cols);
	hmap_free(&p.cells);
	buf_free(&p.vals);
	buf_free(&p.key);
	return ret;
}
