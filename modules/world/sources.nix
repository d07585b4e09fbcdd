# sources.nix — what a target reads of its project.
#
# A target sees its project's whole source tree (`<project>-src`) unless it names the
# files it reads with `sources`: then it gets a store path of its own,
# `<project>-<target>-src`, holding just the files those globs match. A change to any
# other file of the project (a README, another target's tests) leaves the target's
# derivation — and so its cached output — exactly as it was, and `--precise` reports it
# unaffected.
#
# Globs mean what they mean everywhere in world (packages/core/src/glob.ts, and the
# glob-agreement test holds the two to it): paths are relative to the project, `*` and `?`
# stay within a path segment (`?` is one character, however many bytes it has), `**` spans
# segments, `{a,b}` alternates, and a pattern that names a directory (`src`, `src/`) also
# matches everything below it.
#
# Matching follows glob.ts step for step, and for the same reason: no backtracking. A
# pattern compiles to a program (Thompson's construction: one instruction per literal, `?`,
# `*` or `**`, three for `**` followed by `/`, a fork per group, a jump per alternative, a
# final match), and a path is read once while the set of instructions it can have reached is
# kept, its ε-closure taken by builtins.genericClosure. That costs O(n·m) for a path of n
# characters and a pattern of m — `*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long name included,
# which made builtins.match (a backtracking std::regex) run for ever. Both sides remember
# the steps between the sets they meet (a DFA): glob.ts builds it lazily, as paths are read;
# Nix, which cannot update a table as it goes, builds it up front when it is small (see
# `tabled`). Remembering a step changes no answer.
#
#   targetSource { src = "/nix/store/…-app-src"; name = "app-build-src"; globs = [ "src/**" "Makefile" ]; }
{ lib }:
let
  inherit (builtins) any attrNames concatMap concatStringsSep elem elemAt filter foldl' fromJSON genericClosure genList length listToAttrs readDir replaceStrings stringLength substring;

  maxGlobLength = 1024;
  maxSets = 64;
  maxLetters = 32;

  # UTF-8 continuation bytes (0x80 to 0xBF): the second bytes of U+0080 to U+00BF.
  hexDigits = [ "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "a" "b" "c" "d" "e" "f" ];
  continuationBytes = concatMap (hi: map (lo: substring 1 1 (fromJSON ''"\u00${hi}${lo}"'')) hexDigits) [ "8" "9" "a" "b" ];
  continuation = listToAttrs (map (b: { name = b; value = true; }) continuationBytes);
  noContinuation = map (b: "") continuationBytes;

  # A string's characters (code points), each as the string of its bytes. Without multi-byte
  # characters (checked natively by replaceStrings), they are its bytes.
  characters = s:
    let
      n = stringLength s;
      starts = filter (i: i == 0 || !(continuation ? ${substring i 1 s})) (genList (i: i) n);
      count = length starts;
      bound = k: if k == count then n else elemAt starts k;
    in
    if stringLength (replaceStrings continuationBytes noContinuation s) == n then genList (i: substring i 1 s) n
    else genList (k: substring (bound k) (bound (k + 1) - bound k) s) count;

  # `[ "a" "," "b" ]` → `[ [ "a" ] [ "b" ] ]`
  splitList = sep: xs:
    let
      n = length xs;
      cuts = [ (-1) ] ++ filter (j: elemAt xs j == sep) (genList (j: j) n) ++ [ n ];
    in
    genList (k: lib.sublist (elemAt cuts k + 1) (elemAt cuts (k + 1) - elemAt cuts k - 1) xs) (length cuts - 1);

  # A group `{…}` runs to the first `}` after it; without one, `{` is literal. Groups do not nest.
  tokenize = cs:
    let
      m = length cs;
      at = i: if i < m then elemAt cs i else "";
      # The first `}` at or after each index (-1: none), one list for all indices.
      close = genList (i: if elemAt cs i == "}" then i else if i + 1 < m then elemAt close (i + 1) else -1) m;
      go = i:
        if i >= m then [ ]
        else if at i == "*" && at (i + 1) == "*" && at (i + 2) == "/" then [ { kind = "anyDirs"; } ] ++ go (i + 3)
        else if at i == "*" && at (i + 1) == "*" then [ { kind = "any"; } ] ++ go (i + 2)
        else if at i == "*" then [ { kind = "star"; } ] ++ go (i + 1)
        else if at i == "?" then [ { kind = "one"; } ] ++ go (i + 1)
        else if at i == "{" && elemAt close i >= 0 then
          [ { kind = "group"; alternatives = map tokenize (splitList "," (lib.sublist (i + 1) (elemAt close i - i - 1) cs)); } ]
          ++ go (elemAt close i + 1)
        else [ { kind = "char"; c = at i; } ] ++ go (i + 1);
    in
    go 0;

  sizeOf = t:
    if t.kind == "anyDirs" then 3
    else if t.kind == "group" then foldl' (size: alternative: size + sizeOfAll alternative + 1) 1 t.alternatives
    else 1;
  sizeOfAll = foldl' (size: t: size + sizeOf t) 0;

  # The instructions of `tokens`, the first one at index `at`.
  emit = tokens: at:
    (foldl' (acc: t: { at = acc.at + sizeOf t; code = acc.code ++ emitToken t acc.at; }) { inherit at; code = [ ]; } tokens).code;
  emitToken = t: at:
    if t.kind == "anyDirs" then [ { op = "fork"; to = [ (at + 1) (at + 3) ]; } { op = "any"; } { op = "char"; c = "/"; } ]
    else if t.kind == "group" then
      let
        end = at + sizeOf t;
        placed = foldl'
          (acc: alternative: {
            at = acc.at + sizeOfAll alternative + 1;
            starts = acc.starts ++ [ acc.at ];
            code = acc.code ++ emit alternative acc.at ++ [ { op = "jump"; to = end; } ];
          })
          { at = at + 1; starts = [ ]; code = [ ]; }
          t.alternatives;
      in
      [ { op = "fork"; to = placed.starts; } ] ++ placed.code
    else if t.kind == "char" then [ { op = "char"; inherit (t) c; } ]
    else [ { op = t.kind; } ];

  trimSlashes = s: if lib.hasSuffix "/" s then trimSlashes (lib.removeSuffix "/" s) else s;

  # A glob as a function from a path (relative to the project) to whether it matches.
  globMatcher = glob:
    let
      cs = characters (trimSlashes (lib.removePrefix "./" glob));
      code = emit (tokenize cs) 0 ++ [ { op = "match"; } ];
      final = length code - 1;
      epsilon = i:
        let ins = elemAt code i; in
        if ins.op == "fork" then ins.to
        else if ins.op == "jump" then [ ins.to ]
        else if ins.op == "star" || ins.op == "any" then [ (i + 1) ]
        else [ ];
      # The instructions reachable from `from` by ε-edges, `from` included; each once, in order.
      closure = from: builtins.sort builtins.lessThan (map (x: x.key) (genericClosure {
        startSet = map (i: { key = i; }) from;
        operator = x: map (j: { key = j; }) (epsilon x.key);
      }));
      # An `any` from which `match` is reached without reading: whatever follows is accepted.
      acceptsRest = genList (i: (elemAt code i).op == "any" && elem final (closure [ i ])) (length code);
      # Literal characters every match starts with, and the instruction after them.
      start = let go = i: if (elemAt code i).op == "char" then go (i + 1) else i; in go 0;
      prefix = concatStringsSep "" (map (ins: ins.c) (lib.take start code));
      # Where the instructions of `states` go on reading character c.
      step = states: c: closure (concatMap
        (i:
          let ins = elemAt code i; in
          if ins.op == "char" then (if ins.c == c then [ (i + 1) ] else [ ])
          else if ins.op == "one" then (if c != "/" then [ (i + 1) ] else [ ])
          else if ins.op == "star" then (if c != "/" then [ i ] else [ ])
          else if ins.op == "any" then [ i ]
          else [ ])
        states);

      # Every character that is neither `/` nor a literal of the pattern moves a set as ""
      # does, so the pattern's alphabet is its literals, "/" and "". The steps between the
      # sets reachable from the start are computed once per pattern, as a table, when there
      # are at most maxSets of them over at most maxLetters letters (a DFA can be exponentially
      # larger than its automaton); otherwise each character takes its step as it is read.
      literals = listToAttrs (map (ins: { name = ins.c; value = true; }) (filter (ins: ins.op == "char") code));
      alphabet = attrNames (literals // { "/" = true; "" = true; });
      letterOf = c: if literals ? ${c} then c else if c == "/" then "/" else "";
      keyOf = states: concatStringsSep "," (map toString states);
      entry = states: { inherit states; next = listToAttrs (map (c: { name = c; value = step states c; }) alphabet); };
      explore = seen: frontier:
        if frontier == [ ] then seen
        else if length (attrNames seen) > maxSets then null
        else
          let
            found = filter (states: !(seen ? ${keyOf states})) (concatMap (e: builtins.attrValues e.next) frontier);
            fresh = listToAttrs (map (states: { name = keyOf states; value = entry states; }) found);
          in
          explore (seen // fresh) (builtins.attrValues fresh);
      initial = closure [ start ];
      explored = if length alphabet > maxLetters then null else explore { ${keyOf initial} = entry initial; } [ (entry initial) ];
      facts = states: { dead = states == [ ]; rest = any (i: elemAt acceptsRest i) states; final = elem final states; };
      tabled = builtins.mapAttrs (key: e: let to = builtins.mapAttrs (c: states: tabled.${keyOf states}) e.next; in facts e.states // { next = c: to.${c}; }) explored;
      stepped = states: facts states // { next = c: stepped (step states c); };
      read = node: c:
        if builtins.isBool node then node
        else if node.dead then false
        else if node.rest then true
        # The pattern matched a directory: everything below it matches.
        else if c == "/" && node.final then true
        else node.next (letterOf c);
    in
    if length (characters glob) > maxGlobLength then throw "world: the sources pattern ${builtins.toJSON (substring 0 60 glob)}... is ${toString (length (characters glob))} characters long; patterns may have at most ${toString maxGlobLength}"
    else
      path:
        lib.hasPrefix prefix path
        && (
          let end = foldl' read (if explored == null then stepped initial else tabled.${keyOf initial}) (characters (substring (stringLength prefix) (stringLength path) path)); in
          if builtins.isBool end then end else end.final
        );

  # Every file (or symlink) below `dir`, relative to it.
  filesOf = dir: prefix:
    let entries = readDir dir; in
    concatMap
      (name: if entries.${name} == "directory" then filesOf "${dir}/${name}" "${prefix}${name}/" else [ "${prefix}${name}" ])
      (attrNames entries);

  # "a/b/c.txt" → [ "a" "a/b" ]
  parentDirs = rel:
    let parts = lib.splitString "/" rel; in
    builtins.genList (i: concatStringsSep "/" (lib.take (i + 1) parts)) (builtins.length parts - 1);

  setOf = names: listToAttrs (map (name: { inherit name; value = true; }) names);

  targetSource = { src, name, globs }:
    let
      matchers = map globMatcher globs;
      wanted = filter (rel: any (matches: matches rel) matchers) (filesOf src "");
      files = setOf wanted;
      dirs = setOf (concatMap parentDirs wanted);
      root = toString src;
    in
    builtins.path {
      path = src;
      inherit name;
      filter = path: type:
        let rel = substring (stringLength root + 1) (stringLength path) path; in
        if type == "directory" then dirs ? ${rel} else files ? ${rel};
    };
in
{
  inherit globMatcher targetSource;
}
