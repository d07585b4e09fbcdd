# strings.nix — string helpers (lib.concatMapStringsSep, lib.escapeShellArg, lib.makeBinPath, …).
#
# Same names and meaning as nixpkgs' lib/strings.nix, limited to what world's
# modules and this lib use. Shell escaping follows current nixpkgs: arguments made
# only of safe characters are left bare, everything else is single-quoted.
{ lib }:
let
  inherit (builtins) concatStringsSep stringLength substring replaceStrings match isString isPath;
  chars = s: builtins.genList (p: substring p 1 s) (stringLength s);
  lowerChars = chars "abcdefghijklmnopqrstuvwxyz";
  upperChars = chars "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  nixKeywords = [ "if" "then" "else" "assert" "with" "let" "in" "rec" "inherit" "or" ];
in
{
  inherit (builtins) concatStringsSep stringLength substring replaceStrings match split toString;

  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStringsSep "" (map f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  optionalString = cond: string: if cond then string else "";

  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let l = stringLength content; s = stringLength suffix; in
    l >= s && substring (l - s) s content == suffix;
  removePrefix = prefix: str:
    let p = stringLength prefix; in
    if substring 0 p str == prefix then substring p (stringLength str - p) str else str;
  removeSuffix = suffix: str:
    let s = stringLength suffix; l = stringLength str; in
    if s <= l && substring (l - s) s str == suffix then substring 0 (l - s) str else str;

  toUpper = replaceStrings lowerChars upperChars;
  toLower = replaceStrings upperChars lowerChars;

  stringToCharacters = chars;
  escape = list: replaceStrings list (map (c: "\\${c}") list);
  escapeRegex = lib.escape (lib.stringToCharacters "\\[{()^$?*+|.");
  splitString = sep: s:
    builtins.filter isString (builtins.split (lib.escapeRegex (toString sep)) (toString s));

  escapeShellArg = arg:
    let s = toString arg; in
    if match "[[:alnum:],._+:@%/-]+" s == null
    then "'${replaceStrings [ "'" ] [ "'\\''" ] s}'"
    else s;
  escapeShellArgs = lib.concatMapStringsSep " " lib.escapeShellArg;

  escapeNixString = s: lib.escape [ "$" ] (builtins.toJSON s);
  escapeNixIdentifier = s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !(builtins.elem s nixKeywords)
    then s
    else lib.escapeNixString s;

  makeSearchPath = subDir: paths:
    concatStringsSep ":" (map (path: path + "/" + subDir) (builtins.filter (x: x != null) paths));
  makeSearchPathOutput = output: subDir: pkgs: lib.makeSearchPath subDir (map (lib.getOutput output) pkgs);
  makeBinPath = lib.makeSearchPathOutput "bin" "bin";

  isStringLike = x: isString x || isPath x || x ? outPath || x ? __toString;
  # A store path itself (not a file below one), as a string, path or derivation.
  isStorePath = x:
    lib.isStringLike x
    && (let str = toString x; in substring 0 1 str == "/" && dirOf str == builtins.storeDir);
}
