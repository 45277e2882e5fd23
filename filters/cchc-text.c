/* cchc-text: decode reports to clean UTF-8 NFC text, without page furniture. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static const char synopsis[] =
	"[-e ENC] [--strict] [--keep-boilerplate] [-w] [-r DIR] [-o FILE | -O DIR] [FILE...]";

static struct clean_opts opts;
static const char *outdir;

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Decode reports (UTF-8, NFD, CP1258, TCVN3; plain or gzip) to UTF-8 NFC text\n"
	       "with LF line ends, and drop page furniture (counters, hotlines, link lists).\n\n"
	       "  -e, --encoding ENC    input encoding: auto (default), utf-8, cp1258, tcvn3,\n"
	       "                        utf-16le, utf-16be, utf-32le, utf-32be\n"
	       "      --strict          invalid bytes and NUL are errors, not U+FFFD\n"
	       "      --keep-boilerplate  keep page furniture\n"
	       "  -r, --rules DIR       data files (default: CCHC_DATA, ../share/cchc)\n"
	       "  -o, --output FILE     write to FILE, replaced only when complete\n"
	       "  -O, --output-dir DIR  write each document to DIR/NAME\n"
	       "  -w, --whole           each FILE is one document, even one that starts\n"
	       "                        like a \"=== NAME\" stream or a tar archive\n"
	       "      --version         the version of cchc\n"
	       "  -h, --help            this help\n\n"
	       "Several documents on one output are each preceded by a line \"=== NAME\";\n"
	       "a document's own line starting \"=== \" gets U+FF1D as its third '='.\n"
	       "Exit status: 0 on success, 1 if any input or output failed.\n",
	       argv0, synopsis);
	exit(0);
}

/* the names written to -O DIR in this run and a hash of each text: a second
 * document of the same name is refused, never written over the first,
 * unless its text is the same */
static struct hmap dir_names;
static uint64_t *dir_hashes;
static size_t dir_hcap;

/* Write one cleaned document to DIR/NAME.  Returns: 0 or -1. */
static int
write_to_dir(const char *name, const struct buf *text)
{
	struct output o;
	struct buf path = { 0 };
	size_t n = dir_names.n, k;
	uint64_t h = hash_bytes(text->p, text->len);
	int ret;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		weprintf("%s: unsafe document name for -O", name);
		return -1;
	}
	if ((k = hmap_get(&dir_names, name, strlen(name), 1)) < n) {
		if (dir_hashes[k] == h)
			return 0;  /* the same document again */
		weprintf("%s/%s: a second document of that name: not written over the first",
		         outdir, name);
		return -1;
	}
	if (k >= dir_hcap) {
		dir_hcap = dir_hcap ? 2 * dir_hcap : 64;
		dir_hashes = xrealloc(dir_hashes, dir_hcap * sizeof(*dir_hashes));
	}
	dir_hashes[k] = h;
	buf_printf(&path, "%s/%s", outdir, name);
	if (out_open_entry(&o, path.p) < 0) {
		buf_free(&path);
		return -1;
	}
	fwrite(text->p, 1, text->len, o.fp);
	ret = out_close(&o, 1);
	buf_free(&path);
	return ret;
}

struct sink {
	struct output *out;
	int headers;
	unsigned long written;  /* documents written */
};

/* One cleaned document to -O DIR, or onto the output.  See docs_clean. */
static int
put_doc(const char *name, const struct buf *text, int stream, const struct page *page, void *arg)
{
	struct sink *k = arg;

	(void)page;  /* the text alone: its metadata is cchc-extract's */
	if (outdir)
		return write_to_dir(name, text) < 0 ? 1 : 0;
	if (k->headers || stream)
		fprintf(k->out->fp, "=== %s\n", name);
	fwrite(text->p, 1, text->len, k->out->fp);
	k->written++;
	return out_error(k->out) ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "keep-boilerplate", no_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-dir", required_argument, NULL, 'O' },
		{ "rules", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "whole", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct output out;
	struct sink sink;
	const char *outfile = NULL;
	struct stat sb;
	int c, i, ret = 0;

	cchc_init(argv[0]);
	while ((c = getopt_long(argc, argv, "e:ho:O:r:w", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (enc_parse(optarg, &opts.enc) < 0)
				eprintf("unknown encoding '%s' (auto, utf-8, cp1258, tcvn3, utf-16le, utf-16be, "
				        "utf-32le, utf-32be)", optarg);
			break;
		case 'h':
			help();
		case 'V':
			print_version();
		case 'k':
			opts.keep_boilerplate = 1;
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'O':
			outdir = optarg;
			break;
		case 'r':
			data_dir_set(optarg);
			break;
		case 's':
			opts.strict = 1;
			break;
		case 'w':
			docs_whole = 1;
			break;
		default:
			usage_line(synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (outfile && outdir)
		eprintf("-o and -O exclude each other");
	if (outdir && (stat(outdir, &sb) < 0 || !S_ISDIR(sb.st_mode)))
		eprintf("%s: not a directory", outdir);
	if (!opts.keep_boilerplate && clean_init() < 0)
		return 1;
	if (!outdir && out_open(&out, outfile) < 0)
		return 1;
	sink.out = &out;
	sink.headers = argc > 1;
	sink.written = 0;
	if (argc == 0)
		ret |= docs_clean("-", NULL, &opts, put_doc, &sink);
	for (i = 0; i < argc; i++) {
		if (!outdir && out_error(&out))
			break;
		ret |= docs_clean(argv[i], NULL, &opts, put_doc, &sink);
	}
	/* -o: the documents that could be read, even when others could not;
	 * when none could, an existing file is left as it was */
	if (!outdir && out_close(&out, !ret || sink.written > 0) < 0)
		ret = 1;
	clean_free();
	hmap_free(&dir_names);
	free(dir_hashes);
	return ret;
}
