#!/usr/bin/env python3
"""mkdoc.py docx TEXT OUT | gnuplot TEXT OUT: a report's text as the file a
ministry would publish, for the tests.

docx:    a Word package (stdlib zipfile) in the shapes Word and LibreOffice
         write: a paragraph a line (some with Word's rsid attributes, some
         bare), each line's text split over several runs, a proofing mark
         and a bookmark between them, and a tracked deletion
         ("w:delText", which is no text) in the first paragraph.
gnuplot: a gnuplot script on stdout that draws each line as a label on a
         tall page of a PDF named OUT (pdfcairo embeds the fonts and their
         Unicode maps, so pdftotext gives the lines back).
"""
import sys
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def runs(line):
    """The line as Word writes it: runs of a few words, marks between them."""
    words = line.split(" ")
    out = []
    for i in range(0, len(words), 4):
        text = " ".join(words[i:i + 4]) + (" " if i + 4 < len(words) else "")
        out.append('<w:r><w:rPr><w:lang w:val="vi-VN"/></w:rPr>'
                   '<w:t xml:space="preserve">%s</w:t></w:r>' % escape(text))
        if i == 4:
            out.append('<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="a"/>'
                       '<w:bookmarkEnd w:id="0"/>')
    return "".join(out)


def docx(text, out):
    paras = []
    for k, line in enumerate(text.splitlines()):
        body = runs(line)
        if k == 0:
            body = ('<w:del w:id="1" w:author="x"><w:r><w:delText>Năm 1999 đạt 11%</w:delText>'
                    '</w:r></w:del>') + body
        opening = '<w:p w:rsidR="00A1%04X" w:rsidRDefault="00B2">' % k if k % 2 else "<w:p>"
        paras.append(opening + '<w:pPr><w:spacing w:after="120"/></w:pPr>' + body + "</w:p>")
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
           % (W, "".join(paras)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)


def gnuplot(text, out):
    lines = text.splitlines()
    rows = max(len(lines), 1)
    print('set terminal pdfcairo size 60in,%gin font "DejaVu Sans,7"' % (rows * 0.2 + 1))
    print('set output "%s"' % out)
    print("unset border; unset tics; set xrange [0:1]; set yrange [0:1]")
    for k, line in enumerate(lines):
        s = line.replace("\\", "\\\\").replace('"', '\\"')
        print('set label %d "%s" at screen 0.01, screen %.6f noenhanced'
              % (k + 1, s, 1 - (k + 1) / (rows + 1)))
    print("plot 2 notitle")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("docx", "gnuplot"):
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    {"docx": docx, "gnuplot": gnuplot}[sys.argv[1]](text, sys.argv[3])


if __name__ == "__main__":
    main()
