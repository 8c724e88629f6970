#!/bin/sh
# test_config.sh - the config file (key bindings, colours, widths,
# justification), the reading time in the list, and o (the pager).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"

# a config in a home of its own, kept for the sessions below
SAME_HOME=1
HOME="$SCRATCH/config-home"
mkdir -p "$HOME/.config/dossier"
cat > "$HOME/.config/dossier/config" <<'CONF'
# dossier config for the tests
bind x quit
bind q none
color selected red blue
color title green
frobnicate the list
max-width 40
bind ü next-article
CONF

start 100 30 "$DOSSIER" "$A"
check "config: the reader starts" wait_for '^ 1/5 '
check "config: a bad line is reported with file and line" \
    wait_for 'config:6: unknown setting'
t capture-pane -e -p -t s > "$SCRATCH/screen"
check "config: the selected row is red on blue" \
    grep -aq '\[\(1;\)\?31m.*\[44m\|\[31;44m\|\[44;31m\|\[1;31;44m' "$SCRATCH/screen"
check "config: the headline is green" grep -aq '\[32m.*Kyiv\|\[1;32m' "$SCRATCH/screen"
# the text is at most 40 columns, centred in the pane right of the list
# (the last row is left out: the long message above wraps onto it)
screen | head -n 28 | sed 's/^[^│]*│//' > "$SCRATCH/pane"
check "config: max-width 40 keeps lines within 40 columns" \
    sh -c 'test "$(sed "s/^ *//" "$1" | wc -L)" -le 40' _ "$SCRATCH/pane"
check "config: ... centred (a margin of several columns)" \
    grep -q '^       *Kyiv' "$SCRATCH/pane"
keys ü
check "config: ü (bound beyond ASCII) goes to the next article" wait_for '^ 2/5 '
keys h
check "config: ... and help lists ü for it" wait_for 'ü.*next article|next article.*ü'
keys Escape
wait_gone 'next article' >/dev/null
keys '['
wait_for '^ 1/5 ' >/dev/null	# the next start opens article 1 again
keys q
sync_ui		# q handled (or the program gone, and this fails)
check "config: q is unbound: the reader is still there" test ! -f "$STATUS"
keys x
check "config: x quits (bound to quit)" test "$(wait_exit)" = 0

# justification: lines stretched to the full width, the last of each
# paragraph left alone
printf 'justify on\nmax-width 50\n' > "$HOME/.config/dossier/config"
start 100 30 "$DOSSIER" "$A"
wait_for '^ 1/5 ' >/dev/null
keys Tab
wait_for 'Volodymyr' >/dev/null
screen | head -n 29 | sed 's/^[^│]*│ *//; s/ *$//' > "$SCRATCH/pane"
check "justify: inner lines reach the full width (50)" \
    sh -c 'test "$(grep -c "^.\{50\}$" "$1")" -ge 5' _ "$SCRATCH/pane"
check "justify: ... by widening the gaps between words" \
    grep -q '^Volodymyr  *Zelensky  *na  *afloop  *van  *de  *gesprekken$' "$SCRATCH/pane"
check "justify: a paragraph's last line is not stretched" \
    grep -qx 'akkoord over een „onmiddellijk staakt-het-vuren”.' "$SCRATCH/pane"
keys q
wait_exit >/dev/null

# the reading time and o
rm -f "$HOME/.config/dossier/config"
cat > "$SCRATCH/pager" <<PAGER
#!/bin/sh
cat > "$SCRATCH/paged"
echo paged >> "$SCRATCH/paged.done"
PAGER
chmod +x "$SCRATCH/pager"
start 130 30 env PAGER="$SCRATCH/pager" "$DOSSIER" "$A"
check "list: a reading time for each article" wait_for '^ 2  Waarom.* [0-9]+ min│'
check "list: beside the date where there is one" wait_for '2025-11-22 +[0-9]+ min│'
keys o
i=0; until [ -f "$SCRATCH/paged.done" ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
check "o: the article goes to \$PAGER" grep -q 'Oekraïne is klaar voor vrede' "$SCRATCH/paged"
check "o: ... laid out, without control characters" \
    sh -c '! LC_ALL=C grep -q "$(printf "[\001-\010\013-\037]")" "$1"' _ "$SCRATCH/paged"
check "o: the reader's screen comes back" wait_for '^ 1/5 Kyiv'
check "o: ... whole (the list too)" wait_for '^ 5  Zelensky'
keys q
check "o: then q quits normally" test "$(wait_exit)" = 0

done_testing
