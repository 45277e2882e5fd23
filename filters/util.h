/* cchc: shared library of the filters (see filters/README.md). */
#ifndef CCHC_UTIL_H
#define CCHC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <zlib.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* buf.c: growable byte buffers; the x* allocators exit on failure */
struct buf {
	char *p;
	size_t len, cap;
};
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, int c);
void buf_adds(struct buf *b, const char *s);
void buf_addcp(struct buf *b, int32_t cp);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_printf(struct buf *b, const char *fmt, ...);
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);

/* diag.c: diagnostics on stderr, "prog: file:line: message" */
extern const char *argv0;
void diag_prog(const char *prog);
void weprintf(const char *fmt, ...);
_Noreturn void eprintf(const char *fmt, ...);
void weprintf_at(const char *file, unsigned long line, const char *fmt, ...);
_Noreturn void usage_line(const char *synopsis);
void progress_init(int on);
void progress(const char *what, unsigned long n, const char *noun, long long bytes, int done);

/* init.c: above diag, input, csvr and output: what main() does first */
void cchc_init(const char *prog);
_Noreturn void print_version(void);

/* input.c: one input, plain or gzip (members in series), "-" is stdin */
struct input {
	const char *name;  /* as given; "-" is printed as "<stdin>" */
	int fd;
	int gz;            /* 1 once a gzip header was seen */
	int eof;
	int err;
	z_stream zs;
	unsigned char *raw;
	size_t rawoff, rawlen;
	off_t consumed;    /* compressed bytes fully consumed (for offsets) */
	int raweof;
};
int in_open(struct input *in, const char *path);
ssize_t in_read(struct input *in, void *dst, size_t n);
int in_close(struct input *in);
int in_slurp(struct input *in, struct buf *b);
const char *in_name(const char *path);
extern size_t in_max_doc;
size_t env_size(const char *name, size_t dflt);

/* output.c: stdout or a file replaced atomically on success */
struct output {
	FILE *fp;
	char *path;  /* NULL for stdout; a link's target */
	char *tmp;
	int inplace; /* a FIFO, a device, /dev/stdout: written where it is */
	long long mtime; /* >= 0: the file's modification time, set before the rename */
};
int out_open(struct output *o, const char *path);
int out_open_entry(struct output *o, const char *path);
int out_close(struct output *o, int commit);
int out_is_stdout(const char *path);
int pwrite_all(int fd, const void *p, size_t n, off_t off);
int out_error(struct output *o);
_Noreturn void exit_epipe(void);
int fshut(FILE *fp, const char *name);

/* csvw.c: RFC 4180 rows through libcsv */
struct csvw {
	FILE *fp;
	int nfield;
	struct buf row;
	int excel_safe, tty;   /* CCHC_EXCEL_SAFE=1; written to a terminal */
	struct buf tmp, shown;
};
void csvw_init(struct csvw *w, FILE *fp);
void csvw_field(struct csvw *w, const char *s, size_t n);
void csvw_str(struct csvw *w, const char *s);
void csvw_long(struct csvw *w, long v);
void csvw_end(struct csvw *w);
void csvw_header(struct csvw *w, const char *const *names, size_t n);
void csvw_free(struct csvw *w);

/* csvr.c: CSV rows through libcsv, with line numbers */
struct csvr {
	const char *path;
	char **field;      /* this row's fields, NUL-terminated */
	size_t *flen;
	size_t nfield;
	size_t ncol;       /* the header's field count */
	unsigned long row; /* 1 for the header */
	unsigned long line;/* the line the row starts on */
	const char *raw;   /* the row's bytes when it is one line, else NULL */
	size_t rawlen;
	int err;
};
extern size_t csvr_max_row;
int csvr_read(const char *path, int (*fn)(struct csvr *, void *), void *arg);
struct csvr_opts {
	int fd;            /* >= 0: read this plain file from start, not path */
	off_t start;       /* where reading begins: a row start */
	off_t pause;       /* > 0: on reaching this offset (a line start) ... */
	int (*at_pause)(void *arg, int clean);  /* ... ask: 1 stops reading;
	                                           clean: no row is open there */
	size_t ncol;       /* > 0: no header; rows have this many fields */
	int quiet;         /* no messages: the caller only wants success */
};
int csvr_read_opts(const char *path, const struct csvr_opts *o,
                   int (*fn)(struct csvr *, void *), void *arg);
int csvr_col(const struct csvr *r, const char *name);
int csvr_unique_names(const struct csvr *r);
int csvr_cols(const struct csvr *r, const char *spec, const char *what, size_t **idx,
              size_t *n);

/* hmap.c: byte strings numbered 0, 1, 2 ... in the order first added */
struct hmap {
	size_t *slot;      /* open addressing: key numbers, or (size_t)-1 */
	size_t cap;        /* slots, a power of two */
	uint64_t *hash;    /* per key number */
	size_t *koff, *klen;
	size_t n, vcap;
	struct buf keys;
};
#define HMAP_NONE ((size_t)-1)
uint64_t hash_bytes(const void *p, size_t n);
size_t hmap_get(struct hmap *m, const void *s, size_t n, int add);
const char *hmap_key(const struct hmap *m, size_t i, size_t *n);
void hmap_free(struct hmap *m);

/* utf8.c: validation, NFC, code point helpers */
struct utf8err {
	size_t count;      /* bad sequences and NUL bytes replaced */
	size_t first;      /* byte offset of the first one */
	unsigned long line;/* its line */
	int nul;           /* the first one was a NUL byte */
};
size_t utf8_valid_prefix(const char *s, size_t n);
int utf8_cut_short(const char *s, size_t n);
void utf8_sanitize(const char *s, size_t n, struct buf *out, struct utf8err *e);
int utf8_decode(const char *s, size_t n, int32_t *cp);
int utf8_len(unsigned char u);
int utf8_needs_nfc(const char *s, size_t n);
void utf8_nfc(const char *s, size_t n, struct buf *out);
char *utf8_fold(const char *s, size_t n);
void utf8_fold_buf(const char *s, size_t n, struct buf *out);

/* decode.c: legacy Vietnamese encodings to UTF-8 */
enum enc { ENC_AUTO, ENC_UTF8, ENC_CP1258, ENC_TCVN3, ENC_UTF16LE, ENC_UTF16BE, ENC_UTF32LE,
           ENC_UTF32BE };
int enc_parse(const char *name, enum enc *e);
enum enc enc_detect(const char *s, size_t n);
const char *not_text(const char *s, size_t n);
int enc_to_utf8(enum enc e, const char *s, size_t n, struct buf *out, struct utf8err *err);

/* rules.c: data files under share/cchc, PCRE2 patterns compiled once */
const char *data_dir(void);
void data_dir_set(const char *dir);
char *data_path(const char *name);
struct rule {
	char *kind;        /* first word of the line */
	char *pattern;     /* the rest of the line */
	pcre2_code *re;
	unsigned long line;
};
struct rules {
	struct rule *v;
	size_t n;
	char *file;
};
int rules_read(struct rules *r, const char *name);
int rules_load(struct rules *r, const char *name, uint32_t flags);
void rules_free(struct rules *r);
pcre2_code *re_compile(const char *pat, uint32_t flags, const char *file,
                       unsigned long line);
int re_exec_upto(const pcre2_code *re, const char *s, size_t n, size_t start, size_t upto,
                 uint32_t opts, PCRE2_SIZE **ov);
void re_label(const pcre2_code *re, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void re_start_bytes(const pcre2_code *re, unsigned char map[256]);
int re_exec(const pcre2_code *re, const char *s, size_t n, size_t start,
            uint32_t opts, PCRE2_SIZE **ov);
extern unsigned long re_limit_hits;

/* clean.c: a document's bytes to clean UTF-8 NFC text */
struct clean_opts {
	enum enc enc;
	int strict;
	int keep_boilerplate;
};
/* pdf.c, docx.c: a PDF file's text through pdftotext (poppler-utils), a
 * Word file's with libzip and libxml2; each returns NULL, or why it could
 * not (a message for the document) */
int is_pdf(const char *s, size_t n);
const char *pdf_to_text(const char *s, size_t n, struct buf *out);
int is_docx(const char *s, size_t n);
const char *docx_to_text(const char *s, size_t n, struct buf *out);

/* html.c: a web page's article as text, and its metadata */
struct page {
	char *source, *date, *title, *site;  /* NULL when the page does not say */
};
int is_html(const char *s, size_t n);
int html_to_text(const char *s, size_t n, struct buf *out, struct page *p);
void page_free(struct page *p);

struct clean_stats {
	enum enc enc;
	struct utf8err bad;
	unsigned long dropped;  /* lines of page furniture removed */
	int too_big;            /* decoded, larger than in_max_doc */
	const char *format;     /* not text: what it is and what to do (not_text) */
	int html_failed;        /* a web page libxml2 could not read */
	struct page page;       /* a web page's metadata (page_free it) */
};
int clean_init(void);
void clean_free(void);
int clean_doc(const char *s, size_t n, const struct clean_opts *o,
              struct buf *out, struct clean_stats *st);
void clean_line(struct buf *line);
int docs_clean(const char *path, const char *stdin_name, const struct clean_opts *o,
               int (*fn)(const char *, const struct buf *, int, const struct page *, void *),
               void *arg);

/* tar.c: tar headers (ustar; pax and GNU long names when reading) */
#define TAR_BLOCK 512
struct tar_ent {
	char *name, *link;
	long long size, mtime;
	unsigned mode;
	char type;         /* '0' file, '5' directory, '1'/'2' links, 'x'/'L' names ... */
};
int tar_header(const unsigned char *b, struct tar_ent *e);
void tar_meta(char type, const char *data, size_t n, char **name);
void tar_ent_free(struct tar_ent *e);
int tar_make_header(unsigned char *b, const char *name, long long size, long long mtime);
int tar_make_long(struct buf *out, const char *name, long long size, long long mtime,
                  size_t *hdr_at);

/* docs.c: the documents of one input: a file, or a stream of "=== NAME" parts */
struct doc {
	char *name;        /* base name or stream part name */
	struct buf text;
};
struct docs {
	struct input in;
	const char *path;
	int stream;        /* input is a "=== NAME" document stream */
	int tar;           /* input is a tar archive: each file a document */
	long long toff;    /* tar: offset of the next header in the archive */
	char *longname;    /* tar: the name a pax or GNU entry gave the next one */
	int started;
	struct buf pend;   /* bytes read but not yet returned */
	size_t pendoff;
	char *nextname;
	int done;
	unsigned long nth;
	int err;
	int skipped;       /* a document over in_max_doc was skipped */
};
extern int docs_whole;  /* every input is one document: no stream, no tar */
int docs_open(struct docs *d, const char *path, const char *stdin_name);
int docs_next(struct docs *d, struct doc *doc);
int docs_close(struct docs *d);
void doc_free(struct doc *doc);

/* source.c: where a report came from (manifest, outlets.csv) */
struct docsrc {
	char *doc, *source, *date, *province;  /* NULL when not given */
	unsigned long line;
	int used;
};
struct manifest {
	struct docsrc *v;
	size_t n;
	struct hmap idx;   /* doc -> index in v */
	char *path;
};
struct outlet {
	char *host;        /* "baolamdong.vn", or "" */
	char *name;        /* folded: "baolamdong", or "" */
	char *province;    /* NULL: a national outlet */
};
struct outlets {
	struct outlet *v;
	size_t n;
};
int days_in(int y, int m);
int iso_date_ok(const char *s);
int manifest_read(struct manifest *m, const char *path,
                  const char *(*prov)(const char *s, size_t n));
struct docsrc *manifest_find(struct manifest *m, const char *doc);
void manifest_free(struct manifest *m, int report);
int outlets_read(struct outlets *o, const char *(*prov)(const char *s, size_t n));
void outlets_free(struct outlets *o);
const char *source_province(const struct outlets *o, const char *source,
                            const char *(*prov)(const char *s, size_t n));
int source_month(const char *source, char out[11]);

#endif
