/*
 * cchc: the documents of one input.
 *
 * An input is one document, named by its base name ("-" by the name the
 * caller gives), unless its first line is "=== NAME": then it is a stream of
 * documents, each starting with such a line (the format that cchc-text
 * writes for several inputs, and gen-corpus --stream), or a tar archive
 * (plain or .tar.gz, as cchc-archive writes them): then each regular file
 * in it is a document named by its path.  Streams and archives are read a
 * chunk at a time, so memory follows the largest document, not the input.
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define CHUNK (1 << 16)
#define MARK "=== "

/* The first "\n=== " in s[0..n), or NULL.  '=' is rare in reports, so the
 * search goes from one '=' to the next (memchr), not byte by byte. */
static const char *
find_mark(const char *s, size_t n)
{
	const char *q = s, *end = s + n;

	while (end - q >= 5 && (q = memchr(q + 1, '=', (size_t)(end - q) - 1))) {
		if (end - q < 4)
			break;
		if (q[-1] == '\n' && !memcmp(q, MARK, 4))
			return q - 1;
	}
	return NULL;
}

/*
 * Read one more chunk into d->pend.  Besides a document of in_max_doc
 * bytes it may hold one chunk of what follows, so that a document just
 * under the limit is read whole.
 * Returns: bytes read, 0 at end, -1 after a message, -2 when the bytes
 *          held would pass that (no message: the caller says whose).
 */
static ssize_t
more(struct docs *d)
{
	ssize_t r;

	if (d->pendoff > CHUNK && d->pendoff * 2 > d->pend.len) {
		memmove(d->pend.p, d->pend.p + d->pendoff, d->pend.len - d->pendoff);
		d->pend.len -= d->pendoff;
		d->pendoff = 0;
	}
	buf_grow(&d->pend, CHUNK);
	r = in_read(&d->in, d->pend.p + d->pend.len, CHUNK);
	if (r > 0)
		d->pend.len += (size_t)r;
	if (d->pend.len - d->pendoff > in_max_doc + CHUNK)
		return -2;
	return r;
}

/* The message for a document over in_max_doc, which is skipped. */
static void
too_large(struct docs *d, const char *name)
{
	weprintf_at(in_name(d->path), 0, "%s: document larger than %zu bytes (CCHC_MAX_DOC): "
	            "skipped", name, in_max_doc);
	d->skipped = 1;
}

/* Read on inside a tar entry.  Returns: 0, or -1 after a message. */
static int
tar_more(struct docs *d)
{
	ssize_t r = more(d);

	if (r == 0)
		weprintf_at(in_name(d->path), 0, "truncated tar archive: entry at byte %lld "
		            "ends past the end", d->toff);
	else if (r == -2)
		weprintf_at(in_name(d->path), 0, "document larger than %zu bytes", in_max_doc);
	return r > 0 ? 0 : -1;
}

/*
 * Drop n bytes after pendoff, reading on as needed, holding no more than a
 * chunk or two.  Returns: 0, or -1 after a message (the input ends first).
 */
static int
skip_bytes(struct docs *d, unsigned long long n)
{
	for (;;) {
		size_t avail = d->pend.len - d->pendoff;

		if (avail >= n) {
			d->pendoff += (size_t)n;
			return 0;
		}
		n -= avail;
		d->pendoff = d->pend.len;
		if (tar_more(d) < 0)
			return -1;
	}
}

/* Drop the rest of a stream document, up to its next "=== " line. */
static int
skip_part(struct docs *d)
{
	for (;;) {
		size_t avail = d->pend.len - d->pendoff;
		const char *hit = find_mark(d->pend.p + d->pendoff, avail);

		if (hit) {
			d->pendoff = (size_t)(hit - d->pend.p) + 1;
			return 0;
		}
		if (avail > 4)
			d->pendoff += avail - 4;  /* a "\n===" cut by the chunk's end */
		if (d->in.eof) {
			d->pendoff = d->pend.len;
			d->done = 1;
			return 0;
		}
		if (more(d) < 0)
			return -1;
	}
}

/*
 * A document's name as the filters write it: UTF-8, with invalid bytes and
 * NUL as U+FFFD and other control characters (a newline would forge a
 * "=== NAME" line or a CSV row) as '?'.  Returns: new memory.
 */
static char *
doc_name(const char *s, size_t n)
{
	struct buf b = { 0 };
	struct utf8err e = { 0 };
	size_t i;

	utf8_sanitize(s, n, &b, &e);
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.p[i] < 0x20 || b.p[i] == 0x7F)
			b.p[i] = '?';
	buf_str(&b);
	return b.p;
}

/* set: every input is one document (cchc-extract, cchc-text --whole) */
int docs_whole;

/*
 * Open path for reading documents; stdin_name names a document read from
 * "-" (NULL: "-").
 * Returns: 0, or -1 after a message.
 */
int
docs_open(struct docs *d, const char *path, const char *stdin_name)
{
	struct tar_ent e;
	const char *b;

	memset(d, 0, sizeof(*d));
	d->path = path;
	if (in_open(&d->in, path) < 0)
		return -1;
	while (d->pend.len < TAR_BLOCK) {
		ssize_t r = more(d);

		if (r < 0) {
			d->err = 1;
			return 0;
		}
		if (r == 0)
			break;
	}
	/* with docs_whole the file is one document, whatever it starts with */
	if (!docs_whole && d->pend.len >= 4 && !memcmp(d->pend.p, MARK, 4)) {
		d->stream = 1;
	} else if (!docs_whole && d->pend.len >= TAR_BLOCK && !memcmp(d->pend.p + 257, "ustar", 5) &&
	           tar_header((const unsigned char *)d->pend.p, &e) == 1) {
		tar_ent_free(&e);
		d->tar = 1;
	}
	if (!d->stream && !d->tar) {
		if (!strcmp(path, "-"))
			b = stdin_name ? stdin_name : "-";
		else if ((b = strrchr(path, '/')))
			b++;
		else
			b = path;
		d->nextname = doc_name(b, strlen(b));
	}
	return 0;
}

/* Take a "=== NAME" line at pendoff; returns 0, or -1 when incomplete. */
static int
take_header(struct docs *d)
{
	char *s = d->pend.p + d->pendoff, *nl;
	size_t n = d->pend.len - d->pendoff, len;

	if (!(nl = memchr(s, '\n', n)) && !d->in.eof)
		return -1;
	len = nl ? (size_t)(nl - s) : n;
	d->pendoff += len + (nl != NULL);
	len -= 4;
	s += 4;
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	free(d->nextname);
	d->nextname = doc_name(s, len);
	d->nth++;
	return 0;
}

/* Have n bytes after pendoff.  Returns: 0, or -1 (error, or the input ends). */
static int
need(struct docs *d, size_t n)
{
	while (d->pend.len - d->pendoff < n)
		if (tar_more(d) < 0)
			return -1;
	return 0;
}

/* The next regular file of a tar archive; see docs_next. */
static int
tar_next(struct docs *d, struct doc *doc)
{
	struct tar_ent e;
	unsigned long long padded;
	const char *tname;  /* the entry's name: a pax or GNU long name first */
	int r;

	for (;;) {
		if (d->pend.len == d->pendoff && d->in.eof) {
			d->done = 1;  /* no end-of-archive blocks: tar accepts that too */
			return 0;
		}
		if (need(d, TAR_BLOCK) < 0)
			return -1;
		r = tar_header((const unsigned char *)d->pend.p + d->pendoff, &e);
		if (r == 0) {
			d->done = 1;
			return 0;
		}
		if (r < 0) {
			weprintf_at(in_name(d->path), 0, "not a tar header at byte %lld", d->toff);
			return -1;
		}
		padded = ((unsigned long long)e.size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
		tname = d->longname ? d->longname : e.name;
		d->pendoff += TAR_BLOCK;
		d->toff += TAR_BLOCK;
		if (padded > in_max_doc) {
			char *name = doc_name(tname, strlen(tname));

			too_large(d, name);
			free(name);
			free(d->longname);
			d->longname = NULL;
			tar_ent_free(&e);
			if (skip_bytes(d, padded) < 0)
				return -1;
			d->toff += (long long)padded;
			continue;
		}
		if (need(d, (size_t)padded) < 0) {
			tar_ent_free(&e);
			return -1;
		}
		if (e.type == 'x' || e.type == 'L') {
			tar_meta(e.type, d->pend.p + d->pendoff, (size_t)e.size, &d->longname);
		} else if (e.type == '0' || e.type == '7') {
			buf_add(&doc->text, d->pend.p + d->pendoff, (size_t)e.size);
			doc->name = doc_name(tname, strlen(tname));
			free(d->longname);
			d->longname = NULL;
		} else {
			free(d->longname);  /* directories, links, devices: not documents */
			d->longname = NULL;
		}
		d->pendoff += (size_t)padded;
		d->toff += (long long)padded;
		tar_ent_free(&e);
		if (doc->name)
			return 1;
	}
}

/*
 * The next document.
 * Returns: 1 with *doc filled (free it with doc_free), 0 when there is none
 *          left, -1 after a message (the input cannot be read further).
 */
int
docs_next(struct docs *d, struct doc *doc)
{
	size_t scanned, end;
	const char *hit;
	int r, big;

	memset(doc, 0, sizeof(*doc));
	if (d->err)
		return -1;
	if (d->done)
		return 0;
	if (d->tar) {
		if ((r = tar_next(d, doc)) < 0)
			d->err = 1;
		return r;
	}
	if (!d->stream) {
		buf_add(&doc->text, d->pend.p, d->pend.len);
		if (in_slurp(&d->in, &doc->text) < 0) {
			d->err = 1;
			buf_free(&doc->text);
			return -1;
		}
		doc->name = d->nextname;
		d->nextname = NULL;
		d->done = 1;
		return 1;
	}
	/* a stream: the header, then everything up to the next "\n=== " */
again:
	while (take_header(d) < 0)
		if ((r = more(d)) < 0) {
			if (r == -2)
				weprintf_at(in_name(d->path), 0, "a \"=== NAME\" line larger than %zu "
				            "bytes", in_max_doc);
			d->err = 1;
			return -1;
		}
	scanned = 0;  /* bytes after pendoff known to hold no "\n=== " */
	end = 0;
	big = 0;      /* no end within what a document can be */
	for (;;) {
		size_t avail = d->pend.len - d->pendoff;
		const char *p = d->pend.p + d->pendoff;
		size_t start = scanned > 4 ? scanned - 4 : 0;

		if (avail >= 4 && !memcmp(p, MARK, 4)) {
			hit = p;  /* an empty document */
			end = d->pendoff;
			break;
		}
		hit = avail > start ? find_mark(p + start, avail - start) : NULL;
		if (hit) {
			end = (size_t)(hit - d->pend.p) + 1;
			break;
		}
		if (d->in.eof) {
			end = d->pend.len;
			break;
		}
		scanned = avail;
		if ((r = more(d)) == -2) {
			big = 1;
			break;
		}
		if (r < 0) {
			d->err = 1;
			return -1;
		}
	}
	if (big || end - d->pendoff > in_max_doc) {
		too_large(d, d->nextname);
		free(d->nextname);
		d->nextname = NULL;
		if (big && skip_part(d) < 0) {
			d->err = 1;
			return -1;
		}
		if (!big) {
			d->pendoff = end;  /* the end is in hand */
			d->done = !hit;
		}
		if (d->done)
			return 0;
		goto again;
	}
	buf_add(&doc->text, d->pend.p + d->pendoff, end - d->pendoff);
	d->pendoff = end;
	doc->name = d->nextname;
	d->nextname = NULL;
	if (!hit)
		d->done = 1;
	return 1;
}

/* Returns: 0, or -1 when the input had an error. */
int
docs_close(struct docs *d)
{
	int ret = d->err || d->skipped ? -1 : 0;

	if (in_close(&d->in) < 0)
		ret = -1;
	buf_free(&d->pend);
	free(d->nextname);
	free(d->longname);
	d->nextname = d->longname = NULL;
	return ret;
}

void
doc_free(struct doc *doc)
{
	free(doc->name);
	buf_free(&doc->text);
	doc->name = NULL;
}
