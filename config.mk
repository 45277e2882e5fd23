# cchc build configuration; override on the command line (make PREFIX=/opt/cchc).
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
DATAPREFIX = $(PREFIX)/share/cchc

CC = cc
PKGS = libpcre2-8 zlib libutf8proc
# the one version string of the toolkit: the file VERSION
VERSION := $(shell cat VERSION 2>/dev/null || echo unknown)
CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDATADIR='"$(DATAPREFIX)"' -DCCHC_VERSION='"$(VERSION)"'
CFLAGS = -std=c17 -pthread -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
LDFLAGS = -pthread
LDLIBS = -lcsv -lpcre2-8 -lz -lutf8proc
