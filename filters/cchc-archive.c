/* cchc-archive: appendable, indexed, standard .tar.gz archives of reports. */
#define _GNU_SOURCE  /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <openssl/evp.h>

#include "util.h"

static const char synopsis[] =
	"[-q] add ARCHIVE [-T LIST | FILE...] | list ARCHIVE | cat ARCHIVE NAME...\n"
	"       | extract ARCHIVE [-C DIR] [NAME...] | verify ARCHIVE | repair ARCHIVE\n"
	"       | reindex ARCHIVE";

/*
 * Uncompressed bytes per gzip member, measured on gen-corpus's 200 MB
 * (28,610 reports) at level 6 against tar czf's one stream: 256 KiB gives
 * 1.084 times its size, 512 KiB 1.040, 1 MiB 1.018; the five samples fit in
 * one member either way.  A member of 1 MiB inflates in about 3 ms, so cat
 * stays cheap.  CCHC_ARCHIVE_BATCH overrides it (tests, measurements).
 */
static size_t batch = 1 << 20;
#define LEVEL 6               /* gzip's default, as tar czf uses */

static int quiet;
static unsigned char eoa[64]; /* the end-of-archive member: 1024 zero bytes */
static size_t eoalen;

/* one entry of the index */
struct ent {
	char *name;
	int version;
	long long size, mtime;
	char sha[65];
	long long moff, mlen;     /* its gzip member: offset and length */
	long long eoff;           /* its tar header, in the member's bytes */
};
struct index {
	struct ent *v;
	size_t n, cap;
};

static const char *const idx_cols[] = {
	"name", "version", "size", "mtime", "sha256", "member_offset", "member_length",
	"entry_offset",
};

/* ---- small helpers --------------------------------------------------------- */

static struct ent *
idx_add(struct index *x)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	memset(&x->v[x->n], 0, sizeof(x->v[0]));
	return &x->v[x->n++];
}

static void
idx_free(struct index *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->v[i].name);
	free(x->v);
	memset(x, 0, sizeof(*x));
}

/* The end of the data: where the end-of-archive member starts. */
static long long
idx_end(const struct index *x)
{
	long long end = 0;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->v[i].moff + x->v[i].mlen > end)
			end = x->v[i].moff + x->v[i].mlen;
	return end;
}

/* The versions stored under each name. */
struct versions {
	struct hmap names;
	int *last;               /* per name number: its latest version */
};

/* Note version v of name (0: its next one).  Returns: that version. */
static int
version_note(struct versions *vs, const char *name, int v)
{
	size_t n = vs->names.n, i = hmap_get(&vs->names, name, strlen(name), 1);

	if (vs->names.n > n) {
		vs->last = xrealloc(vs->last, vs->names.n * sizeof(*vs->last));
		vs->last[i] = 0;
	}
	if (!v)
		v = vs->last[i] + 1;
	if (v > vs->last[i])
		vs->last[i] = v;
	return v;
}

static void
versions_free(struct versions *vs)
{
	hmap_free(&vs->names);
	free(vs->last);
}

static void
sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned len = 0;
	int i;

	if (!EVP_Digest(p, n, md, &len, EVP_sha256(), NULL))
		eprintf("SHA-256 failed");
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

/* Compress in[0..n) as one gzip member into out (replacing its contents). */
static void
gz_member(const void *in, size_t n, struct buf *out)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		eprintf("deflateInit2 failed");
	out->len = 0;
	buf_grow(out, deflateBound(&z, (uLong)n));
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = (unsigned char *)out->p;
	z.avail_out = (uInt)(out->cap - 1);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		eprintf("deflate failed");
	out->len = z.total_out;
	deflateEnd(&z);
}

static void
make_eoa(void)
{
	static const unsigned char zero[2 * TAR_BLOCK];
	struct buf b = { 0 };

	gz_member(zero, sizeof(zero), &b);
	if (b.len > sizeof(eoa))
		eprintf("end-of-archive member too large");
	memcpy(eoa, b.p, b.len);
	eoalen = b.len;
	buf_free(&b);
}

static char *
idx_path(const char *archive)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s.idx", archive);
	return b.p;
}

/* ---- reading members ----------------------------------------------------- */

/*
 * Inflate the gzip member at off into out.  A member that inflates to more
 * than in_max_doc bytes is read to its end in a window of out, not kept.
 * Returns: 0 with *len its compressed length, -2 with *len too for a whole
 *          member larger than in_max_doc, or -1 with *why the reason.
 */
static int
inflate_member(int fd, long long off, struct buf *out, long long *len, const char **why)
{
	static unsigned char in[1 << 16];
	z_stream z;
	long long at = off;
	int ret = Z_OK, big = 0;

	memset(&z, 0, sizeof(z));
	out->len = 0;
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		eprintf("inflateInit2 failed");
	while (ret != Z_STREAM_END) {
		if (z.avail_in == 0) {
			ssize_t r = pread(fd, in, sizeof(in), at);

			if (r < 0) {
				*why = strerror(errno);
				break;
			}
			if (r == 0) {
				*why = "truncated gzip member";
				break;
			}
			if (at == off && (r < 2 || in[0] != 0x1f || in[1] != 0x8b)) {
				*why = "not a gzip member";
				break;
			}
			at += r;
			z.next_in = in;
			z.avail_in = (uInt)r;
		}
		buf_grow(out, 1 << 16);
		z.next_out = (unsigned char *)out->p + out->len;
		z.avail_out = 1 << 16;
		ret = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->p);
		if (ret != Z_OK && ret != Z_STREAM_END) {
			*why = z.msg ? z.msg : "corrupt gzip member";
			break;
		}
		if (out->len > in_max_doc) {
			big = 1;  /* an inflation bomb, or a limit set too low */
			out->len = 0;
		}
	}
	*len = (long long)z.total_in;
	inflateEnd(&z);
	if (ret == Z_STREAM_END && big) {
		*why = "gzip member larger than CCHC_MAX_DOC bytes";
		return -2;
	}
	return ret == Z_STREAM_END ? 0 : -1;
}

/* ---- scanning an archive --------------------------------------------------- */

struct scan {
	int fd;
	long long fsize;
	const char *path;
	struct index idx;        /* the entries of the good members */
	struct { long long off, len; } *good;
	size_t ngood;
	int eoa;                 /* an end-of-archive member ends the archive */
	int shared_eoa;          /* the end blocks share a member with data */
	long long first_bad;     /* offset of the first problem, or -1 */
	long long dropped;       /* bytes in bad regions */
	int problems;
	int silent;              /* problems are counted, not reported */
	int too_big;             /* a whole member is larger than in_max_doc */
	struct versions vers;    /* of the entries so far */
	/* called for each entry of a good member (x: its index entry, for a
	   regular file; data: its bytes), when set; returns -1 to stop */
	int (*fn)(struct scan *, const struct tar_ent *e, const struct ent *x, const char *data);
	void *arg;
};

static void
problem(struct scan *s, long long off, const char *what)
{
	if (s->first_bad < 0)
		s->first_bad = off;
	s->problems++;
	if (!s->silent) {
		fprintf(stderr, "%s: %s: byte %lld: %s\n", argv0, s->path, off, what);
	}
}


/*
 * The tar entries of one member's bytes m[0..n), checked whole before any
 * is used.  Returns: 1 for the end-of-archive member (zero blocks only), 2
 * for data followed by the end blocks, 0 for data, -1 for bytes that are not
 * whole tar entries, -2 when s->fn stopped.
 */
static int
member_entries(struct scan *s, const char *m, size_t n, long long moff, long long mlen)
{
	struct tar_ent *v = NULL;
	size_t *at = NULL, nv = 0, pos = 0, i;
	char *longname = NULL;
	int ret = 0;

	while (pos < n) {
		struct tar_ent e;
		unsigned long long padded;
		int r;

		if (n - pos < TAR_BLOCK) {
			ret = -1;
			break;
		}
		if ((r = tar_header((const unsigned char *)m + pos, &e)) == 0) {
			ret = pos == 0 ? 1 : 2;
			break;
		}
		if (r < 0) {
			ret = -1;
			break;
		}
		padded = ((unsigned long long)e.size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
		if (padded > n - pos - TAR_BLOCK) {
			tar_ent_free(&e);
			ret = -1;
			break;
		}
		if (e.type == 'x' || e.type == 'L') {
			tar_meta(e.type, m + pos + TAR_BLOCK, (size_t)e.size, &longname);
			tar_ent_free(&e);
		} else if (e.type == 'g') {
			tar_ent_free(&e);
		} else {
			if (longname) {
				free(e.name);
				e.name = longname;
				longname = NULL;
			}
			v = xrealloc(v, (nv + 1) * sizeof(*v));
			at = xrealloc(at, (nv + 1) * sizeof(*at));
			v[nv] = e;
			at[nv++] = pos;
		}
		pos += TAR_BLOCK + (size_t)padded;
	}
	free(longname);
	for (i = 0; i < nv && ret >= 0; i++) {
		struct ent *x = NULL;

		if (v[i].type == '0' || v[i].type == '7') {
			x = idx_add(&s->idx);
			x->name = xstrdup(v[i].name);
			x->size = v[i].size;
			x->mtime = v[i].mtime;
			x->moff = moff;
			x->mlen = mlen;
			x->eoff = (long long)at[i];
			sha256_hex(m + at[i] + TAR_BLOCK, (size_t)v[i].size, x->sha);
			x->version = version_note(&s->vers, x->name, 0);
		}
		if (s->fn && s->fn(s, &v[i], x, m + at[i] + TAR_BLOCK) < 0)
			ret = -2;
	}
	for (i = 0; i < nv; i++)
		tar_ent_free(&v[i]);
	free(v);
	free(at);
	return ret;
}

/* The next offset after off where a good member starts, or the file size. */
static long long
resync(struct scan *s, long long off, struct buf *mb)
{
	unsigned char b[1 << 16];
	ssize_t r = 0, i;
	long long len;
	const char *why;

	for (; off < s->fsize; off += r > 2 ? r - 2 : 1) {
		if ((r = pread(s->fd, b, sizeof(b), off)) <= 0)
			break;
		for (i = 0; i + 2 < r; i++) {
			if (b[i] != 0x1f || b[i + 1] != 0x8b || b[i + 2] != 8)
				continue;
			if (inflate_member(s->fd, off + i, mb, &len, &why) == 0 &&
			    mb->len >= TAR_BLOCK && mb->len % TAR_BLOCK == 0)
				return off + i;
		}
	}
	return s->fsize;
}

static void
add_good(struct scan *s, long long off, long long len)
{
	s->good = xrealloc(s->good, (s->ngood + 1) * sizeof(*s->good));
	s->good[s->ngood].off = off;
	s->good[s->ngood++].len = len;
}

/*
 * Read the whole archive, member by member: the index of its good members,
 * and every problem (reported on stderr with its offset).
 * Returns: 0 when the archive is whole, 1 when it has problems, -1 when
 *          s->fn stopped.
 */
static int
scan(struct scan *s)
{
	struct buf mb = { 0 };
	long long off = 0, len, next;
	const char *why;
	int r;

	s->first_bad = -1;
	while (off < s->fsize) {
		if ((r = inflate_member(s->fd, off, &mb, &len, &why)) == -2) {
			problem(s, off, "gzip member larger than CCHC_MAX_DOC: raise it to read "
			        "this archive");
			s->too_big = 1;
			off += len;
			continue;
		}
		if (r < 0) {
			problem(s, off, why);
			next = resync(s, off + 1, &mb);
			s->dropped += next - off;
			off = next;
			continue;
		}
		r = member_entries(s, mb.p, mb.len, off, len);
		if (r == -2) {
			buf_free(&mb);
			return -1;
		}
		if (r < 0) {
			problem(s, off, "gzip member does not hold whole tar entries");
			s->dropped += len;
		} else if (r == 0) {
			add_good(s, off, len);
		} else {
			if (r == 2) {
				s->shared_eoa = 1;
				add_good(s, off, len);
			}
			s->eoa = 1;
			if (off + len != s->fsize) {
				problem(s, off + len, "data after the end-of-archive blocks");
				s->dropped += s->fsize - off - len;
				break;
			}
		}
		off += len;
	}
	if (!s->eoa && s->fsize > 0)
		problem(s, s->fsize, "no end-of-archive member (an unfinished append?)");
	buf_free(&mb);
	return s->problems ? 1 : 0;
}

static void
scan_free(struct scan *s)
{
	idx_free(&s->idx);
	versions_free(&s->vers);
	free(s->good);
	s->good = NULL;
}

/* ---- the index file --------------------------------------------------------- */

/* A whole non-negative number, no larger than max.  Returns: 0, or -1. */
static int
idx_num(const char *s, long long max, long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

/*
 * The entry of an index row f (its fields in idx_cols order), checked: the
 * index is read from disk, so it is input like any other.
 * Returns: 0, or -1 when a field is out of range (e->name is then NULL).
 */
static int
ent_from_fields(char *const *f, struct ent *e)
{
	long long v;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (idx_num(f[1], INT_MAX, &v) < 0 || v < 1)
		return -1;
	e->version = (int)v;
	if (idx_num(f[2], LLONG_MAX / 2, &e->size) < 0 || idx_num(f[3], LLONG_MAX, &e->mtime) < 0 ||
	    idx_num(f[5], LLONG_MAX / 2, &e->moff) < 0 || idx_num(f[6], LLONG_MAX / 2, &e->mlen) < 0 ||
	    idx_num(f[7], LLONG_MAX / 2, &e->eoff) < 0 || e->eoff % TAR_BLOCK || strlen(f[4]) != 64)
		return -1;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", f[4][i]))
			return -1;
	memcpy(e->sha, f[4], 65);
	e->name = xstrdup(f[0]);
	return 0;
}

struct idxload {
	struct index *x;
	int c[LEN(idx_cols)];
};

static int
idx_row(struct csvr *r, void *arg)
{
	struct idxload *l = arg;
	struct ent *e;
	size_t i;

	if (r->row == 1) {
		for (i = 0; i < LEN(idx_cols); i++)
			if ((l->c[i] = csvr_col(r, idx_cols[i])) < 0)
				return -1;
		return 0;
	}
	{
		char *f[LEN(idx_cols)];

		for (i = 0; i < LEN(idx_cols); i++)
			f[i] = r->field[l->c[i]];
		e = idx_add(l->x);
		return ent_from_fields(f, e);  /* a bad row: the index is not used */
	}
}

/* Whether the archive on fd is its data up to end, then the end-of-archive
 * member and nothing more: what an up-to-date index says it is. */
static int
ends_at(int fd, long long end)
{
	unsigned char tail[sizeof(eoa)];
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_size == end + (long long)eoalen &&
	       pread(fd, tail, eoalen, end) == (ssize_t)eoalen && !memcmp(tail, eoa, eoalen);
}

/*
 * Load the index of the archive open on fd when it matches the archive:
 * its members end where the end-of-archive member starts, and that member
 * ends the file.  Returns: 0, or -1 when it is missing or out of date.
 */
static int
idx_load(const char *archive, int fd, struct index *x)
{
	struct idxload l = { .x = x };
	char *p = idx_path(archive);
	int ret = -1;

	memset(x, 0, sizeof(*x));
	if (access(p, F_OK) == 0 && csvr_read(p, idx_row, &l) == 0 && ends_at(fd, idx_end(x)))
		ret = 0;
	if (ret < 0)
		idx_free(x);
	free(p);
	return ret;
}

/* Whether the index file matches the archive. */
static int
idx_fresh(const char *archive, int fd)
{
	struct index x;

	if (idx_load(archive, fd, &x) < 0)
		return 0;
	idx_free(&x);
	return 1;
}

static void
idx_write_rows(struct csvw *w, const struct index *x, int iso)
{
	char b[32];
	size_t i;

	csvw_header(w, idx_cols, LEN(idx_cols));
	for (i = 0; i < x->n; i++) {
		const struct ent *e = &x->v[i];

		csvw_str(w, e->name);
		csvw_long(w, e->version);
		csvw_long(w, e->size);
		if (iso) {
			time_t t = (time_t)e->mtime;
			struct tm tm;

			gmtime_r(&t, &tm);
			strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm);
			csvw_str(w, b);
		} else {
			csvw_long(w, e->mtime);
		}
		csvw_str(w, e->sha);
		csvw_long(w, e->moff);
		csvw_long(w, e->mlen);
		csvw_long(w, e->eoff);
		csvw_end(w);
	}
}

/* Write the index beside the archive, atomically.  Returns: 0 or -1. */
static int
idx_save(const char *archive, const struct index *x)
{
	struct output o;
	struct csvw w;
	char *p = idx_path(archive);
	int ret;

	if (out_open(&o, p) < 0) {
		free(p);
		return -1;
	}
	csvw_init(&w, o.fp);
	w.excel_safe = 0;  /* the index names entries exactly */
	idx_write_rows(&w, x, 0);
	ret = out_close(&o, 1);
	csvw_free(&w);
	free(p);
	return ret;
}

static void
scan_init(struct scan *s, const char *archive, int fd)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (fstat(fd, &st) < 0)
		eprintf("%s:", archive);
	s->fd = fd;
	s->fsize = st.st_size;
	s->path = archive;
}

/*
 * The index of an archive: its index file when that is up to date, else
 * from reading the archive.  Returns: 0, or 1 when the archive has problems
 * (reported; the index then lists the good members).
 */
static int
get_index(const char *archive, int fd, struct index *x)
{
	struct scan s;
	int r;

	if (idx_load(archive, fd, x) == 0)
		return 0;
	scan_init(&s, archive, fd);
	r = scan(&s);
	*x = s.idx;
	memset(&s.idx, 0, sizeof(s.idx));
	scan_free(&s);
	return r != 0;
}

static int
open_archive(const char *archive, int flags)
{
	int fd = open(archive, flags | O_CLOEXEC, 0644);

	if (fd < 0)
		weprintf("%s:", archive);
	return fd;
}

/* ---- progress on a terminal ------------------------------------------------ */

/* ---- add ----------------------------------------------------------------- */

struct batch {
	struct buf tar;          /* whole tar entries */
	struct buf gz;           /* the same as one gzip member */
	size_t first;            /* its first entry in the index */
};

struct adder {
	const char *archive;
	int fd;
	struct index x;
	long long end, old_end;  /* where the end-of-archive member goes; went */
	size_t old_n;
	struct batch b[2];
	int nb;                  /* full batches waiting */
	struct hmap shas;
	struct versions vers;
	unsigned long added, skipped;
	long long bytes;
	int failed;
	int created;             /* the archive did not exist before this add */
};

static void *
compress_batch(void *arg)
{
	struct batch *b = arg;

	gz_member(b->tar.p, b->tar.len, &b->gz);
	return NULL;
}

/* Put the archive back as it was before this add and exit. */
static _Noreturn void
rollback(struct adder *a, const char *what)
{
	int saved = errno;

	if (a->created) {
		/* nothing to keep: an archive this add made goes with it */
		if (unlink(a->archive) < 0)
			weprintf("%s: could not remove the archive after a failed write:", a->archive);
		errno = saved;
		eprintf("%s: %s: %s; no archive written", a->archive, what, strerror(saved));
	}
	if (ftruncate(a->fd, a->old_end) < 0 || pwrite_all(a->fd, eoa, eoalen, a->old_end) < 0 ||
	    fsync(a->fd) < 0)
		weprintf("%s: could not restore the archive after a failed write: run "
		         "cchc-archive repair", a->archive);
	errno = saved;
	eprintf("%s: %s: %s; the archive is as it was", a->archive, what, strerror(saved));
}

/* Compress the waiting batches (two at once, on two cores) and write them. */
static void
flush(struct adder *a, int n)
{
	pthread_t t;
	int i, threaded = 0;
	size_t k, end;

	if (n == 2)
		threaded = pthread_create(&t, NULL, compress_batch, &a->b[1]) == 0;
	compress_batch(&a->b[0]);
	if (n == 2) {
		if (threaded)
			pthread_join(t, NULL);
		else
			compress_batch(&a->b[1]);
	}
	for (i = 0; i < n; i++) {
		struct batch *b = &a->b[i];

		if (pwrite_all(a->fd, b->gz.p, b->gz.len, a->end) < 0)
			rollback(a, "write failed");
		end = i + 1 < n ? a->b[i + 1].first : a->x.n;
		for (k = b->first; k < end; k++) {
			a->x.v[k].moff = a->end;
			a->x.v[k].mlen = (long long)b->gz.len;
		}
		a->end += (long long)b->gz.len;
		b->tar.len = 0;
	}
	a->nb = 0;
	a->b[0].first = a->x.n;
}

/* Whether a path has a ".." component. */
static int
has_dotdot(const char *p)
{
	const char *c;

	for (c = p; *c; c = strchr(c, '/') ? strchr(c, '/') + 1 : c + strlen(c))
		if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || !c[2]))
			return 1;
	return 0;
}

/* The name a file is stored under: its path without leading "/" or "./". */
static const char *
store_name(const char *path)
{
	const char *p = path;

	for (;;) {
		if (*p == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			break;
	}
	return *p && !has_dotdot(p) ? p : NULL;
}

static void
add_file(struct adder *a, const char *path)
{
	struct stat st;
	struct buf data = { 0 };
	struct batch *b = &a->b[a->nb];
	const char *name = store_name(path);
	unsigned char hdr[TAR_BLOCK];
	struct ent *e;
	char sha[65];
	ssize_t r;
	int fd, long_name = 0;

	if (!name) {
		weprintf("%s: cannot store a name with '..' or no name", path);
		a->failed = 1;
		return;
	}
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
	 * below like any file that is not regular */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 || fstat(fd, &st) < 0) {
		weprintf("%s:", path);
		if (fd >= 0)
			close(fd);
		a->failed = 1;
		return;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > in_max_doc) {
		weprintf("%s: %s", path, S_ISREG(st.st_mode) ? "larger than CCHC_MAX_DOC" :
		         S_ISDIR(st.st_mode) ? "a directory: name its files (find DIR -type f | "
		         "cchc-archive add ARCHIVE -T -)" : "not a regular file");
		close(fd);
		a->failed = 1;
		return;
	}
	buf_grow(&data, (size_t)st.st_size);
	while ((r = read(fd, data.p + data.len, data.cap - data.len - 1)) > 0) {
		data.len += (size_t)r;
		if (data.len > in_max_doc) {  /* it grew while we read it */
			weprintf("%s: larger than CCHC_MAX_DOC", path);
			close(fd);
			a->failed = 1;
			buf_free(&data);
			return;
		}
		buf_grow(&data, 1 << 16);
	}
	close(fd);
	if (r < 0) {
		weprintf("%s: read error:", path);
		a->failed = 1;
		buf_free(&data);
		return;
	}
	sha256_hex(data.p, data.len, sha);
	if (hmap_get(&a->shas, sha, 64, 0) != HMAP_NONE) {
		a->skipped++;
		buf_free(&data);
		return;
	}
	if (tar_make_header(hdr, name, (long long)data.len, (long long)st.st_mtime) < 0)
		long_name = 1;  /* a pax header gives the name in full */
	hmap_get(&a->shas, sha, 64, 1);
	e = idx_add(&a->x);
	e->name = xstrdup(name);
	e->size = (long long)data.len;
	e->mtime = (long long)st.st_mtime;
	memcpy(e->sha, sha, sizeof(sha));
	e->moff = e->mlen = -1;
	e->version = version_note(&a->vers, name, 0);
	if (long_name) {
		size_t at;

		tar_make_long(&b->tar, name, (long long)data.len, (long long)st.st_mtime, &at);
		e->eoff = (long long)at;
	} else {
		e->eoff = (long long)b->tar.len;
		buf_add(&b->tar, hdr, TAR_BLOCK);
	}
	buf_add(&b->tar, data.p, data.len);
	if (data.len % TAR_BLOCK) {
		static const char zero[TAR_BLOCK];

		buf_add(&b->tar, zero, TAR_BLOCK - data.len % TAR_BLOCK);
	}
	buf_free(&data);
	a->added++;
	a->bytes += e->size;
	if (b->tar.len >= batch) {
		if (++a->nb == 2)
			flush(a, 2);
		else
			a->b[1].first = a->x.n;
	}
	progress("add", a->added, "files", a->bytes, 0);
}

/* The lock file beside the archive: add, repair and reindex take it. */
static int
take_lock(const char *archive)
{
	struct buf p = { 0 };
	int fd;

	buf_printf(&p, "%s.lock", archive);
	if ((fd = open(p.p, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		eprintf("%s:", p.p);
	buf_free(&p);
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			eprintf("%s: cannot lock:", archive);
	return fd;
}

/*
 * Bring an archive whose index is missing or stale to a known end: read it;
 * an unfinished append at the end (a crash) is cut off.  Returns: 0, -1
 * when the damage is not just at the end (repair is needed) or the archive
 * cannot be appended to, -2 when the file is no archive at all.
 */
static int
recover_tail(struct adder *a)
{
	struct scan s;
	long long end = 0;
	size_t i;
	int r;

	scan_init(&s, a->archive, a->fd);
	s.silent = 1;  /* the damage is reported once, below */
	r = scan(&s);
	for (i = 0; i < s.ngood && s.good[i].off == end; i++)
		end += s.good[i].len;
	if (s.shared_eoa) {
		weprintf("%s: its end-of-archive blocks share a gzip member with data (not written "
		         "by cchc-archive): not appendable", a->archive);
		scan_free(&s);
		return -1;
	}
	if (i < s.ngood) {
		weprintf("%s: damaged at byte %lld, before its end: run cchc-archive repair",
		         a->archive, s.first_bad);
		scan_free(&s);
		return -1;
	}
	/* a crash can only leave an unfinished last member: a file with no
	 * whole member at its start is no archive of ours (a report, a CSV, a
	 * plain .gz named by mistake), and is left as it is */
	if (end == 0) {
		weprintf("%s: not a cchc archive (it does not start with a gzip member of "
		         "whole tar entries): nothing added, the file is left as it was",
		         a->archive);
		scan_free(&s);
		return -2;
	}
	if (r) {
		if (!quiet)
			weprintf("%s: dropped %lld bytes of an unfinished append at byte %lld",
			         a->archive, s.fsize - end, end);
		if (ftruncate(a->fd, end) < 0)
			eprintf("%s: truncate:", a->archive);
	}
	a->x = s.idx;
	memset(&s.idx, 0, sizeof(s.idx));
	scan_free(&s);
	a->end = end;
	return 0;
}

/* Remove ARCHIVE.lock, made for an archive that could not be one. */
static void
drop_lock(const char *archive)
{
	struct buf lp = { 0 };

	buf_printf(&lp, "%s.lock", archive);
	unlink(lp.p);
	buf_free(&lp);
}

static int
cmd_add(const char *archive, char **files, int nfiles, const char *list)
{
	struct adder a;
	struct stat st;
	size_t i;
	int lk, k;

	memset(&a, 0, sizeof(a));
	a.archive = archive;
	signal(SIGXFSZ, SIG_IGN);  /* a file size limit is a write error, not a kill */
	lk = take_lock(archive);
	a.created = stat(archive, &st) < 0 && errno == ENOENT;
	if ((a.fd = open_archive(archive, O_RDWR | O_CREAT | O_NONBLOCK)) < 0)
		return 1;
	if (fstat(a.fd, &st) < 0)
		eprintf("%s:", archive);
	if (!S_ISREG(st.st_mode)) {  /* a FIFO, a device: never written to */
		weprintf("%s: not a regular file: no archive written there", archive);
		drop_lock(archive);
		return 1;
	}
	if (st.st_size > 0) {
		if (idx_load(archive, a.fd, &a.x) == 0)
			a.end = idx_end(&a.x);
		else if ((k = recover_tail(&a)) < 0) {
			if (k == -2)  /* no archive: no lock file beside it either */
				drop_lock(archive);
			return 1;
		}
	}
	a.old_end = a.end;
	a.old_n = a.x.n;
	for (i = 0; i < a.x.n; i++) {
		hmap_get(&a.shas, a.x.v[i].sha, 64, 1);
		version_note(&a.vers, a.x.v[i].name, a.x.v[i].version);
	}
	a.b[0].first = a.x.n;
	if (list) {
		FILE *fp = strcmp(list, "-") ? fopen(list, "r") : stdin;
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		if (!fp)
			eprintf("%s:", list);
		while ((n = getline(&line, &cap, fp)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			if (n)
				add_file(&a, line);
		}
		free(line);
		if (fp != stdin)
			fclose(fp);
	}
	for (k = 0; k < nfiles; k++)
		add_file(&a, files[k]);
	if (a.b[a.nb].tar.len)
		a.nb++;
	if (a.nb)
		flush(&a, a.nb);
	if (pwrite_all(a.fd, eoa, eoalen, a.end) < 0 || ftruncate(a.fd, a.end + (long long)eoalen) < 0)
		rollback(&a, "write failed");
	if (fsync(a.fd) < 0)
		rollback(&a, "fsync failed");
	/* the archive and its index change together: an index that cannot be
	 * written (a full disk) puts the archive back as it was */
	if (a.x.n != a.old_n || !idx_fresh(archive, a.fd))
		if (idx_save(archive, &a.x) < 0)
			rollback(&a, "index write failed");
	progress("add", a.added, "files", a.bytes, 1);
	if (!quiet)
		fprintf(stderr, "%s: %s: added %lu, skipped %lu already archived\n", argv0, archive,
		        a.added, a.skipped);
	close(a.fd);
	if (a.created && a.failed && a.x.n == 0) {
		/* nothing could be added to an archive this run made: no empty
		 * archive, index or lock is left behind */
		char *ip = idx_path(archive);

		unlink(archive);
		unlink(ip);
		free(ip);
		drop_lock(archive);
	}
	close(lk);
	idx_free(&a.x);
	hmap_free(&a.shas);
	versions_free(&a.vers);
	for (k = 0; k < 2; k++) {
		buf_free(&a.b[k].tar);
		buf_free(&a.b[k].gz);
	}
	return a.failed;
}

/* ---- reading commands ------------------------------------------------------- */

static int
cmd_list(const char *archive)
{
	struct index x;
	struct csvw w;
	int fd, r;

	if ((fd = open_archive(archive, O_RDONLY)) < 0)
		return 1;
	r = get_index(archive, fd, &x);
	csvw_init(&w, stdout);
	idx_write_rows(&w, &x, 1);
	csvw_free(&w);
	idx_free(&x);
	close(fd);
	if (fshut(stdout, "<stdout>"))
		return 1;
	return r;
}

/* The entry NAME, or NAME@VERSION; the latest version of a name. */
static const struct ent *
find(const struct index *x, const char *name)
{
	const struct ent *best = NULL;
	const char *at = strrchr(name, '@');
	size_t i, n = at ? (size_t)(at - name) : 0;

	for (i = 0; i < x->n; i++)
		if (!strcmp(x->v[i].name, name))
			best = &x->v[i];
	if (best || !at)
		return best;
	for (i = 0; i < x->n; i++)
		if (strlen(x->v[i].name) == n && !strncmp(x->v[i].name, name, n) &&
		    x->v[i].version == atoi(at + 1))
			return &x->v[i];
	return NULL;
}

struct fields {
	char *f[LEN(idx_cols)];
	size_t n;
};

static void
on_cat_field(void *p, size_t n, void *arg)
{
	struct fields *fl = arg;

	if (fl->n < LEN(fl->f))
		fl->f[fl->n] = xstrndup(p ? p : "", p ? n : 0);
	fl->n++;
}

/* Parse one index line (a row in idx_cols order) into e.  Returns: 0 or -1. */
static int
parse_line(const char *s, size_t n, struct ent *e)
{
	struct csv_parser p;
	struct fields fl = { .n = 0 };
	size_t i;
	int ret = -1;

	if (csv_init(&p, CSV_STRICT) != 0)
		eprintf("csv_init failed");
	if (csv_parse(&p, s, n, on_cat_field, NULL, &fl) == n &&
	    csv_fini(&p, on_cat_field, NULL, &fl) == 0 && fl.n == LEN(idx_cols))
		ret = ent_from_fields(fl.f, e);
	for (i = 0; i < fl.n && i < LEN(fl.f); i++)
		free(fl.f[i]);
	csv_free(&p);
	return ret;
}

/*
 * cat's quick look-up: the index file's lines of each name, found as
 * text, without reading the whole index (28,000 reports make a 3 MB
 * index).  The index must match the archive: the members end where the
 * end-of-archive member starts, and its last line has the last member.
 * Returns: 0 with x holding the entries of the names, or -1 (no usable
 * index file: the caller reads the archive instead).
 */
static int
quick_index(const char *archive, int fd, char **names, int n, struct index *x)
{
	struct input in;
	struct buf text = { 0 }, needle = { 0 };
	struct csvw w;
	struct ent last;
	char *p = idx_path(archive), *line, *nl;
	int i, got, ret = -1;

	memset(x, 0, sizeof(*x));
	memset(&last, 0, sizeof(last));
	if (access(p, F_OK) < 0 || in_open(&in, p) < 0) {
		free(p);
		return -1;
	}
	got = in_slurp(&in, &text);
	if (in_close(&in) < 0 || got < 0 || !text.len || text.p[text.len - 1] != '\n')
		goto out;
	/* the last line: the archive must end right after its member */
	for (line = text.p + text.len - 1; line > text.p && line[-1] != '\n'; line--)
		;
	if (line == text.p) {  /* only a header: an empty archive */
		last.moff = last.mlen = 0;
	} else if (parse_line(line, (size_t)(text.p + text.len - 1 - line), &last) < 0) {
		goto out;
	}
	if (!ends_at(fd, last.moff + last.mlen))
		goto out;
	csvw_init(&w, NULL);
	w.excel_safe = 0;  /* names as the index writes them */
	for (i = 0; i < 2 * n; i++) {
		const char *name = names[i / 2], *at = strrchr(name, '@');
		char *hit = text.p;
		struct ent e;

		if (i % 2 && !at)
			continue;  /* the second look is for NAME of NAME@VERSION */
		/* the name as the index writes it, at a line start, then a comma */
		w.row.len = 0;
		w.nfield = 0;
		csvw_field(&w, name, i % 2 ? (size_t)(at - name) : strlen(name));
		needle.len = 0;
		buf_addc(&needle, '\n');
		buf_add(&needle, w.row.p, w.row.len);
		buf_addc(&needle, ',');
		while ((hit = memmem(hit, text.len - (size_t)(hit - text.p), needle.p, needle.len))) {
			hit++;
			nl = memchr(hit, '\n', text.len - (size_t)(hit - text.p));
			memset(&e, 0, sizeof(e));
			if (nl && parse_line(hit, (size_t)(nl - hit), &e) == 0)
				*idx_add(x) = e;  /* every version: find() chooses */
		}
	}
	csvw_free(&w);
	ret = 0;
out:
	free(last.name);
	buf_free(&text);
	buf_free(&needle);
	free(p);
	if (ret < 0)
		idx_free(x);
	return ret;
}

static int
cmd_cat(const char *archive, char **names, int n)
{
	struct index x;
	struct buf mb = { 0 };
	struct tar_ent te;
	const struct ent *e;
	const char *why;
	char sha[65];
	long long len;
	int fd, i, ret = 0;

	if ((fd = open_archive(archive, O_RDONLY)) < 0)
		return 1;
	if (quick_index(archive, fd, names, n, &x) < 0)
		ret = get_index(archive, fd, &x);
	for (i = 0; i < n; i++) {
		if (!(e = find(&x, names[i]))) {
			weprintf("%s: %s: not in the archive", archive, names[i]);
			ret = 1;
			continue;
		}
		if (inflate_member(fd, e->moff, &mb, &len, &why) < 0) {
			weprintf("%s: byte %lld: %s", archive, e->moff, why);
			ret = 1;
			continue;
		}
		if ((size_t)e->eoff + TAR_BLOCK + (size_t)e->size > mb.len ||
		    tar_header((unsigned char *)mb.p + e->eoff, &te) != 1) {
			weprintf("%s: %s: the index does not match the archive: run cchc-archive "
			         "reindex", archive, names[i]);
			ret = 1;
			continue;
		}
		tar_ent_free(&te);
		sha256_hex(mb.p + e->eoff + TAR_BLOCK, (size_t)e->size, sha);
		if (strcmp(sha, e->sha)) {
			weprintf("%s: %s: content does not match its SHA-256 in the index: run "
			         "cchc-archive verify", archive, names[i]);
			ret = 1;
			continue;
		}
		fwrite(mb.p + e->eoff + TAR_BLOCK, 1, (size_t)e->size, stdout);
		if (ferror(stdout))
			break;
	}
	buf_free(&mb);
	idx_free(&x);
	close(fd);
	if (fshut(stdout, "<stdout>"))
		ret = 1;
	return ret;
}

struct extract {
	const char *dir;
	char **names;
	int nnames;
	int failed;
	unsigned long n;
};

/* Make the directories of path under dir, refusing to pass a symbolic link. */
static int
make_dirs(const char *dir, const char *path, int last)
{
	struct buf p = { 0 };
	const char *s = path, *slash;
	struct stat st;
	int ret = 0;

	buf_adds(&p, dir);
	while ((slash = strchr(s, '/')) || (last && *s)) {
		size_t n = slash ? (size_t)(slash - s) : strlen(s);

		buf_addc(&p, '/');
		buf_add(&p, s, n);
		if (lstat(p.p, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				ret = -1;
				break;
			}
		} else if (mkdir(p.p, 0755) < 0 && errno != EEXIST) {
			ret = -1;
			break;
		}
		if (!slash)
			break;
		s = slash + 1;
	}
	buf_free(&p);
	return ret;
}

static int
extract_one(struct scan *s, const struct tar_ent *e, const struct ent *x, const char *data)
{
	struct extract *xo = s->arg;
	const char *name = e->name;
	struct output o;
	struct buf path = { 0 };
	int i, want = xo->nnames == 0;

	for (i = 0; i < xo->nnames && !want; i++)
		want = !strcmp(xo->names[i], name);
	if (!want)
		return 0;
	if (e->type != '0' && e->type != '7' && e->type != '5') {
		weprintf("%s: %s: not extracted: %s", s->path, name,
		         e->type == '1' || e->type == '2' ? "a link" :
		         e->type == '3' || e->type == '4' ? "a device file" :
		         e->type == '6' ? "a FIFO" : "not a regular file or directory");
		xo->failed = 1;
		return 0;
	}
	while (*name == '.' && name[1] == '/')
		name += 2;
	if (name[0] == '/' || has_dotdot(name) || !*name) {
		weprintf("%s: %s: not extracted: an absolute path or '..' would leave %s", s->path,
		         e->name, xo->dir);
		xo->failed = 1;
		return 0;
	}
	if (make_dirs(xo->dir, name, e->type == '5') < 0) {
		weprintf("%s: %s: not extracted: a path component under %s is not a directory",
		         s->path, name, xo->dir);
		xo->failed = 1;
		return 0;
	}
	if (e->type == '5')
		return 0;
	buf_printf(&path, "%s/%s", xo->dir, name);
	if (out_open_entry(&o, path.p) < 0) {
		xo->failed = 1;
	} else {
		o.mtime = x->mtime;
		fwrite(data, 1, (size_t)x->size, o.fp);
		if (out_close(&o, 1) < 0) {
			xo->failed = 1;
		} else {
			xo->n++;
			progress("extract", xo->n, "files", 0, 0);
		}
	}
	buf_free(&path);
	return 0;
}

static int
cmd_extract(const char *archive, const char *dir, char **names, int n)
{
	struct extract xo = { .dir = dir, .names = names, .nnames = n };
	struct scan s;
	int fd, r;

	if ((fd = open_archive(archive, O_RDONLY)) < 0)
		return 1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		eprintf("%s:", dir);
	scan_init(&s, archive, fd);
	s.fn = extract_one;
	s.arg = &xo;
	r = scan(&s);
	progress("extract", xo.n, "files", 0, 1);
	scan_free(&s);
	close(fd);
	return r != 0 || xo.failed;
}

static int
cmd_verify(const char *archive)
{
	struct scan s;
	struct index x;
	struct idxload l = { .x = &x };
	char *p = idx_path(archive);
	size_t i;
	int fd, r;

	if ((fd = open_archive(archive, O_RDONLY)) < 0)
		return 1;
	scan_init(&s, archive, fd);
	r = scan(&s);
	memset(&x, 0, sizeof(x));
	if (!s.too_big && access(p, F_OK) == 0) {  /* too big: the scan misses files */
		int same = csvr_read(p, idx_row, &l) == 0;
		const char *field = NULL;

		if (same && x.n != s.idx.n) {
			weprintf("%s: lists %zu files, the archive holds %zu", p, x.n, s.idx.n);
			same = 0;
		}
		/* every field of every row, against the members themselves */
		for (i = 0; same && i < x.n; i++) {
			const struct ent *a = &x.v[i], *b = &s.idx.v[i];

			field = strcmp(a->name, b->name) ? "name" : a->version != b->version ? "version" :
			        a->size != b->size ? "size" : a->mtime != b->mtime ? "mtime" :
			        strcmp(a->sha, b->sha) ? "sha256" : a->moff != b->moff ? "member_offset" :
			        a->mlen != b->mlen ? "member_length" : a->eoff != b->eoff ? "entry_offset" :
			        NULL;
			if (field) {
				weprintf("%s: row %zu (%s): %s does not match the archive", p, i + 2,
				         a->name, field);
				same = 0;
			}
		}
		if (!same) {
			weprintf("%s: does not match the archive: run cchc-archive reindex", p);
			r = 1;
		}
	}
	if (!quiet && !r)
		fprintf(stderr, "%s: %s: %zu files in %zu gzip members: OK\n", argv0, archive,
		        s.idx.n, s.ngood + 1);
	else if (r && s.first_bad >= 0)
		weprintf("%s: first bad byte: %lld", archive, s.first_bad);
	idx_free(&x);
	free(p);
	scan_free(&s);
	close(fd);
	return r != 0;
}

/*
 * Rewrite the index from the archive.  Returns: 0; 1 if it has problems
 * (the index lists its good members); 2 if it was not rewritten (a member
 * over CCHC_MAX_DOC, or a failed write), after a message.
 */
static int
reindex(const char *archive, int fd)
{
	struct scan s;
	int r;

	scan_init(&s, archive, fd);
	r = scan(&s) != 0;
	if (s.too_big) {
		weprintf("%s: index not rewritten: it would miss the files of a member larger "
		         "than CCHC_MAX_DOC", archive);  /* scan said where */
		r = 2;
	} else if (idx_save(archive, &s.idx) < 0) {
		r = 2;
	}
	scan_free(&s);
	return r;
}

static int
cmd_reindex(const char *archive)
{
	int lk = take_lock(archive), fd, r;

	if ((fd = open_archive(archive, O_RDONLY)) < 0)
		return 1;
	if ((r = reindex(archive, fd)) == 1)
		weprintf("%s: has damage (above): the index lists its good members; "
		         "cchc-archive repair removes the rest", archive);
	close(fd);
	close(lk);
	return r != 0;
}

/* Copy len bytes at off of fd to the end of out.  Returns: 0 or -1. */
static int
copy_range(int fd, long long off, long long len, int out, long long *at)
{
	char b[1 << 16];
	ssize_t r;

	while (len > 0) {
		r = pread(fd, b, len < (long long)sizeof(b) ? (size_t)len : sizeof(b), off);
		if (r <= 0 || pwrite_all(out, b, (size_t)r, *at) < 0)
			return -1;
		off += r;
		len -= r;
		*at += r;
	}
	return 0;
}

static int
cmd_repair(const char *archive)
{
	struct scan s;
	struct buf tmp = { 0 };
	long long at = 0, end = 0;
	size_t i;
	int lk = take_lock(archive), fd, out, r;

	signal(SIGXFSZ, SIG_IGN);
	if ((fd = open_archive(archive, O_RDWR)) < 0)
		return 1;
	scan_init(&s, archive, fd);
	r = scan(&s);
	if (s.too_big) {
		/* not damage: a limit; dropping the member would lose reports */
		weprintf("%s: not repaired: a member is larger than CCHC_MAX_DOC (%zu bytes)",
		         archive, in_max_doc);
		r = 1;
		goto done;
	}
	if (r == 0 && !s.shared_eoa) {
		if (!quiet)
			fprintf(stderr, "%s: %s: nothing to repair\n", argv0, archive);
		r = reindex(archive, fd);
		goto done;
	}
	for (i = 0; i < s.ngood && s.good[i].off == end; i++)
		end += s.good[i].len;
	if (i == s.ngood && !s.shared_eoa) {
		/* damage only at the end: cut it off in place */
		if (ftruncate(fd, end) < 0 || pwrite_all(fd, eoa, eoalen, end) < 0 || fsync(fd) < 0)
			eprintf("%s: repair failed:", archive);
	} else {
		/* the good members, in order, into a new file that replaces the archive */
		buf_printf(&tmp, "%s.repair", archive);
		if ((out = open(tmp.p, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
			eprintf("%s:", tmp.p);
		for (i = 0; i < s.ngood; i++)
			if (copy_range(fd, s.good[i].off, s.good[i].len, out, &at) < 0)
				break;
		if (i < s.ngood || pwrite_all(out, eoa, eoalen, at) < 0 || fsync(out) < 0 ||
		    rename(tmp.p, archive) < 0) {
			unlink(tmp.p);
			eprintf("%s: repair failed (the archive is unchanged):", archive);
		}
		close(out);
		close(fd);
		if ((fd = open_archive(archive, O_RDONLY)) < 0)
			return 1;
	}
	if (!quiet)
		fprintf(stderr, "%s: %s: kept %zu files in %zu gzip members; dropped %lld bytes "
		        "from byte %lld on\n", argv0, archive, s.idx.n, s.ngood, s.dropped,
		        s.first_bad);
	r = reindex(archive, fd);
done:
	buf_free(&tmp);
	scan_free(&s);
	close(fd);
	close(lk);
	return r != 0;
}

/* ---- main ------------------------------------------------------------------ */

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Keep reports in .tar.gz archives that tar and gzip read, that grow by\n"
	       "appending and hand back one report with one seek.\n\n"
	       "  add ARCHIVE FILE...   append files (-T LIST: names from LIST, - for stdin);\n"
	       "                        content already archived is skipped, a known name\n"
	       "                        with new content becomes its next version\n"
	       "  list ARCHIVE          CSV: name,version,size,mtime,sha256,member_offset,\n"
	       "                        member_length,entry_offset\n"
	       "  cat ARCHIVE NAME...   the latest version of each NAME (NAME@V: version V)\n"
	       "  extract ARCHIVE [-C DIR] [NAME...]\n"
	       "                        regular files and directories; never outside DIR\n"
	       "  verify ARCHIVE        every member's CRC, every entry, the index\n"
	       "  repair ARCHIVE        keep every good member, drop the rest, end the archive\n"
	       "  reindex ARCHIVE       rewrite ARCHIVE.idx from the archive\n\n"
	       "  -q, --quiet           no summaries or progress\n"
	       "      --version         the version of cchc\n"
	       "  -h, --help            this help\n\n"
	       "Exit status: 0 on success, 1 on any error or damage found.\n",
	       argv0, synopsis);
	exit(0);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd, *archive, *list = NULL, *dir = ".";
	int ch;

	cchc_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "+hq", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h': help();
		case 'V': print_version();
		case 'q': quiet = 1; break;
		default: usage_line(synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage_line(synopsis);
	cmd = argv[0];
	archive = argv[1];
	argc -= 2;
	argv += 2;
	optind = 0;
	while ((ch = getopt(argc + 1, argv - 1, "C:T:q")) != -1) {
		switch (ch) {
		case 'C': dir = optarg; break;
		case 'T': list = optarg; break;
		case 'q': quiet = 1; break;
		default: usage_line(synopsis);
		}
	}
	argv += optind - 1;
	argc -= optind - 1;
	progress_init(!quiet);
	if (getenv("CCHC_ARCHIVE_BATCH"))
		batch = (size_t)strtoul(getenv("CCHC_ARCHIVE_BATCH"), NULL, 10);
	make_eoa();
	if (!strcmp(cmd, "add"))
		return cmd_add(archive, argv, argc, list);
	if (argc > 0 && strcmp(cmd, "cat") && strcmp(cmd, "extract"))
		usage_line(synopsis);
	if (!strcmp(cmd, "list"))
		return cmd_list(archive);
	if (!strcmp(cmd, "cat"))
		return argc ? cmd_cat(archive, argv, argc) : (usage_line(synopsis), 1);
	if (!strcmp(cmd, "extract"))
		return cmd_extract(archive, dir, argv, argc);
	if (!strcmp(cmd, "verify"))
		return cmd_verify(archive);
	if (!strcmp(cmd, "repair"))
		return cmd_repair(archive);
	if (!strcmp(cmd, "reindex"))
		return cmd_reindex(archive);
	weprintf("unknown command '%s'", cmd);
	usage_line(synopsis);
}
