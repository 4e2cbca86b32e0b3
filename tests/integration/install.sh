# make install / uninstall into a DESTDIR: the program, the man page, the
# shell completion (which loads in bash and zsh and completes commands,
# options, values and profile names), the systemd unit with this build's
# path, the demo's pages, the themes and the examples.
. "$OCRTOP_SRCDIR/tests/lib.sh"

dest="$OCRTOP_TEST_DIR/dest"
make -s -C "$OCRTOP_BUILDDIR" install DESTDIR="$dest" >"$OCRTOP_TEST_DIR/install.log" 2>&1
is "$?" 0 "make install DESTDIR=... succeeds"
prefix=$(sed -n 's/^prefix = //p' "$OCRTOP_BUILDDIR/Makefile")
root="$dest$prefix"
for f in bin/ocrtop share/man/man1/ocrtop.1 share/bash-completion/completions/ocrtop \
	share/zsh/site-functions/_ocrtop lib/systemd/system/ocrtop-worker.service \
	share/ocrtop/pages/01-memo.png share/ocrtop/themes/light.theme \
	share/doc/ocrtop/examples/config.example share/doc/ocrtop/examples/redis.conf share/doc/ocrtop/README.md; do
	ok "$([ -s "$root/$f" ] && echo 0 || echo 1)" "installs $f"
done
like "$("$root/bin/ocrtop" --version)" "^ocrtop [0-9]" "the installed program runs"
like "$(grep ExecStart "$root/lib/systemd/system/ocrtop-worker.service")" "^ExecStart=$prefix/bin/ocrtop worker" \
	"the unit runs the installed program"
like "$(cat "$root/lib/systemd/system/ocrtop-worker.service")" "Environment=OMP_THREAD_LIMIT=1" \
	"...with OMP_THREAD_LIMIT=1"
like "$(cat "$root/lib/systemd/system/ocrtop-worker.service")" "EnvironmentFile=" "...credentials from a file"

# bash: the generated completion loads and completes.
comp="$root/share/bash-completion/completions/ocrtop"
cat >"$OCRTOP_TEST_DIR/config" <<'EOF'
[prod]
url = unix:///x
[staging]
url = unix:///y
EOF
complete_with() {
	OCRTOP_CONFIG="$OCRTOP_TEST_DIR/config" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_ocrtop; printf "%s\n" "${COMPREPLY[@]}"' sh "$comp" "$@" | sort | tr '\n' ' '
}
is "$(bash -c ". '$comp' && complete -p ocrtop")" "complete -F _ocrtop ocrtop" "the bash completion loads"
is "$(complete_with ocrtop log)" "logout-all " "it completes commands"
is "$(complete_with ocrtop requeue --res)" "--reset-attempts " "...a command's options"
is "$(complete_with ocrtop -u x dashboard --theme m)" "mono " "...values after global options"
is "$(complete_with ocrtop -p '')" "prod staging " "...profile names from the config file"
is "$(complete_with ocrtop sessions pu)" "purge-idle " "...sessions purge-idle"
like "$(complete_with ocrtop worker --files-dir "$OCRTOP_SRCDIR/ben")" "bench" "...directories for --files-dir"
for c in $("$OCRTOP" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	like "$(complete_with ocrtop "$c")" "(^| )$c " "every command completes: $c"
done

# zsh: the generated function loads through compinit.
if command -v zsh >/dev/null; then
	zcomp="$root/share/zsh/site-functions/_ocrtop"
	zsh -n "$zcomp"
	is "$?" 0 "the zsh completion parses"
	out=$(HOME="$OCRTOP_TEST_DIR" zsh -fc "fpath=('${zcomp%/*}' \$fpath); autoload -U compinit; compinit -u -d '$OCRTOP_TEST_DIR/zcomp'; print -r -- \$_comps[ocrtop]")
	is "$out" "_ocrtop" "compinit registers it for ocrtop"
else
	skip "zsh is not installed (the quick start installs it): the zsh completion parses"
	skip "zsh is not installed: compinit registers it"
fi

make -s -C "$OCRTOP_BUILDDIR" uninstall DESTDIR="$dest" >>"$OCRTOP_TEST_DIR/install.log" 2>&1
is "$?" 0 "make uninstall succeeds"
is "$(find "$dest" -type f | wc -l)" 0 "...and leaves no file behind"
done_testing
