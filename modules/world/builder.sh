# world's builder: runs a target's command in a writable copy of its project's sources.
# Test targets keep their output in $out/log, and fail the derivation when the tests fail,
# so a failing test is never cached.
export HOME="$TMPDIR/home"
mkdir -p "$HOME" "$TMPDIR/deps"
cp -R "$src" "$TMPDIR/src"
chmod -R u+w "$TMPDIR/src"
while IFS="=" read -r key path || [ -n "$key" ]; do
  [ -n "$key" ] || continue
  mkdir -p "$TMPDIR/deps/${key%/*}"
  ln -s "$path" "$TMPDIR/deps/$key"
done < "$worldLinksPath"
export WORLD_DEPS="$TMPDIR/deps"
cd "$TMPDIR/src"
if [ "$worldKind" = test ]; then
  mkdir -p "$out"
  status=0
  sh -e "$worldCommandPath" > "$out/log" 2>&1 || status=$?
  cat "$out/log"
  if [ "$status" -ne 0 ]; then
    echo "world: tests failed (exit $status)"
    exit "$status"
  fi
else
  sh -e "$worldCommandPath"
fi
# The last line of every log: Nix ends a build's activity only when nothing waits for it any
# more, so world takes a target's end time from this line instead.
echo "world: target finished"
