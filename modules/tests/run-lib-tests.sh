#!/usr/bin/env bash
# run-lib-tests.sh — run modules/tests/lib-cases.nix against world's Nix lib.
#
#   modules/tests/run-lib-tests.sh                          # modules/lib
#   WORLD_NIX_LIB=/path/to/nixpkgs/lib modules/tests/run-lib-tests.sh
#
# Value cases ({ name; expr; expected; }) are evaluated together in one
# nix-instantiate, each under builtins.tryEval (if something uncatchable stops
# that run, each case is evaluated on its own instead). A failing case is
# evaluated again alone to show what it returned. Error cases
# ({ name; expr; throws; }) each get their own nix-instantiate; its stderr must
# contain every string of `throws` (a nested list: any one of them).
# Prints `ok <name>` or `FAIL <name>: …` per case, then `N passed, M failed`;
# exits 1 if any case failed. Needs only bash and nix-instantiate.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib_dir=$(cd "${WORLD_NIX_LIB:-$here/../lib}" && pwd)
cases_file=$here/lib-cases.nix
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT

nix_eval() {
  nix-instantiate --option substituters '' --eval --strict --json \
    --argstr libDir "$lib_dir" --argstr casesFile "$cases_file" "$@"
}

# Every expression below starts with this: `lib`, `cases` and `case i`.
prelude='{ libDir, casesFile, ... }@args:
  let
    lib = import (/. + libDir);
    cases = import (/. + casesFile) { inherit lib; };
    case = i: builtins.elemAt cases i;
    status = c:
      let r = builtins.tryEval (builtins.deepSeq c.expr c.expr); in
      if c ? throws then "-"
      else if !r.success then "threw"
      else if r.value == c.expected then "ok"
      else "wrong";
  in'

# "name:kind name:kind …"; names are checked to be plain words and unique.
listing=$(nix_eval -E "$prelude
  let
    names = map (c: c.name) cases;
    check = c:
      if builtins.match \"[A-Za-z0-9._+-]+\" c.name == null then throw \"bad case name: \${c.name}\"
      else if builtins.length (builtins.filter (n: n == c.name) names) > 1 then throw \"duplicate case name: \${c.name}\"
      else if !(c ? expr) || !(c ? expected || c ? throws) then throw \"malformed case: \${c.name}\"
      else \"\${c.name}:\${if c ? throws then \"throws\" else \"value\"}\";
  in builtins.concatStringsSep \" \" (map check cases)")
listing=${listing//\"/}
read -r -a entries <<<"$listing"
count=${#entries[@]}

# One status per case ("ok", "wrong", "threw", or "-" for error cases).
if batch=$(nix_eval -E "$prelude builtins.concatStringsSep \" \" (map status cases)" 2>/dev/null); then
  batch=${batch//\"/}
  read -r -a statuses <<<"$batch"
else
  statuses=()
  for ((i = 0; i < count; i++)); do
    if s=$(nix_eval -E "$prelude status (case $i)" 2>/dev/null); then
      statuses+=("${s//\"/}")
    else
      statuses+=("threw")
    fi
  done
fi

first_error() { grep -m1 -E '^error' <<<"$1" || head -n1 <<<"$1"; }

passed=0
failed=0
for ((i = 0; i < count; i++)); do
  name=${entries[$i]%%:*}
  kind=${entries[$i]##*:}
  result=""
  if [[ $kind == value ]]; then
    case ${statuses[$i]} in
      ok) ;;
      wrong)
        got=$(nix_eval -E "$prelude (case $i).expr" 2>&1) || true
        want=$(nix_eval -E "$prelude (case $i).expected" 2>&1) || true
        result="expected $want, got $got"
        ;;
      *)
        err=$(nix_eval -E "$prelude (case $i).expr" 2>&1 >/dev/null) || true
        result="threw: $(first_error "$err")"
        ;;
    esac
  else
    if out=$(nix_eval -E "$prelude (case $i).expr" 2>"$stderr_file"); then
      result="expected an error, got $out"
    else
      err=$(head -c 100000 "$stderr_file")
      # Ask Nix which expected substring is missing ("" when none is).
      missing=$(nix_eval --argstr stderr "$err" -E "$prelude
        let
          has = needle: builtins.replaceStrings [ needle ] [ \"\" ] args.stderr != args.stderr;
          ok = want: if builtins.isList want then builtins.any has want else has want;
          wants = let t = (case $i).throws; in if builtins.isList t then t else [ t ];
          missing = builtins.filter (w: !ok w) wants;
                  first = builtins.head missing;
        in if missing == [ ] then \"\" else if builtins.isList first then builtins.toJSON first else first")
      if [[ $missing != '""' ]]; then
        result="error does not mention $missing: $(first_error "$err")"
      fi
    fi
  fi
  if [[ -z $result ]]; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name: $result"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
