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
# stay within a path segment, `**` spans segments, `{a,b}` alternates, and a pattern that
# names a directory (`src`, `src/`) also matches everything below it.
#
#   targetSource { src = "/nix/store/…-app-src"; name = "app-build-src"; globs = [ "src/**" "Makefile" ]; }
{ lib }:
let
  inherit (builtins) attrNames concatMap concatStringsSep elem filter isString listToAttrs match readDir split stringLength substring;

  # ERE characters that stand for themselves only when escaped (`]` and `}` do by themselves,
  # and escaping them is an error to the regex engine Nix uses).
  special = [ "." "+" "^" "$" "(" ")" "|" "[" "\\" "{" ];

  # The first index of character `c` in `s` at `i` or later, or -1.
  indexFrom = s: c: i:
    if i >= stringLength s then -1
    else if substring i 1 s == c then i
    else indexFrom s c (i + 1);

  translate = glob:
    let
      n = stringLength glob;
      go = i:
        let
          c = substring i 1 glob;
          close = indexFrom glob "}" i;
        in
        if i >= n then ""
        else if substring i 3 glob == "**/" then "(.*/)?" + go (i + 3)
        else if substring i 2 glob == "**" then ".*" + go (i + 2)
        else if c == "*" then "[^/]*" + go (i + 1)
        else if c == "?" then "[^/]" + go (i + 1)
        else if c == "{" && close >= 0 then
          "(" + concatStringsSep "|" (map translate (filter isString (split "," (substring (i + 1) (close - i - 1) glob)))) + ")" + go (close + 1)
        else (if elem c special then "\\" + c else c) + go (i + 1);
    in
    go 0;

  trimSlashes = s: if lib.hasSuffix "/" s then trimSlashes (lib.removeSuffix "/" s) else s;

  # A glob as the POSIX regular expression `builtins.match` takes (it matches whole strings).
  globRegex = glob: translate (trimSlashes (lib.removePrefix "./" glob)) + "(/.*)?";

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
      regexes = map globRegex globs;
      wanted = filter (rel: builtins.any (re: match re rel != null) regexes) (filesOf src "");
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
  inherit globRegex targetSource;
}
