#!/bin/sh
# screenshots.sh - regenerate the README's screenshots from the real program.
#
#   man/screenshots.sh                  write man/screenshot-reader.svg and
#                                       man/screenshot-search.svg
#   man/screenshots.sh --svg COLS ROWS  convert one `tmux capture-pane -e -p`
#                                       screen (stdin) to SVG (stdout)
#
# The program ($DOSSIER, else ./dossier) runs on the bundled articles in a
# private tmux server (its socket in a scratch folder) of 100x30, with a
# private HOME and config, so nothing of the user's (bookmarks, config,
# NO_COLOR) shows.  The screens are captured with their colours and drawn
# as SVG by the awk below: one monospace cell grid, per-cell colours, bold,
# dim, underline, reverse.
# Needs tmux and a POSIX sh and awk; nothing else.
# OUTDIR overrides where the SVGs go (default: this script's folder).

set -eu

COLS=100
ROWS=30
prog=$(basename "$0")

die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 2
}

# ---- ANSI (tmux capture-pane -e) to SVG --------------------------------------

ansi2svg() {	# ansi2svg COLS ROWS < capture > svg
	LC_ALL=C awk -v cols="$1" -v rows="$2" '
BEGIN {
	# the cell grid: DejaVu Sans Mono advances 0.602 em
	fs = 14; cw = 8.43; chh = 18; base = 13.5; pad = 10
	font = "DejaVu Sans Mono,Menlo,Consolas,Liberation Mono,monospace"
	defbg = "#1d1f21"; deffg = "#d0d0d0"
	split("#000000 #cc0000 #4e9a06 #c4a000 #3465a4 #75507b #06989a #d3d7cf " \
	    "#555753 #ef2929 #8ae234 #fce94f #729fcf #ad7fa8 #34e2e2 #eeeeec", p16, " ")
	for (i = 0; i < 16; i++)
		pal[i] = p16[i + 1]
	split("0 95 135 175 215 255", lv, " ")
	for (i = 16; i < 232; i++) {
		n = i - 16
		pal[i] = sprintf("#%02x%02x%02x", lv[int(n / 36) + 1],
		    lv[int(n / 6) % 6 + 1], lv[n % 6 + 1])
	}
	for (i = 232; i < 256; i++)
		pal[i] = sprintf("#%02x%02x%02x", 8 + 10 * (i - 232),
		    8 + 10 * (i - 232), 8 + 10 * (i - 232))
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	reset()
	row = 0
}

function reset() {
	fg = -1; bg = -1; bold = 0; dim = 0; ital = 0; und = 0; rev = 0
}

function color(v, dflt) {
	if (v == -1)
		return dflt
	if (v ~ /^#/)
		return v
	return pal[v]
}

function sgr(params,    n, a, i, v, c) {
	gsub(/:/, ";", params)
	n = split(params, a, ";")
	if (n == 0) {
		reset()
		return
	}
	for (i = 1; i <= n; i++) {
		v = a[i] + 0
		if (v == 0) reset()
		else if (v == 1) bold = 1
		else if (v == 2) dim = 1
		else if (v == 3) ital = 1
		else if (v == 4 || v == 21) und = 1
		else if (v == 7) rev = 1
		else if (v == 22) { bold = 0; dim = 0 }
		else if (v == 23) ital = 0
		else if (v == 24) und = 0
		else if (v == 27) rev = 0
		else if (v >= 30 && v <= 37) fg = v - 30
		else if (v == 39) fg = -1
		else if (v >= 40 && v <= 47) bg = v - 40
		else if (v == 49) bg = -1
		else if (v >= 90 && v <= 97) fg = v - 90 + 8
		else if (v >= 100 && v <= 107) bg = v - 100 + 8
		else if ((v == 38 || v == 48) && a[i + 1] == 5) {
			if (v == 38) fg = a[i + 2] + 0; else bg = a[i + 2] + 0
			i += 2
		} else if ((v == 38 || v == 48) && a[i + 1] == 2) {
			if (a[i + 2] == "" && n >= i + 5)
				i++	# 38:2::r:g:b, an empty colour space
			c = sprintf("#%02x%02x%02x", a[i + 2], a[i + 3], a[i + 4])
			if (v == 38) fg = c; else bg = c
			i += 4
		}
	}
}

# Display width of code point cp: 0 for combining marks and zero-width
# characters, 2 for East Asian wide ones and emoji, else 1.
function cpwidth(cp) {
	if ((cp >= 768 && cp <= 879) || (cp >= 6832 && cp <= 6911) ||
	    (cp >= 7616 && cp <= 7679) || (cp >= 8400 && cp <= 8447) ||
	    (cp >= 65056 && cp <= 65071) || (cp >= 8203 && cp <= 8207) ||
	    (cp >= 65024 && cp <= 65039))
		return 0
	if ((cp >= 4352 && cp <= 4447) || (cp >= 11904 && cp <= 42191) ||
	    (cp >= 44032 && cp <= 55203) || (cp >= 63744 && cp <= 64255) ||
	    (cp >= 65040 && cp <= 65049) || (cp >= 65072 && cp <= 65135) ||
	    (cp >= 65280 && cp <= 65376) || (cp >= 65504 && cp <= 65510) ||
	    (cp >= 127744 && cp <= 129791) || (cp >= 131072 && cp <= 262141))
		return 2
	return 1
}

function put(s, w,    f, b, t) {
	if (w == 0) {
		if (col > 0)
			cell[row, col - 1] = cell[row, col - 1] s
		return
	}
	if (col >= cols)
		return
	f = color(fg, deffg); b = color(bg, defbg)
	if (rev) { t = f; f = b; b = t }
	cell[row, col] = s; cfg[row, col] = f; cbg[row, col] = b
	cw2[row, col] = w
	cst[row, col] = (bold ? "b" : "") (dim ? "d" : "") (ital ? "i" : "") \
	    (und ? "u" : "")
	col++
	if (w == 2 && col < cols) {
		cell[row, col] = ""; cfg[row, col] = f; cbg[row, col] = b
		cw2[row, col] = 0; cst[row, col] = ""
		col++
	}
}

{
	line = $0
	col = 0
	n = length(line)
	i = 1
	while (i <= n) {
		c = substr(line, i, 1)
		o = ord[c]
		if (o == 27) {
			c2 = substr(line, i + 1, 1)
			if (c2 == "[") {
				j = i + 2
				while (j <= n && (ord[substr(line, j, 1)] < 64 ||
				    ord[substr(line, j, 1)] > 126))
					j++
				if (substr(line, j, 1) == "m")
					sgr(substr(line, i + 2, j - i - 2))
				i = j + 1
			} else if (c2 == "]") {	# OSC: to BEL or ESC \
				j = i + 2
				while (j <= n && ord[substr(line, j, 1)] != 7 &&
				    substr(line, j, 2) != "\033\\")
					j++
				i = j + (ord[substr(line, j, 1)] == 7 ? 1 : 2)
			} else {
				i += 2
			}
			continue
		}
		if (o < 32 || o == 127) {	# no control reaches the SVG
			i++
			continue
		}
		if (o < 128) {
			put(c, 1)
			i++
			continue
		}
		# UTF-8: the lead byte says how many bytes follow
		if (o >= 240) { k = 3; cp = o - 240 }
		else if (o >= 224) { k = 2; cp = o - 224 }
		else if (o >= 192) { k = 1; cp = o - 192 }
		else { put("\357\277\275", 1); i++; continue }
		s = c
		for (m = 1; m <= k; m++) {
			b = ord[substr(line, i + m, 1)]
			if (b < 128 || b >= 192)
				break
			cp = cp * 64 + b - 128
			s = s substr(line, i + m, 1)
		}
		if (m <= k) { put("\357\277\275", 1); i += m; continue }
		put(s, cpwidth(cp))
		i += k + 1
	}
	row++
}

function esc(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	return s
}

function X(c) { return sprintf("%.2f", pad + c * cw) }
function Y(r) { return pad + r * chh }

# A character that is drawn in a cell of its own, not as part of a word:
# symbols and wide characters, which fonts often take from elsewhere.
function alone(s) {
	return length(s) > 1 && s >= "\342\206\220"
}

function textel(r, c, w, s, st, f,    a) {
	a = "<text x=\"" X(c) "\" y=\"" (Y(r) + base) "\" fill=\"" f "\""
	if (st ~ /b/) a = a " font-weight=\"bold\""
	if (st ~ /i/) a = a " font-style=\"italic\""
	if (st ~ /d/) a = a " fill-opacity=\"0.6\""
	if (st ~ /u/) a = a " text-decoration=\"underline\""
	a = a " textLength=\"" sprintf("%.2f", w * cw) "\" lengthAdjust=\"spacingAndGlyphs\">"
	print a esc(s) "</text>"
}

END {
	if (rows == "" || rows < row)
		rows = row
	W = 2 * pad + cols * cw; H = 2 * pad + rows * chh
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%d\" viewBox=\"0 0 %.2f %d\">\n", W, H, W, H
	printf "<rect width=\"100%%\" height=\"100%%\" rx=\"6\" fill=\"%s\"/>\n", defbg
	print "<g font-family=\"" font "\" font-size=\"" fs "\">"
	# backgrounds: runs of one colour
	for (r = 0; r < rows; r++) {
		c = 0
		while (c < cols) {
			b = ((r, c) in cbg) ? cbg[r, c] : defbg
			e = c + 1
			while (e < cols && (((r, e) in cbg) ? cbg[r, e] : defbg) == b)
				e++
			if (b != defbg)
				printf "<rect x=\"%s\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>\n", X(c), Y(r), (e - c) * cw + 0.3, chh, b
			c = e
		}
	}
	# text: words of one style, each placed at its own cell
	for (r = 0; r < rows; r++) {
		c = 0
		while (c < cols) {
			s = ((r, c) in cell) ? cell[r, c] : " "
			if (s == " " || s == "") { c++; continue }
			f = cfg[r, c]; st = cst[r, c]
			if (s == "\342\224\202" || s == "\342\224\200") {	# box lines
				if (s == "\342\224\202")
					printf "<rect x=\"%.2f\" y=\"%d\" width=\"1\" height=\"%d\" fill=\"%s\"/>\n", pad + (c + 0.5) * cw - 0.5, Y(r), chh, f
				else
					printf "<rect x=\"%s\" y=\"%.1f\" width=\"%.2f\" height=\"1\" fill=\"%s\"/>\n", X(c), Y(r) + chh / 2 - 0.5, cw, f
				c++
				continue
			}
			if (alone(s) || cw2[r, c] == 2) {
				textel(r, c, cw2[r, c], s, st, f)
				c += cw2[r, c]
				continue
			}
			e = c; t = ""
			while (e < cols && ((r, e) in cell) && cell[r, e] != " " &&
			    cell[r, e] != "" && cfg[r, e] == f && cst[r, e] == st &&
			    cw2[r, e] == 1 && !alone(cell[r, e]) &&
			    cell[r, e] != "\342\224\202") {
				t = t cell[r, e]
				e++
			}
			textel(r, c, e - c, t, st, f)
			c = e
		}
	}
	print "</g>"
	print "</svg>"
}'
}

if [ "${1:-}" = "--svg" ]; then
	[ $# -eq 3 ] || die "usage: $prog --svg COLS ROWS < capture > svg"
	ansi2svg "$2" "$3"
	exit 0
fi
[ $# -eq 0 ] || die "usage: $prog   (or: $prog --svg COLS ROWS)"

# ---- driving the program --------------------------------------------------

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
: "${DOSSIER:=./dossier}"
case $DOSSIER in /*) ;; *) DOSSIER=$(pwd)/$DOSSIER ;; esac
: "${OUTDIR:=$here}"
[ -x "$DOSSIER" ] || die "$DOSSIER: no such program (build it, or set DOSSIER)"
command -v tmux >/dev/null 2>&1 || die "tmux is needed (apt-get install tmux)"
[ -d "$top/articles" ] || die "$top/articles: the bundled articles are missing"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dossier-shots.XXXXXX")
unset TMUX

t() {
	tmux -S "$scratch/tmux" -f /dev/null "$@"
}

cleanup() {
	t kill-server >/dev/null 2>&1 || true
	rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

quote() {	# a word for sh, in single quotes
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

mkdir "$scratch/home" "$scratch/config"
# env -i: nothing of the caller's (NO_COLOR, DOSSIER_*, a config) leaks in
cat > "$scratch/run.sh" <<EOF
#!/bin/sh
exec env -i PATH=$(quote "$PATH") HOME=$(quote "$scratch/home") \
    XDG_CONFIG_HOME=$(quote "$scratch/config") LC_ALL=C.UTF-8 \
    TERM=screen-256color $(quote "$DOSSIER") $(quote "$top/articles")
EOF
chmod +x "$scratch/run.sh"

screen() {
	t capture-pane -p -t s
}

# wait_for PATTERN: poll the screen (10 s at most) until grep -E finds it,
# then until it stops changing
wait_for() {
	i=0
	until screen | grep -Eq -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 200 ]; then
			screen >&2
			die "timed out waiting for: $1"
		fi
		sleep 0.05
	done
	prev=
	i=0
	while [ "$i" -lt 100 ]; do
		cur=$(screen)
		[ "$cur" = "$prev" ] && break
		prev=$cur
		sleep 0.1
		i=$((i + 1))
	done
}

shoot() {	# shoot NAME: the screen, with colours, as $OUTDIR/NAME.svg
	t capture-pane -e -p -N -t s > "$scratch/$1.ansi"
	ansi2svg "$COLS" "$ROWS" < "$scratch/$1.ansi" > "$scratch/$1.svg"
	mv "$scratch/$1.svg" "$OUTDIR/$1.svg"
	echo "$prog: wrote $OUTDIR/$1.svg"
}

t new-session -d -s s -x "$COLS" -y "$ROWS" "$scratch/run.sh"
t set-option -t s remain-on-exit on >/dev/null 2>&1 || true

# (a) the start screen: the list and the first article
wait_for ' [0-9]+/[0-9]+ .* [0-9]+%'
shoot screenshot-reader

# (b) a search as you type, every match highlighted, the count shown
t send-keys -t s /
t send-keys -t s -l oekraine
wait_for ' [0-9]+ match(es)? in [0-9]+ articles? *$'
shoot screenshot-search

t send-keys -t s Escape q
