/*
 * cchc: tar headers (POSIX ustar, as GNU tar writes and reads them).
 *
 * Writing: one ustar header per regular file, the name split between the
 * prefix and name fields when it is longer than 100 bytes.  Reading: ustar
 * and old GNU headers, numbers in octal or GNU base-256, long names from a
 * pax extended header ("path=") or a GNU 'L' entry, which the caller passes
 * back with tar_meta before the entry they describe.
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"

static unsigned long long
number(const unsigned char *p, size_t n)
{
	unsigned long long v = 0;
	size_t i = 0;

	if (p[0] & 0x80) {  /* GNU base-256 */
		v = p[0] & 0x3F;
		for (i = 1; i < n; i++)
			v = v << 8 | p[i];
		return v;
	}
	while (i < n && (p[i] == ' ' || p[i] == '\0'))
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (unsigned)(p[i] - '0');
	return v;
}

static unsigned
checksum(const unsigned char *b)
{
	unsigned sum = 0;
	int i;

	for (i = 0; i < TAR_BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : b[i];
	return sum;
}

/*
 * Parse the header block b into e (e->name in new memory, to free).
 * Returns: 1 for a header, 0 for a block of zeros (the end of the archive),
 *          -1 when the checksum is wrong (not a tar header).
 */
int
tar_header(const unsigned char *b, struct tar_ent *e)
{
	size_t i, n, pn;
	struct buf name = { 0 };

	for (i = 0; i < TAR_BLOCK && !b[i]; i++)
		;
	if (i == TAR_BLOCK)
		return 0;
	if (number(b + 148, 8) != checksum(b))
		return -1;
	memset(e, 0, sizeof(*e));
	n = strnlen((const char *)b, 100);
	if (!memcmp(b + 257, "ustar\0", 6) && b[345]) {
		pn = strnlen((const char *)b + 345, 155);
		buf_add(&name, b + 345, pn);
		buf_addc(&name, '/');
	}
	buf_add(&name, b, n);
	e->name = name.p ? name.p : xstrdup("");
	e->link = xstrndup((const char *)b + 157, strnlen((const char *)b + 157, 100));
	e->mode = (unsigned)number(b + 100, 8);
	e->size = (long long)number(b + 124, 12);
	e->mtime = (long long)number(b + 136, 12);
	e->type = b[156] ? (char)b[156] : '0';
	return 1;
}

/* Apply the long name of a pax 'x' or GNU 'L' entry (data, n) to *name. */
void
tar_meta(char type, const char *data, size_t n, char **name)
{
	size_t i = 0;

	if (type == 'L') {
		free(*name);
		*name = xstrndup(data, strnlen(data, n));
		return;
	}
	while (i < n) {  /* records "LEN key=value\n" */
		size_t len = 0, j = i;

		while (j < n && data[j] >= '0' && data[j] <= '9')
			len = len * 10 + (size_t)(data[j++] - '0');
		if (!len || i + len > n || j >= n || data[j] != ' ')
			return;
		if (len > (j + 1 - i) + 5 && !memcmp(data + j + 1, "path=", 5)) {
			free(*name);
			*name = xstrndup(data + j + 6, i + len - (j + 6) - 1);
		}
		i += len;
	}
}

void
tar_ent_free(struct tar_ent *e)
{
	free(e->name);
	free(e->link);
	e->name = e->link = NULL;
}

/* The ustar header of an entry of type type in b, its name already in place. */
static int
finish_header(unsigned char *b, long long size, long long mtime, char type)
{
	unsigned sum;

	snprintf((char *)b + 100, 8, "%07o", 0644);
	snprintf((char *)b + 108, 8, "%07o", 0);
	snprintf((char *)b + 116, 8, "%07o", 0);
	if (size < 0 || size > 077777777777LL)
		return -1;
	snprintf((char *)b + 124, 12, "%011llo", size);
	snprintf((char *)b + 136, 12, "%011llo", mtime < 0 ? 0LL : mtime & 077777777777LL);
	b[156] = (unsigned char)type;
	memcpy(b + 257, "ustar\0" "00", 8);
	sum = checksum(b);
	snprintf((char *)b + 148, 8, "%06o", sum);
	b[155] = ' ';
	return 0;
}

/*
 * Make the ustar header of a regular file in b.
 * Returns: 0, or -1 when name cannot be split into prefix (155) and name
 *          (100), or size is out of range; tar_make_long then does it.
 */
int
tar_make_header(unsigned char *b, const char *name, long long size, long long mtime)
{
	size_t n = strlen(name), cut = 0;

	memset(b, 0, TAR_BLOCK);
	if (n > 100) {
		/* the last '/' that leaves at most 100 bytes after it and 155 before */
		for (cut = n - 1; cut > 0 && !(name[cut] == '/' && n - cut - 1 <= 100 && cut <= 155); cut--)
			;
		if (!cut || n - cut - 1 == 0)
			return -1;
		memcpy(b + 345, name, cut);
		memcpy(b, name + cut + 1, n - cut - 1);
	} else {
		memcpy(b, name, n);
	}
	return finish_header(b, size, mtime, '0');
}

/*
 * Append to out the entry of a file whose name does not fit a ustar header:
 * a pax extended header ("path=NAME", as POSIX tar, GNU tar and our reader
 * take it) and the file's own header with the name cut to 100 bytes at a
 * character; *hdr_at is where that header starts in out.  The data is the
 * caller's to append.  Returns: 0, or -1 when size is out of range.
 */
int
tar_make_long(struct buf *out, const char *name, long long size, long long mtime, size_t *hdr_at)
{
	static const char zero[TAR_BLOCK];
	unsigned char b[TAR_BLOCK];
	size_t n = strlen(name), len = n + strlen(" path=\n"), d = 1, cut = 100;
	struct buf rec = { 0 };

	/* "LEN path=NAME\n", LEN counting its own digits */
	while (d < 20) {
		char t[24];
		size_t k = (size_t)snprintf(t, sizeof(t), "%zu", len + d);

		if (k == d)
			break;
		d = k;
	}
	buf_printf(&rec, "%zu path=%s\n", len + d, name);
	memset(b, 0, TAR_BLOCK);
	memcpy(b, "././@PaxHeader", strlen("././@PaxHeader"));
	if (finish_header(b, (long long)rec.len, mtime, 'x') < 0) {
		buf_free(&rec);
		return -1;
	}
	buf_add(out, b, TAR_BLOCK);
	buf_add(out, rec.p, rec.len);
	if (rec.len % TAR_BLOCK)
		buf_add(out, zero, TAR_BLOCK - rec.len % TAR_BLOCK);
	buf_free(&rec);
	memset(b, 0, TAR_BLOCK);
	while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
		cut--;  /* not inside a UTF-8 sequence */
	memcpy(b, name, n < cut ? n : cut);
	if (finish_header(b, size, mtime, '0') < 0)
		return -1;
	*hdr_at = out->len;
	buf_add(out, b, TAR_BLOCK);
	return 0;
}
