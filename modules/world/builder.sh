# world's builder: runs a target's command in a writable copy of its project's sources.
# Test targets keep their output in $out/log, and fail the derivation when the tests fail,
# so a failing test is never cached.
#
# Its last line tells world the target's fate the moment it is known: Nix reports a failure
# only when every other build has ended (with --keep-going), and ends a build's activity only
# when nothing waits for it any more.
#   world: target finished           the command succeeded and made $out
#   world: target failed (…)         it did not
# A failed test's JUnit XML ($out/junit.xml, which Nix then discards) is printed before it,
# base64-encoded between "world: junit begin" and "world: junit end".
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

failed() {
  echo "world: target failed ($1)"
  exit "${2:-1}"
}

status=0
if [ "$worldKind" = test ]; then
  mkdir -p "$out"
  # Streamed as it runs (and kept in $out/log); the status travels past the pipe in a file.
  echo 0 > "$TMPDIR/status"
  { sh -e "$worldCommandPath" 2>&1 || echo $? > "$TMPDIR/status"; } | tee "$out/log"
  status=$(cat "$TMPDIR/status")
  if [ "$status" -ne 0 ]; then
    echo "world: tests failed (exit $status)"
    if [ -f "$out/junit.xml" ] && command -v base64 > /dev/null; then
      echo "world: junit begin"
      base64 < "$out/junit.xml"
      echo "world: junit end"
    fi
    failed "exit $status" "$status"
  fi
else
  sh -e "$worldCommandPath" || status=$?
  [ "$status" -eq 0 ] || failed "exit $status" "$status"
fi
[ -e "$out" ] || failed 'its command did not create $out'
echo "world: target finished"
