# cchc build configuration; override on the command line (make PREFIX=/opt/cchc).
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
DATAPREFIX = $(PREFIX)/share/cchc

CC = cc
PKGS = libpcre2-8 zlib libutf8proc libxml-2.0 libzip
# the one version string of the toolkit: the file VERSION
VERSION := $(shell cat VERSION 2>/dev/null || echo unknown)
# libxml2 (web pages) keeps its headers in a folder of their own
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDATADIR='"$(DATAPREFIX)"' -DCCHC_VERSION='"$(VERSION)"' $(XML_CFLAGS)
CFLAGS = -std=c17 -pthread -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
LDFLAGS = -pthread
LDLIBS = -lcsv -lpcre2-8 -lz -lutf8proc -lxml2 -lzip
