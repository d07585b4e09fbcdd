# options.nix — declaring options and talking about them.
#
# mkOption / mkEnableOption, the basic merge functions types are built from
# (mergeEqualOption, mergeOneOption, mergeDefaultOption), and the rendering used
# in every error message: showOption for an option path, showFiles for files,
# showDefs for "- In `file': value" lists. Names, meaning and message wording
# follow nixpkgs' lib/options.nix, so errors read the same with either lib.
{ lib }:
let
  inherit (builtins)
    length head tail all isString isInt isBool isList isAttrs isPath isFunction
    concatStringsSep foldl' elem attrNames genList elemAt filter;
  inherit (lib) escapeNixString escapeNixIdentifier splitString;

  prioritySuggestion = ''
    Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.
  '';

  # Render a value as Nix-like text for error messages; depth-limited so that
  # self-referencing values (packages, configs) cannot loop.
  pretty = indent: depth: v:
    let
      inner = indent + "  ";
      go = pretty inner (depth + 1);
      block = open: close: items:
        if items == [ ] then "${open} ${close}"
        else open + "\n" + inner + concatStringsSep ("\n" + inner) items + "\n" + indent + close;
    in
    if isString v then
      let lines = splitString "\n" v; in
      if length lines > 1
      then "''" + "\n" + inner
        + concatStringsSep ("\n" + inner) (map (builtins.replaceStrings [ "\${" "''" ] [ "''\${" "'''" ]) lines)
        + "''"
      else escapeNixString v
    else if isInt v || builtins.isFloat v || isPath v then toString v
    else if isBool v then lib.boolToString v
    else if v == null then "null"
    else if lib.isFunction v then "<function>"
    else if depth >= 10 then "<unevaluated>"
    else if isList v then block "[" "]" (map go v)
    else if lib.isDerivation v then "<derivation ${v.name or "???"}>"
    else block "{" "}" (map (n: "${escapeNixIdentifier n} = ${go v.${n}};") (attrNames v));
in
{
  # An option declaration. The formals are nixpkgs' (an unknown attribute is an error).
  mkOption =
    { default ? null, defaultText ? null, example ? null, description ? null
    , relatedPackages ? null, type ? null, apply ? null, internal ? null
    , visible ? null, readOnly ? null
    }@attrs:
    attrs // { _type = "option"; };

  mkEnableOption = name: lib.mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = lib.types.bool;
  };

  isType = type: x: (x._type or "") == type;
  setType = type: value: value // { _type = type; };
  isOption = lib.isType "option";

  literalExpression = text: { _type = "literalExpression"; inherit text; };
  literalMD = text: { _type = "literalMD"; inherit text; };

  getValues = map (d: d.value);
  getFiles = map (d: d.file);

  # `foo.bar."baz qux".<name>` — special path segments are shown as they are.
  showOption = parts: concatStringsSep "." (map (part:
    if elem part [ "<name>" "*" "<function body>" ] then part else escapeNixIdentifier part) parts);

  showFiles = files: concatStringsSep " and " (map (f: "`${toString f}'") files);

  # "\n- In `file': value" for each definition (value cut to five lines).
  showDefs = defs: concatStringsSep "" (map (def:
    let
      shown = builtins.tryEval (pretty "" 0 def.value);
      lines = splitString "\n" shown.value;
      text = concatStringsSep "\n    "
        (lib.take 5 lines ++ lib.optional (length lines > 5) "...");
      result =
        if !shown.success then ""
        else if length lines > 1 then ":\n    " + text
        else ": " + text;
    in
    "\n- In `${toString def.file}'${result}") defs);

  inherit prioritySuggestion;

  # All definitions must be equal (functions: only one definition allowed).
  mergeEqualOption = loc: defs:
    if defs == [ ] then abort "mergeEqualOption: no definitions"
    else if length defs == 1 then (head defs).value
    else (foldl' (first: def:
      if def.value != first.value then
        throw "The option `${lib.showOption loc}' has conflicting definition values:${lib.showDefs [ first def ]}\n${prioritySuggestion}"
      else first) (head defs) (tail defs)).value;

  mergeUniqueOption = { message, merge ? null }: loc: defs:
    if length defs == 1 then
      if merge == null then (head defs).value else merge loc defs
    else
      assert length defs > 1;
      throw "The option `${lib.showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${lib.showDefs defs}\n${prioritySuggestion}";

  mergeOneOption = lib.mergeUniqueOption { message = ""; };

  # The merge of `types.unspecified`: guess from the shape of the values.
  mergeDefaultOption = loc: defs:
    let list = map (d: d.value) defs; in
    if length list == 1 then head list
    else if all lib.isFunction list then x: lib.mergeDefaultOption loc (map (d: d // { value = d.value x; }) defs)
    else if all isList list then builtins.concatLists list
    else if all isAttrs list then foldl' (a: b: a // b) { } list
    else if all isBool list then foldl' (a: b: a || b) false list
    else if all isString list then concatStringsSep "" list
    else if all isInt list && all (x: x == head list) list then head list
    else throw "Cannot merge definitions of `${lib.showOption loc}'. Definition values:${lib.showDefs defs}";
}
