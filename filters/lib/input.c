/*
 * cchc: reading one input, plain or gzip.
 *
 * The first bytes decide: 1f 8b starts a gzip stream, anything else is read
 * as it is.  A gzip stream may be a series of members (RFC 1952); each is
 * inflated in turn with inflate() and inflateReset().  Unlike gzread(), this
 * reader reports what zlib's gz* functions hide: input that ends inside a
 * member ("truncated"), and bytes after the last member that are not another
 * member ("trailing garbage").  Offsets in messages are compressed bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util.h"

#define RAWSZ (1 << 16)

/* Largest document read whole into memory (in_slurp, docs.c, a member of
 * cchc-archive): 64 MiB, or CCHC_MAX_DOC.  A report is well under 1 MiB; the
 * limit is what stops an inflation bomb from filling memory. */
size_t in_max_doc = (size_t)64 << 20;

/*
 * The size in the environment variable name ("1048576", "64K", "300M",
 * "2G"), or dflt when it is not set.  Exits with a message when it is not
 * a size.
 */
size_t
env_size(const char *name, size_t dflt)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!s || !*s)
		return dflt;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == s || *end || *s == '-' || v == 0 || v > (SIZE_MAX >> shift))
		eprintf("%s: '%s' is not a size (bytes, or a number with K, M or G)", name, s);
	return (size_t)(v << shift);
}

const char *
in_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

/* Read more raw bytes after the unread ones; 0 at end of file, -1 on error. */
static ssize_t
fill(struct input *in)
{
	ssize_t r;

	if (in->rawoff) {
		in->consumed += (off_t)in->rawoff;
		memmove(in->raw, in->raw + in->rawoff, in->rawlen - in->rawoff);
		in->rawlen -= in->rawoff;
		in->rawoff = 0;
	}
	if (in->raweof || in->rawlen == RAWSZ)
		return 0;
	do
		r = read(in->fd, in->raw + in->rawlen, RAWSZ - in->rawlen);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		weprintf_at(in_name(in->name), 0, "read error:");
		return -1;
	}
	if (r == 0)
		in->raweof = 1;
	in->rawlen += (size_t)r;
	return r;
}

/*
 * Open path ("-" is standard input) for reading.
 * Returns: 0, or -1 after a message naming the file.
 */
int
in_open(struct input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->name = path;
	if (!strcmp(path, "-")) {
		in->fd = 0;
	} else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		weprintf("%s:", path);
		return -1;
	}
	in->raw = xmalloc(RAWSZ);
	while (in->rawlen < 2 && !in->raweof)
		if (fill(in) < 0) {
			in_close(in);
			return -1;
		}
	if (in->rawlen >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gz = 1;
		if (inflateInit2(&in->zs, 15 + 16) != Z_OK) {
			weprintf_at(in_name(path), 0, "cannot initialise zlib");
			in->gz = 0;
			in_close(in);
			return -1;
		}
	}
	return 0;
}

static ssize_t
gz_fail(struct input *in, const char *what)
{
	weprintf_at(in_name(in->name), 0, "%s at byte %lld", what,
	            (long long)(in->consumed + (off_t)in->rawoff));
	in->err = 1;
	return -1;
}

static ssize_t
gz_read(struct input *in, unsigned char *dst, size_t n)
{
	z_stream *zs = &in->zs;
	int ret;

	unsigned want = n > UINT_MAX ? UINT_MAX : (unsigned)n;

	zs->next_out = dst;
	zs->avail_out = want;
	while (zs->avail_out == want) {
		if (in->rawoff == in->rawlen) {
			if (fill(in) < 0)
				return in->err = 1, -1;
			if (in->rawlen == 0)
				return gz_fail(in, "truncated gzip input");
		}
		zs->next_in = in->raw + in->rawoff;
		zs->avail_in = (unsigned)(in->rawlen - in->rawoff);
		ret = inflate(zs, Z_NO_FLUSH);
		in->rawoff = in->rawlen - zs->avail_in;
		switch (ret) {
		case Z_OK:
		case Z_BUF_ERROR:
			break;
		case Z_STREAM_END:
			/* a member ended: another must follow, or nothing */
			while (in->rawlen - in->rawoff < 2 && !in->raweof)
				if (fill(in) < 0)
					return in->err = 1, -1;
			if (in->rawlen == in->rawoff) {
				in->eof = 1;
				goto out;
			}
			if (in->rawlen - in->rawoff < 2 || in->raw[in->rawoff] != 0x1f ||
			    in->raw[in->rawoff + 1] != 0x8b)
				return gz_fail(in, "trailing garbage after gzip data");
			inflateReset(zs);
			break;
		case Z_NEED_DICT:
		case Z_DATA_ERROR:
			return gz_fail(in, zs->msg ? zs->msg : "corrupt gzip data");
		case Z_MEM_ERROR:
			eprintf("out of memory in zlib");
		default:
			return gz_fail(in, "zlib error");
		}
	}
out:
	return (ssize_t)((size_t)(zs->next_out - dst));
}

/*
 * Read up to n bytes of the (decompressed) input.
 * Returns: the count read; 0 at the end; -1 after a message (read error,
 *          truncated or corrupt gzip data, trailing garbage).
 */
ssize_t
in_read(struct input *in, void *dst, size_t n)
{
	ssize_t r;
	size_t k;

	if (in->err)
		return -1;
	if (in->eof || n == 0)
		return 0;
	if (in->gz)
		return gz_read(in, dst, n);
	if (in->rawoff < in->rawlen) {
		k = in->rawlen - in->rawoff;
		if (k > n)
			k = n;
		memcpy(dst, in->raw + in->rawoff, k);
		in->rawoff += k;
		return (ssize_t)k;
	}
	if (in->raweof) {
		in->eof = 1;
		return 0;
	}
	do
		r = read(in->fd, dst, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		weprintf_at(in_name(in->name), 0, "read error:");
		in->err = 1;
	} else if (r == 0) {
		in->eof = 1;
	}
	return r;
}

/*
 * Read the rest of the input into b (appending).
 * Returns: 0, or -1 after a message (read error, bad gzip data, or more than
 *          in_max_doc bytes).
 */
int
in_slurp(struct input *in, struct buf *b)
{
	ssize_t r;

	for (;;) {
		buf_grow(b, RAWSZ);
		r = in_read(in, b->p + b->len, b->cap - b->len - 1);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		b->len += (size_t)r;
		if (b->len > in_max_doc) {
			weprintf_at(in_name(in->name), 0,
			            "document larger than %zu bytes", in_max_doc);
			in->err = 1;
			return -1;
		}
	}
	buf_str(b);
	return 0;
}

/* Returns: 0, or -1 when closing failed (after a message) or an error was seen. */
int
in_close(struct input *in)
{
	int ret = in->err ? -1 : 0;

	if (in->gz)
		inflateEnd(&in->zs);
	free(in->raw);
	in->raw = NULL;
	if (in->fd > 0 && close(in->fd) < 0) {
		weprintf("%s:", in->name);
		ret = -1;
	}
	in->fd = -1;
	return ret;
}
