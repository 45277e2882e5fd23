/* cchc-pivot: one row per key (province, period), one column per metric. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char synopsis[] =
	"-r ROWKEYS -c COLUMN -v VALUE [-a AGG] [-w COL=V[|V...]]... [--conflicts FILE]\n"
	"       [--sources FILE] [-q] [-o FILE] [FILE]";

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

struct cell {
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
	if (cidx == p->ncell) {  /* a new cell */
		if (p->ncell == p->ncap) {
			p->ncap = p->ncap ? p->ncap * 2 : 256;
			p->cell = xrealloc(p->cell, p->ncap * sizeof(*p->cell));
		}
		c = &p->cell[p->ncell++];
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
		s = hmap_key(&p->cols, ci, &n);
		csvw_field(w, s, n);
	}
	csvw_end(w);
	for (ri = 0; ri < p->rows.n; ri++) {
		/* the row key: (length, bytes) per column */
		s = hmap_key(&p->rows, ri, &n);
		for (i = 0; i < p->nrow; i++) {
			uint32_t len;

			memcpy(&len, s, 4);
			csvw_field(w, s + 4, len);
			s += 4 + len;
		}
		k[0] = ri;
		for (ci = 0; ci < p->cols.n; ci++) {
			const struct cell *c;
			size_t cidx;

			k[1] = ci;
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
write_sources(struct pivot *p, struct csvw *w)
{
	size_t i, ri, ci, n, k[2], cidx;
	const char *s, *key;

	for (i = 0; i < p->nrow; i++)
		csvw_str(w, p->rowname[i]);
	csvw_str(w, p->colname);
	csvw_str(w, "value");
	csvw_str(w, "from");
	csvw_end(w);
	for (ri = 0; ri < p->rows.n; ri++) {
		key = hmap_key(&p->rows, ri, &n);
		for (ci = 0; ci < p->cols.n; ci++) {
			const struct cell *c;

			k[0] = ri;
			k[1] = ci;
			if ((cidx = hmap_get(&p->cells, k, sizeof(k), 0)) == HMAP_NONE)
				continue;
			c = &p->cell[cidx];
			for (s = key, i = 0; i < p->nrow; i++) {
				uint32_t len;

				memcpy(&len, s, 4);
				csvw_field(w, s + 4, len);
				s += 4 + len;
			}
			s = hmap_key(&p->cols, ci, &n);
			csvw_field(w, s, n);
			csvw_str(w, p->vals.p + c->first);
			csvw_str(w, p->vals.p + c->src);
			csvw_end(w);
		}
	}
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
	       "  -q, --quiet           no closing line on stderr counting the conflicts\n"
	       "  -o, --output FILE     write to FILE, replaced only when complete\n"
	       "      --version         the version of cchc\n"
	       "  -h, --help            this help\n\n"
	       "Rows and columns come in the order their keys first appear.  With first or\n"
	       "last, a cell that gets different values is a conflict: each is reported\n"
	       "with the doc and line of both values, and the last line on stderr counts\n"
	       "them (a table with conflicts is not one to publish unread).  Empty values\n"
	       "are skipped.\n"
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
		ret = write_csv(outfile, write_table, &p) < 0;
		if (!ret && sfile)
			ret = write_csv(sfile, write_sources, &p) < 0;
	}
	if (cfile) {
		if (out_close(&cout, !ret) < 0)
			ret = 1;
		csvw_free(&cw);
	}
	if (p.conflicts && !quiet)  /* the last line: a table a reader can trust or not */
		weprintf("%lu conflicting values (-a %s kept the %s of each; %s)", p.conflicts,
		         agg_names[p.agg], p.agg == LAST ? "last" : "first",
		         cfile ? cfile : "each above");
	for (i = 0; i < p.nrow; i++)
		free(p.rowname[i]);
	free(p.rowname);
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
