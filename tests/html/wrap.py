#!/usr/bin/env python3
"""Wrap a report's text in a web page of the shape of a real one.

usage: wrap.py TEMPLATE TEXT ADDRESS DATE > page.html

TEMPLATE is portal (a provincial .gov.vn portal), paper (a provincial
newspaper) or national (a national outlet).  The text's first line is the
article's heading, each other line a paragraph (an empty line an empty
one).  Around the article, what such pages carry, full of numbers that
are no figures of the report: menus, hotlines, visitor counters, share
bars, related-article lists, scripts and style sheets.  The address goes
in the page's canonical link or og:url, the date in the page's own date
markup (article:published_time, <time datetime>, or a pubdate meta).
"""
import html
import sys

PORTAL = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{title} - Cổng thông tin điện tử tỉnh</title>
<link rel="canonical" href="{address}">
<meta property="article:published_time" content="{date}T08:30:00+07:00">
<style>body {{ margin: 0 }} .c3 {{ width: 33% }} .hot {{ font-size: 14px }}</style>
<script>var visits = 63092; window.dataLayer = [{{ "id": 2024, "rate": "98%" }}];</script>
</head><body>
<header><div class="logo">UBND TỈNH</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li>
<li><a href="/tt">Tin tức (125)</a></li><li><a href="/vb">Văn bản 2024</a></li></ul></nav></header>
<div class="breadcrumb"><nav>Trang chủ / Cải cách hành chính</nav></div>
<main><article>
<h1>{title}</h1>
{body}
</article>
<aside><h3>Tin liên quan</h3><ul><li>Hội nghị 6 tháng đầu năm 2024: đạt 97% kế hoạch</li>
<li>Năm 2023 tỉnh tiếp nhận 120.000 hồ sơ</li></ul>
<div class="hotline">Đường dây nóng: 0296.3957.006 - 0378.247.247</div></aside></main>
<footer><p>Lượt truy cập: 63.092 | Đang online: 16 | Hôm nay: 198</p>
<p>Giấy phép số 45/GP-TTĐT ngày 12/3/2019</p></footer>
<script>document.write("Tỷ lệ 100% hồ sơ");</script>
</body></html>
"""

PAPER = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:url" content="{address}">
<meta property="og:site_name" content="Báo tỉnh">
<meta property="og:title" content="{title}">
<title>{title} | Báo tỉnh</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2019-01-01", "wordCount": 812}}</script>
</head><body>
<nav class="menu"><a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a> <a href="/so-bao">Số báo 3.456</a></nav>
<div id="content">
<div class="byline"><span>Cải cách hành chính</span> <time datetime="{date}T07:00:00+07:00">Thứ hai, {date}</time></div>
<article><header><h1>{title}</h1></header>
<nav class="share">Chia sẻ: Facebook (1.204) Zalo (87) In bài</nav>
{body}
</article>
<aside class="related"><h2>Tin khác</h2><ol><li>Hơn 95% thủ tục được giải quyết đúng hạn</li><li>Xếp thứ 12 về PCI năm 2023</li></ol></aside>
</div>
<footer>Báo tỉnh - Cơ quan của Tỉnh ủy. Điện thoại: 0263.3822.396. Giấy phép 123/GP-BTTTT.</footer>
</body></html>
"""

NATIONAL = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="pubdate" content="{date}">
<meta property="og:url" content="{address}">
<title>{title}</title>
<style>@media (max-width: 768px) {{ .col {{ width: 100% }} }}</style>
</head><body>
<header><nav><a href="/">Trang nhất</a> <a href="/chinh-tri">Chính trị</a> <a href="/kinh-te">Kinh tế</a></nav>
<form action="/tim-kiem"><input name="q"><button>Tìm 24h</button></form></header>
<main><article class="detail">
<h1 class="title">{title}</h1>
{body}
</article></main>
<aside><div>Đọc nhiều: Năm 2024 cắt giảm 2.051 thủ tục</div></aside>
<footer><div>Tổng biên tập. Hotline: 024.3825.5959. Bản quyền 2010-2025.</div></footer>
</body></html>
"""

TEMPLATES = {"portal": PORTAL, "paper": PAPER, "national": NATIONAL}


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in TEMPLATES:
        sys.exit("usage: wrap.py portal|paper|national TEXT ADDRESS DATE")
    tpl, path, address, date = sys.argv[1:]
    lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
    title = html.escape(lines[0].strip())
    body = "\n".join("<p>%s</p>" % html.escape(l) for l in lines[1:])
    page = TEMPLATES[tpl].format(title=title, body=body, address=html.escape(address, quote=True),
                                 date=date)
    sys.stdout.write(page)


if __name__ == "__main__":
    main()
