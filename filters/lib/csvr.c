/*
 * cchc: reading CSV through libcsv.
 *
 * The input is parsed a chunk at a time in strict mode; each complete row is
 * handed to the caller's function with its fields (pointers and lengths,
 * NUL-terminated for convenience, valid until the function returns) and the
 * line on which it started, and, when the row is one whole line of the input,
 * that line's bytes (raw, rawlen: no line end), which a filter can copy to
 * its output instead of quoting the fields anew.  Errors name the file and the line: a malformed
 * quote, an unterminated quote at the end, a row whose field count differs
 * from the header's, a field that is not UTF-8 or holds a NUL byte, a row
 * larger than csvr_max_row.  A UTF-8 BOM before the header is skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "../util.h"

/* Largest row (its fields' bytes): 64 MiB, or CCHC_MAX_ROW.  libcsv's own
 * field buffer is held to it too, so no input grows memory past it. */
size_t csvr_max_row = (size_t)64 << 20;

struct rd {
	struct csvr *r;
	struct buf *f;      /* field texts, each NUL-terminated */
	size_t nf, cap;
	size_t rcap;        /* room in r->field and r->flen */
	size_t *off, *len;
	unsigned long line; /* current physical line */
	unsigned long rowline;
	const char *piece;  /* the line being fed, when it is a whole line */
	size_t piecelen;
	int rows;           /* rows ended in this piece */
	int nul;            /* a field of this row holds a NUL byte */
	int dirty;          /* bytes of this row came from a chunk not known clean */
	int chunk_dirty;    /* the chunk being fed is not known clean */
	char tail[4];       /* a UTF-8 sequence cut at the chunk's end */
	size_t tailn;
	int big;            /* the row is larger than csvr_max_row */
	int quiet;
	int stop;
	int (*fn)(struct csvr *, void *);
	void *arg;
};

static void
on_field(void *s, size_t n, void *data)
{
	struct rd *d = data;

	if (d->nf == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->off = xrealloc(d->off, d->cap * sizeof(*d->off));
		d->len = xrealloc(d->len, d->cap * sizeof(*d->len));
	}
	if (d->nf == 0)
		d->f->len = 0;
	if (!s)
		n = 0;
	if (d->big || n + 1 > csvr_max_row - d->f->len) {
		d->big = 1;
		n = 0;
	}
	buf_grow(d->f, n + 1);
	d->off[d->nf] = d->f->len;
	d->len[d->nf] = n;
	if (n) {
		memcpy(d->f->p + d->f->len, s, n);
		if (d->dirty)
			d->nul |= memchr(s, '\0', n) != NULL;
	}
	d->f->p[d->f->len + n] = '\0';
	d->f->len += n + 1;
	d->nf++;
}

/*
 * Whether a field of the row is not UTF-8 or holds a NUL byte (after a
 * message): the filters match fields with PCRE2 in UTF mode and hand them
 * on as C strings, so neither may pass.
 */
static int
bad_text(struct rd *d)
{
	size_t i, v;

	if (!d->dirty || (!d->nul && utf8_valid_prefix(d->f->p, d->f->len) == d->f->len))
		return 0;
	for (i = 0; i < d->nf; i++) {
		const char *f = d->f->p + d->off[i];

		v = utf8_valid_prefix(f, d->len[i]);
		if (v < d->len[i] || memchr(f, '\0', d->len[i])) {
			if (!d->quiet)
				weprintf_at(in_name(d->r->path), d->rowline, "field %zu: %s", i + 1,
				            v < d->len[i] ? "invalid UTF-8" : "a NUL byte");
			return 1;
		}
	}
	return 0;
}

static void
on_row(int c, void *data)
{
	struct rd *d = data;
	struct csvr *r = d->r;
	size_t i;

	(void)c;
	if (d->stop)
		goto out;
	if (r->nfield == 0 && d->nf == 1 && d->len[0] == 0)
		goto out;  /* a blank line */
	r->row++;
	r->line = d->rowline;
	/* a row that is one whole line has its bytes at hand */
	r->raw = d->piece && !d->rows && d->rowline == d->line ? d->piece : NULL;
	r->rawlen = d->piecelen;
	d->rows++;
	r->nfield = d->nf;
	if (d->nf > d->rcap) {
		d->rcap = d->nf;
		r->field = xrealloc(r->field, d->rcap * sizeof(*r->field));
		r->flen = xrealloc(r->flen, d->rcap * sizeof(*r->flen));
	}
	for (i = 0; i < d->nf; i++) {
		r->field[i] = d->f->p + d->off[i];
		r->flen[i] = d->len[i];
	}
	if (r->row == 1 && d->nf && d->len[0] >= 3 && !memcmp(r->field[0], "\xEF\xBB\xBF", 3)) {
		r->field[0] += 3;
		r->flen[0] -= 3;
		if (r->raw) {
			r->raw += 3;
			r->rawlen -= 3;
		}
	}
	if (d->big) {
		if (!d->quiet)
			weprintf_at(in_name(r->path), d->rowline,
			            "row larger than %zu bytes (CCHC_MAX_ROW)", csvr_max_row);
		r->err = 1;
		d->stop = 1;
		goto out;
	}
	if (bad_text(d)) {
		r->err = 1;
		d->stop = 1;
		goto out;
	}
	if (r->row == 1) {
		r->ncol = d->nf;
	} else if (d->nf != r->ncol) {
		if (!d->quiet)
			weprintf_at(in_name(r->path), r->line, "%zu fields, the header has %zu", d->nf, r->ncol);
		r->err = 1;
		d->stop = 1;
		goto out;
	}
	if (d->fn(r, d->arg) < 0)
		d->stop = 1;
	r->nfield = d->nf;
out:
	d->nf = 0;
	d->nul = d->big = 0;
	d->dirty = d->chunk_dirty;  /* the next row starts in this chunk */
	/* called on the row's line end: the next row starts on the next line */
	d->rowline = d->line + 1;
}

/* libcsv trims spaces and tabs around unquoted fields unless told that
 * nothing is a space; RFC 4180 keeps them as part of the field. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * Whether the chunk c[0..n) is clean: UTF-8 without NUL, so that the rows
 * made of clean chunks need no check of their own (bad_text).  A sequence
 * cut at the chunk's end is kept in d->tail and checked with the next one.
 */
static int
chunk_clean(struct rd *d, const char *c, size_t n)
{
	size_t i = 0, v;

	if (d->tailn) {
		char seq[4];
		size_t len = (size_t)utf8_len((unsigned char)d->tail[0]);

		if (len - d->tailn > n) {
			d->tailn = 0;
			return 0;
		}
		memcpy(seq, d->tail, d->tailn);
		memcpy(seq + d->tailn, c, len - d->tailn);
		i = len - d->tailn;
		d->tailn = 0;
		if (utf8_valid_prefix(seq, len) != len)
			return 0;
	}
	if (memchr(c, '\0', n))
		return 0;
	v = i + utf8_valid_prefix(c + i, n - i);
	if (v == n)
		return 1;
	if (!utf8_cut_short(c + v, n - v))
		return 0;
	memcpy(d->tail, c + v, n - v);
	d->tailn = n - v;
	return 1;
}

/* libcsv's allocator: its field buffer never grows past the row limit */
static void *
field_realloc(void *p, size_t n)
{
	return n > csvr_max_row + 1024 ? NULL : realloc(p, n);
}

/* Read the next chunk: through struct input, or from a range of a plain file. */
static ssize_t
next_chunk(struct input *in, const struct csvr_opts *o, off_t *pos, char *buf, size_t n)
{
	ssize_t got;

	if (!o || o->fd < 0)
		return in_read(in, buf, n);
	if (o->pause > *pos && (off_t)n > o->pause - *pos)
		n = (size_t)(o->pause - *pos);
	do
		got = pread(o->fd, buf, n, *pos);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		weprintf_at(in_name(in->name), 0, "read error:");
	else
		*pos += got;
	return got;
}

/*
 * Read the CSV file path ("-" is stdin; gzip is read through) and call
 * fn(r, arg) for each row, the header first (r->row == 1).  fn returns 0 to
 * go on, -1 to stop (an error it has reported).
 * Returns: 0, or -1 after a message (unreadable file, malformed CSV, ragged
 *          row, or fn stopped).
 */
int
csvr_read(const char *path, int (*fn)(struct csvr *, void *), void *arg)
{
	return csvr_read_opts(path, NULL, fn, arg);
}

/*
 * csvr_read with options (see struct csvr_opts): a plain file read from
 * o->fd at o->start, a pause at o->pause where o->at_pause decides whether
 * to stop, no header when o->ncol is set, no messages when o->quiet is.
 */
int
csvr_read_opts(const char *path, const struct csvr_opts *o,
               int (*fn)(struct csvr *, void *), void *arg)
{
	struct csv_parser p;
	struct csvr r;
	struct input in;
	struct buf fields = { 0 };
	struct rd d;
	char chunk[1 << 16];
	ssize_t n = 0;
	off_t pos = o ? o->start : 0;
	int ret = 0, at_start = 1, quiet = o && o->quiet;

	memset(&r, 0, sizeof(r));
	memset(&d, 0, sizeof(d));
	r.path = path;
	d.r = &r;
	d.f = &fields;
	d.fn = fn;
	d.arg = arg;
	d.line = d.rowline = 1;
	d.quiet = quiet;
	if (o && o->ncol) {
		r.row = 1;  /* the header was read elsewhere */
		r.ncol = o->ncol;
	}
	if (o && o->fd >= 0) {
		memset(&in, 0, sizeof(in));
		in.name = path;
	} else if (in_open(&in, path) < 0) {
		return -1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		eprintf("csv_init failed");
	csv_set_space_func(&p, no_space);
	csv_set_realloc_func(&p, field_realloc);
	csv_set_blk_size(&p, 1 << 16);  /* libcsv grows its field buffer by this step */
	for (;;) {
		size_t done = 0, k;

		if (o && o->pause > 0 && pos == o->pause && !d.stop) {
			/* libcsv between rows: no state, nothing pending */
			int clean = at_start && p.pstate == 0 && p.entry_pos == 0;

			if (o->at_pause(arg, clean))
				break;
		}
		if (d.stop || (n = next_chunk(&in, o, &pos, chunk, sizeof(chunk))) <= 0) {
			if (d.tailn)
				d.dirty = 1;  /* the input ends inside a sequence */
			break;
		}
		if ((d.chunk_dirty = !chunk_clean(&d, chunk, (size_t)n)))
			d.dirty = 1;
		/* feed line by line, so that rows know the line they start on */
		while (done < (size_t)n && !d.stop) {
			char *nl = memchr(chunk + done, '\n', (size_t)n - done);

			k = nl ? (size_t)(nl - (chunk + done)) + 1 : (size_t)n - done;
			d.piece = NULL;
			if (nl && at_start) {
				d.piecelen = k - 1 - (k > 1 && chunk[done + k - 2] == '\r');
				if (!memchr(chunk + done, '\r', d.piecelen))
					d.piece = chunk + done;
			}
			d.rows = 0;
			at_start = nl != NULL;
			if (csv_parse(&p, chunk + done, k, on_field, on_row, &d) != k) {
				if (quiet)
					;
				else if (csv_error(&p) == CSV_ENOMEM)
					weprintf_at(in_name(path), d.rowline, "field larger than %zu "
					            "bytes (CCHC_MAX_ROW)", csvr_max_row);
				else
					weprintf_at(in_name(path), d.line, "malformed CSV: %s",
					            csv_strerror(csv_error(&p)));
				r.err = 1;
				d.stop = 1;
				break;
			}
			done += k;
			if (nl)
				d.line++;
		}
	}
	if (n < 0)
		r.err = 1;
	d.piece = NULL;
	if (!d.stop && !r.err && !(o && o->pause > 0 && pos == o->pause) &&
	    csv_fini(&p, on_field, on_row, &d) != 0) {
		if (!quiet)
			weprintf_at(in_name(path), d.rowline,
			            "malformed CSV: unterminated quoted field");
		r.err = 1;
	}
	if (d.stop)
		ret = -1;
	if (r.err)
		ret = -1;
	csv_free(&p);
	if (!(o && o->fd >= 0) && in_close(&in) < 0)
		ret = -1;
	free(r.field);
	free(r.flen);
	free(d.off);
	free(d.len);
	buf_free(&fields);
	return ret;
}

/* Returns: the index of the column named name in the header row, or -1. */
int
csvr_col(const struct csvr *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < r->nfield; i++)
		if (r->flen[i] == n && !memcmp(r->field[i], name, n))
			return (int)i;
	return -1;
}

/*
 * Returns: 0, or -1 after a message when two columns of the header r share
 * a name.  A hash set of the names: a header of a million columns is read
 * in linear time, not compared pair by pair.
 */
int
csvr_unique_names(const struct csvr *r)
{
	struct hmap seen = { 0 };
	size_t i, k;
	int ret = 0;

	for (i = 0; i < r->nfield && !ret; i++) {
		k = hmap_get(&seen, r->field[i], r->flen[i], 1);
		if (k != i) {  /* a name seen before: its number is its first column */
			weprintf_at(in_name(r->path), r->line,
			            "duplicate column name '%s' (columns %zu and %zu)",
			            r->field[i], k + 1, i + 1);
			ret = -1;
		}
	}
	hmap_free(&seen);
	return ret;
}

/*
 * The columns of the header r named in the comma-separated list spec: their
 * indices in *idx (new memory; *n of them).
 * Returns: 0, or -1 after "file:line: no WHAT 'NAME'".
 */
int
csvr_cols(const struct csvr *r, const char *spec, const char *what, size_t **idx, size_t *n)
{
	const char *p = spec, *q;

	*idx = NULL;
	*n = 0;
	for (;;) {
		char *name;
		int c;

		q = strchr(p, ',');
		name = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		if ((c = csvr_col(r, name)) < 0) {
			weprintf_at(in_name(r->path), r->line, "no %s '%s'", what, name);
			free(name);
			free(*idx);
			*idx = NULL;
			*n = 0;
			return -1;
		}
		free(name);
		*idx = xrealloc(*idx, (*n + 1) * sizeof(**idx));
		(*idx)[(*n)++] = (size_t)c;
		if (!q)
			return 0;
		p = q + 1;
	}
}
