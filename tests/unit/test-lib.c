/* Unit tests of the filters' shared library; prints "ok - " / "not ok - " lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "util.h"

static int failed;
static char dir[] = "/tmp/cchc-unit.XXXXXX";

static void
check(int cond, const char *name)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	failed |= !cond;
}

static void
check_str(const char *got, const char *want, const char *name)
{
	check(!strcmp(got, want), name);
	if (strcmp(got, want))
		printf("#   got  '%s'\n#   want '%s'\n", got, want);
}

static char *
tmpfile_with(const char *name, const void *data, size_t n)
{
	struct buf p = { 0 };
	FILE *fp;

	buf_printf(&p, "%s/%s", dir, name);
	fp = fopen(p.p, "wb");
	fwrite(data, 1, n, fp);
	fclose(fp);
	return p.p;
}

static void
test_buf(void)
{
	struct buf b = { 0 };

	check_str(buf_str(&b), "", "buf: empty buffer is an empty string");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'a' + i % 26);
	check(b.len == 10000 && b.p[9999] == 'a' + 9999 % 26, "buf: grows past many doublings");
	b.len = 0;
	buf_addcp(&b, 0x1EC7);
	buf_addcp(&b, 0x41);
	buf_addcp(&b, 0x1F600);
	check_str(b.p, "ệA\xF0\x9F\x98\x80", "buf: buf_addcp encodes 1-4 byte forms");
	b.len = 0;
	buf_printf(&b, "%s:%d", "x", 42);
	check_str(b.p, "x:42", "buf: printf appends");
	buf_free(&b);
}

static void
test_utf8(void)
{
	struct buf b = { 0 };
	struct utf8err e;

	check(utf8_valid_prefix("abc\xC3\xA1", 5) == 5, "utf8: valid text is valid");
	check(utf8_valid_prefix("abcdefghij\xC0\xAF", 12) == 10, "utf8: overlong rejected after ASCII run");
	check(utf8_valid_prefix("\xED\xA0\x80", 3) == 0, "utf8: surrogate rejected");
	/* every lead byte and second byte against utf8proc, the reference:
	 * "x", the two bytes, two continuation bytes, "y" */
	{
		unsigned a, c2, bad = 0;

		for (a = 0x80; a < 0x100; a++)
			for (c2 = 0; c2 < 0x100; c2++) {
				char q[6] = { 'x', (char)a, (char)c2, (char)0x80, (char)0x80, 'y' };
				utf8proc_int32_t cp;
				utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)q + 1, 4, &cp);
				size_t want = r <= 0 ? 1 : r == 4 ? 6 : 1 + (size_t)r;

				bad += utf8_valid_prefix(q, 6) != want;
			}
		check(bad == 0, "utf8: valid_prefix agrees with utf8proc on every 2-byte start");
	}
	check(utf8_valid_prefix("ab\xF0\x9F\x98\x80", 6) == 6, "utf8: 4-byte sequence");
	check(utf8_valid_prefix("ab\xF4\x90\x80\x80", 6) == 2, "utf8: past U+10FFFF rejected");
	check(utf8_valid_prefix("ab\xE0\x80\x80", 5) == 2, "utf8: overlong 3-byte rejected");
	check(utf8_valid_prefix("abcdefg\xE1\xBB", 9) == 7, "utf8: cut sequence at the end");
	check(utf8_valid_prefix("abcdefgh\xC3\xA1xyz\xFF", 14) == 13, "utf8: after a word with a high byte");
	check(utf8_cut_short("\xC3", 1) && utf8_cut_short("\xE1\xBB", 2) &&
	      utf8_cut_short("\xF0\x9F\x98", 3), "utf8: sequences cut short");
	check(!utf8_cut_short("\xE0\x80", 2) && !utf8_cut_short("\xED\xA0", 2) &&
	      !utf8_cut_short("\xE1\xBB\x87", 3) && !utf8_cut_short("a", 1) &&
	      !utf8_cut_short("\xC3x", 2) && !utf8_cut_short("\x80", 1),
	      "utf8: not cut short: overlong, surrogate, whole, ASCII, broken, stray");
	utf8_sanitize("a\xFF" "b\n\0c\xE1\xBB", 8, &b, &e);
	check_str(b.p, "a\xEF\xBF\xBD" "b\n\xEF\xBF\xBD" "c\xEF\xBF\xBD", "utf8: bad bytes, NUL, truncated tail become U+FFFD");
	check(e.count == 3 && e.first == 1 && e.line == 1 && !e.nul, "utf8: first bad offset, line and count");
	b.len = 0;
	utf8_sanitize("ok\nok\n\0", 7, &b, &e);
	check(e.count == 1 && e.first == 6 && e.line == 3 && e.nul, "utf8: NUL reported with its line");
	b.len = 0;
	utf8_nfc("Ho\xCC\x80" "a Thu\xCC\x89y", 13, &b);  /* NFD */
	check_str(b.p, "Hòa Thủy", "utf8: NFD composes to NFC");
	check(!utf8_needs_nfc("Hòa bình 100%", strlen("Hòa bình 100%")), "utf8: precomposed Vietnamese needs no NFC");
	check(utf8_needs_nfc("a\xCC\x81", 3), "utf8: a combining mark needs NFC");
	buf_free(&b);
}

static void
test_decode(void)
{
	/* "Thủ tướng Hòa" in CP1258 (base letters + combining marks) and TCVN3 */
	static const char cp[] = "Thu\xD2 t\xFD\xF5\xECng Ho\xCC" "a";
	static const char tc[] = "Th\xF1 t\xAD\xED" "ng H\xDF" "a";
	struct buf b = { 0 };
	struct utf8err e;
	enum enc en;

	check(enc_parse("CP1258", &en) == 0 && en == ENC_CP1258, "decode: names parse, case ignored");
	check(enc_parse("latin1", &en) < 0, "decode: unknown name refused");
	check(enc_detect("Hòa", strlen("Hòa")) == ENC_UTF8, "decode: valid UTF-8 detected");
	check(enc_detect("Hòa b\xFFnh ở đây", strlen("Hòa b\xFFnh ở đây")) == ENC_UTF8,
	      "decode: UTF-8 with one bad byte stays UTF-8");
	enc_to_utf8(ENC_CP1258, cp, strlen(cp), &b, &e);
	utf8_nfc(b.p, b.len, &b);
	check(strstr(b.p, "Thủ tướng Hòa") != NULL, "decode: CP1258 to UTF-8 NFC");
	check(enc_detect(cp, strlen(cp)) == ENC_CP1258, "decode: CP1258 detected");
	b.len = 0;
	enc_to_utf8(ENC_TCVN3, tc, strlen(tc), &b, &e);
	check_str(b.p, "Thủ tướng Hòa", "decode: TCVN3 to UTF-8");
	check(enc_detect(tc, strlen(tc)) == ENC_TCVN3, "decode: TCVN3 detected");
	b.len = 0;
	enc_to_utf8(ENC_CP1258, "a\0b", 3, &b, &e);
	check(e.count == 1 && e.nul && e.first == 1, "decode: NUL in legacy text reported at its raw offset");
	buf_free(&b);
}

static void
test_clean_line(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Thanh Hoá", "Thanh Hóa" },
		{ "hoà bình, thuý, khoẻ, tuỳ", "hòa bình, thúy, khỏe, tùy" },
		{ "Uỷ ban; HOÁ", "Ủy ban; HÓA" },
		{ "quý, Quỳnh, hoàn, thuyền, hoạch", "quý, Quỳnh, hoàn, thuyền, hoạch" },
		{ "Ðà Nẵng ÐẮK", "Đà Nẵng ĐẮK" },
		{ "  a\xC2\xA0\xC2\xA0" "b\xE2\x80\x8B" "c\t d  ", "a bc d" },
		{ "x\xE2\x80\x83y\xC2\xADz", "x yz" },
		{ "Ho\xCC\x80" "a", "Hòa" },
		{ "lưu ý, thu ý kiến, do ủy ban", "lưu ý, thu ý kiến, do ủy ban" },
		{ "ho\xC2\xA0" "à", "ho à" },
		/* an ASCII run, a kept letter, then the pair after them */
		{ "XYZ1 khoẻ ĂĐƠ thoả Ơ\xC3\x90 KHOÀ", "XYZ1 khỏe ĂĐƠ thỏa ƠĐ KHÒA" },
		{ "a\xF0\x9F\x98\x80" "b \xE1\xB8\x80 c", "a\xF0\x9F\x98\x80" "b \xE1\xB8\x80 c" },
	};
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < LEN(cases); i++) {
		char name[128];

		b.len = 0;
		buf_adds(&b, cases[i].in);
		clean_line(&b);
		snprintf(name, sizeof(name), "clean_line: '%s'", cases[i].want);
		check_str(buf_str(&b), cases[i].want, name);
	}
	buf_free(&b);
}

static void
test_input(void)
{
	struct input in;
	struct buf b = { 0 };
	char *p;
	int fd[2];

	p = tmpfile_with("plain.txt", "hello\n", 6);
	check(in_open(&in, p) == 0 && in_slurp(&in, &b) == 0 && in_close(&in) == 0 &&
	      !strcmp(b.p, "hello\n"), "input: plain file read as is");
	free(p);
	b.len = 0;
	p = tmpfile_with("empty.txt", "", 0);
	check(in_open(&in, p) == 0 && in_slurp(&in, &b) == 0 && in_close(&in) == 0 &&
	      b.len == 0, "input: empty file reads as nothing");
	free(p);

	/* two gzip members, then a truncated copy, then trailing garbage */
	{
		static const char text[] = "Tỷ lệ đạt 44,1%.\n";
		struct buf gz = { 0 };
		gzFile g;

		p = tmpfile_with("m.gz", "", 0);
		for (int k = 0; k < 2; k++) {
			g = gzopen(p, "ab");
			gzwrite(g, text, (unsigned)strlen(text));
			gzclose(g);
		}
		in_open(&in, p);
		in_slurp(&in, &gz);
		check(in.gz && !in_close(&in) && gz.len == 2 * strlen(text),
		      "input: gzip members in series are all read");
		free(p);

		in_open(&in, "/dev/null");
		in_close(&in);
		{
			FILE *fp;
			long n;
			char *raw, *q;
			struct buf path = { 0 };

			buf_printf(&path, "%s/m.gz", dir);
			fp = fopen(path.p, "rb");
			fseek(fp, 0, SEEK_END);
			n = ftell(fp);
			rewind(fp);
			raw = xmalloc((size_t)n + 8);
			n = (long)fread(raw, 1, (size_t)n, fp);
			fclose(fp);
			q = tmpfile_with("trunc.gz", raw, (size_t)n - 5);
			b.len = 0;
			fprintf(stderr, "(expected message follows)\n");
			check(in_open(&in, q) == 0 && in_slurp(&in, &b) < 0 && in_close(&in) < 0,
			      "input: truncated gzip is an error");
			free(q);
			memcpy(raw + n, "junk", 4);
			q = tmpfile_with("junk.gz", raw, (size_t)n + 4);
			b.len = 0;
			check(in_open(&in, q) == 0 && in_slurp(&in, &b) < 0 && in_close(&in) < 0,
			      "input: trailing garbage after gzip is an error");
			free(q);
			free(raw);
			buf_free(&path);
		}
		buf_free(&gz);
	}
	/* stdin through a pipe */
	if (pipe(fd) == 0) {
		int saved = dup(0);

		if (write(fd[1], "abc", 3) != 3)
			check(0, "input: pipe write");
		close(fd[1]);
		dup2(fd[0], 0);
		close(fd[0]);
		b.len = 0;
		check(in_open(&in, "-") == 0 && in_slurp(&in, &b) == 0 && !strcmp(b.p, "abc"),
		      "input: '-' reads standard input");
		in_close(&in);
		dup2(saved, 0);
		close(saved);
	}
	check(in_open(&in, "/nonexistent/x") < 0, "input: a missing file is an error");
	buf_free(&b);
}

static void
test_output(void)
{
	struct output o;
	struct buf p = { 0 };
	struct stat st;

	buf_printf(&p, "%s/out.csv", dir);
	check(out_open(&o, p.p) == 0 && stat(p.p, &st) < 0, "output: nothing at the target before commit");
	fputs("a,b\n", o.fp);
	check(out_close(&o, 1) == 0 && stat(p.p, &st) == 0 && st.st_size == 4, "output: commit renames into place");
	check(out_open(&o, p.p) == 0, "output: reopen over an existing file");
	fputs("x\n", o.fp);
	out_close(&o, 0);
	check(stat(p.p, &st) == 0 && st.st_size == 4, "output: abort keeps the old file");
	check(out_open(&o, "/nonexistent-dir/x.csv") < 0, "output: unwritable directory is an error");
	buf_free(&p);
}

static void
test_csvw(void)
{
	char *mem = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&mem, &n);
	struct csvw w;

	csvw_init(&w, fp);
	csvw_str(&w, "plain");
	csvw_str(&w, "a,b");
	csvw_str(&w, "say \"hi\"");
	csvw_str(&w, "two\nlines");
	csvw_field(&w, "n\0l", 3);
	csvw_long(&w, -42);
	csvw_str(&w, "");
	csvw_end(&w);
	csvw_free(&w);
	fclose(fp);
	{
	static const char want[] = "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",n\0l,-42,\n";

	check(n == sizeof(want) - 1 && !memcmp(mem, want, n),
	      "csvw: quotes only what needs quoting, keeps NUL");
	}
	free(mem);
}

static void
test_docs(void)
{
	static const char stream[] = "=== a.txt\nfirst\n=== b.txt\n=== c.txt\nthird\nline\n";
	struct docs d;
	struct doc doc;
	char *p = tmpfile_with("stream.txt", stream, strlen(stream));
	char got[256] = "";

	check(docs_open(&d, p, NULL) == 0 && d.stream, "docs: a '=== NAME' first line makes a stream");
	while (docs_next(&d, &doc) > 0) {
		strcat(got, doc.name);
		strcat(got, ":");
		strcat(got, buf_str(&doc.text));
		strcat(got, "|");
		doc_free(&doc);
	}
	check(docs_close(&d) == 0, "docs: stream closes cleanly");
	check_str(got, "a.txt:first\n|b.txt:|c.txt:third\nline\n|", "docs: stream split into named documents, empty kept");
	free(p);
	p = tmpfile_with("plain.txt", "no header\n=== x\n", 16);
	docs_open(&d, p, NULL);
	check(docs_next(&d, &doc) == 1 && !strcmp(doc.name, "plain.txt") && doc.text.len == 16,
	      "docs: a plain file is one document named by its base name");
	doc_free(&doc);
	check(docs_next(&d, &doc) == 0, "docs: a plain file has no second document");
	docs_close(&d);
	free(p);
}

static void
test_rules(void)
{
	struct rules r;
	PCRE2_SIZE *ov;
	char *p = tmpfile_with("t.rules", "# comment\n\ndrop ^a+$\nblock (unclosed\nkeep\n", 41);

	(void)p;
	data_dir_set(dir);
	fprintf(stderr, "(expected messages follow)\n");
	check(rules_load(&r, "t.rules", 0) < 0 && r.n == 1 && !strcmp(r.v[0].kind, "drop"),
	      "rules: bad pattern and missing pattern reported, good rules kept");
	check(re_exec(r.v[0].re, "aaa", 3, 0, 0, &ov) > 0 && ov[1] == 3, "rules: compiled rule matches");
	check(re_exec(r.v[0].re, "aab", 3, 0, 0, &ov) == 0, "rules: no match is 0");
	rules_free(&r);
	free(p);
	{
		/* catastrophic backtracking is stopped by the match limit */
		pcre2_code *re = re_compile("^(a+)+$", 0, "test", 1);
		struct buf s = { 0 };

		for (int i = 0; i < 40; i++)
			buf_addc(&s, 'a');
		buf_addc(&s, 'b');
		re_limit_hits = 0;
		check(re_exec(re, s.p, s.len, 0, 0, &ov) == 0, "rules: pathological pattern gives no match, no hang");
		pcre2_code_free(re);
		buf_free(&s);
	}
	{
		/* PCRE2_ANCHORED given at match time holds with the JIT too */
		pcre2_code *re = re_compile("b", 0, "test", 1);

		check(re_exec(re, "ab", 2, 0, PCRE2_ANCHORED, &ov) == 0,
		      "rules: PCRE2_ANCHORED at match time anchors");
		check(re_exec(re, "ab", 2, 1, PCRE2_ANCHORED, &ov) > 0 && ov[0] == 1,
		      "rules: PCRE2_ANCHORED at match time matches at the start offset");
		pcre2_code_free(re);
	}
	data_dir_set(NULL);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	cchc_init(argv[0]);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_buf();
	test_utf8();
	test_decode();
	test_clean_line();
	test_input();
	test_output();
	test_csvw();
	test_docs();
	test_rules();
	{
		struct buf cmd = { 0 };

		buf_printf(&cmd, "rm -rf '%s'", dir);
		if (system(cmd.p) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
		buf_free(&cmd);
	}
	return failed;
}
