# lib-cases.nix — test cases for world's Nix lib (modules/lib), run by run-lib-tests.sh.
#
# A function of the lib under test, so the same cases can run against nixpkgs'
# lib (WORLD_NIX_LIB=/path/to/nixpkgs/lib). Each case is either
#   { name; expr; expected; }   expr must evaluate (deeply) to expected, or
#   { name; expr; throws; }     evaluating expr must fail, and the error output must
#                               contain every string in `throws` (a string or a list;
#                               a nested list means "any one of these").
# Expected values follow nixpkgs' semantics, including its order of list
# definitions: modules are merged in reverse order, so later modules' list
# items come first.
{ lib }:
let
  inherit (lib) mkOption types mkIf mkMerge mkDefault mkForce mkOverride mkBefore mkAfter mkOrder;

  eval = modules: (lib.evalModules { inherit modules; }).config;
  opt = type: mkOption { inherit type; };
  optD = type: default: mkOption { inherit type default; };
  # One option `x` of the given type, plus definition modules.
  evalX = type: defs: (eval ([ { options.x = opt type; } ] ++ defs)).x;

  fixture = name: ./fixtures + "/${name}";
  file = name: toString (fixture name);
in
[
  # --- types -----------------------------------------------------------------
  { name = "type-bool"; expr = evalX types.bool [ { x = true; } ]; expected = true; }
  { name = "type-bool-equal-definitions"; expr = evalX types.bool [ { x = true; } { x = true; } ]; expected = true; }
  { name = "type-int"; expr = evalX types.int [ { x = 42; } ]; expected = 42; }
  { name = "type-str"; expr = evalX types.str [ { x = "hello"; } ]; expected = "hello"; }
  { name = "type-str-equal-definitions"; expr = evalX types.str [ { x = "a"; } { x = "a"; } ]; expected = "a"; }
  { name = "type-lines-joins"; expr = evalX types.lines [ { x = "one"; } { x = "two"; } ]; expected = "two\none"; }
  { name = "type-path-accepts";
    expr = map toString [ (evalX types.path [ { x = ./lib-cases.nix; } ]) (evalX types.path [ { x = "/etc/hosts"; } ]) ];
    expected = [ (toString ./lib-cases.nix) "/etc/hosts" ]; }
  { name = "type-path-rejects-relative"; expr = evalX types.path [ { x = "etc/hosts"; } ]; throws = "is not of type"; }
  { name = "type-package-accepts-derivation";
    expr = (evalX types.package [ { x = { type = "derivation"; name = "hello"; outPath = "/nix/store/00000000000000000000000000000000-hello"; }; } ]).name;
    expected = "hello"; }
  { name = "type-package-check";
    expr = map types.package.check [ "${builtins.storeDir}/00000000000000000000000000000000-hello" "/usr/bin/hello" "hello" { type = "derivation"; } ];
    expected = [ true false false true ]; }
  { name = "type-package-rejects-string"; expr = evalX types.package [ { x = "hello"; } ]; throws = "is not of type `package'"; }
  { name = "type-attrs-shallow-merge";
    expr = evalX types.attrs [ { x.a.one = 1; } { x = { a.two = 2; b = 3; }; } ];
    expected = { a.one = 1; b = 3; }; }
  { name = "type-listOf-concatenates"; expr = evalX (types.listOf types.int) [ { x = [ 1 2 ]; } { x = [ 3 ]; } ]; expected = [ 3 1 2 ]; }
  { name = "type-listOf-element-check"; expr = evalX (types.listOf types.int) [ { x = [ 1 "two" ]; } ]; throws = "is not of type `signed integer'"; }
  { name = "type-listOf-mkIf-element"; expr = evalX (types.listOf types.int) [ { x = [ (mkIf false 1) 2 (mkIf true 3) ]; } ]; expected = [ 2 3 ]; }
  { name = "type-nonEmptyListOf"; expr = evalX (types.nonEmptyListOf types.str) [ { x = [ "a" ]; } ]; expected = [ "a" ]; }
  { name = "type-nonEmptyListOf-rejects-empty"; expr = evalX (types.nonEmptyListOf types.str) [ { x = [ ]; } ]; throws = "is not of type"; }
  { name = "type-attrsOf-merges-per-key";
    expr = evalX (types.attrsOf types.int) [ { x.a = 1; } { x.b = 2; } { x = { c = 3; }; } ];
    expected = { a = 1; b = 2; c = 3; }; }
  { name = "type-attrsOf-conflict"; expr = evalX (types.attrsOf types.int) [ { x.a = 1; } { x.a = 2; } ]; throws = [ "The option `x.a' has conflicting definition values" ]; }
  { name = "type-lazyAttrsOf"; expr = (evalX (types.lazyAttrsOf types.int) [ { x.a = 1; x.b = throw "lazy"; } ]).a; expected = 1; }
  { name = "type-nullOr";
    expr = [ (evalX (types.nullOr types.str) [ { x = null; } ]) (evalX (types.nullOr types.str) [ { x = "s"; } ]) ];
    expected = [ null "s" ]; }
  { name = "type-nullOr-rejects"; expr = evalX (types.nullOr types.str) [ { x = 1; } ]; throws = "is not of type `null or string'"; }
  { name = "type-enum"; expr = evalX (types.enum [ "a" "b" ]) [ { x = "b"; } ]; expected = "b"; }
  { name = "type-enum-rejects"; expr = evalX (types.enum [ "a" "b" ]) [ { x = "c"; } ]; throws = "is not of type `one of \"a\", \"b\"'"; }
  { name = "type-either";
    expr = [ (evalX (types.either types.int types.str) [ { x = 1; } ]) (evalX (types.either types.int types.str) [ { x = "s"; } ]) ];
    expected = [ 1 "s" ]; }
  { name = "type-either-rejects"; expr = evalX (types.either types.int types.str) [ { x = true; } ]; throws = "is not of type `signed integer or string'"; }
  { name = "type-oneOf"; expr = evalX (types.oneOf [ types.int types.str types.bool ]) [ { x = false; } ]; expected = false; }
  { name = "type-anything-merges-sets";
    expr = evalX types.anything [ { x.a.b = 1; x.c = "s"; } { x.a.d = [ 1 ]; x.c = "s"; } ];
    expected = { a = { b = 1; d = [ 1 ]; }; c = "s"; }; }
  { name = "type-anything-conflict"; expr = evalX types.anything [ { x.a = 1; } { x.a = 2; } ]; throws = "conflicting definition values"; }
  { name = "type-unspecified-and-raw";
    expr = [ (evalX types.unspecified [ { x = [ 1 ]; } { x = [ 2 ]; } ]) (evalX types.raw [ { x = { a = 1; }; } ]) ];
    expected = [ [ 2 1 ] { a = 1; } ]; }
  { name = "type-raw-unique"; expr = evalX types.raw [ { x = 1; } { x = 2; } ]; throws = "defined multiple times"; }
  { name = "type-functionTo";
    expr = (evalX (types.functionTo (types.listOf types.str)) [ { x = a: [ a ]; } { x = a: [ "${a}!" ]; } ]) "hi";
    expected = [ "hi!" "hi" ]; }
  { name = "type-submodule";
    expr = evalX (types.submodule { options.a = optD types.int 1; options.b = opt types.str; }) [ { x.b = "set"; } ];
    expected = { a = 1; b = "set"; }; }
  { name = "type-submodule-function-definition";
    expr = evalX (types.submodule { options.a = optD types.int 1; options.b = opt types.int; })
      [ { x = { config, ... }: { b = config.a + 1; }; } ];
    expected = { a = 1; b = 2; }; }
  { name = "type-listOf-submodule";
    expr = evalX (types.listOf (types.submodule { options.n = opt types.int; })) [ { x = [ { n = 1; } { n = 2; } ]; } ];
    expected = [ { n = 1; } { n = 2; } ]; }
  { name = "type-str-conflict"; expr = evalX types.str [ { x = "a"; } { x = "b"; } ]; throws = "conflicting definition values"; }

  # --- properties --------------------------------------------------------------
  { name = "mkIf"; expr = evalX types.int [ { x = mkIf true 1; } { x = mkIf false 2; } ]; expected = 1; }
  { name = "mkIf-whole-config";
    expr = eval [ { options.a = optD types.int 0; options.b = optD types.int 0; } { config = mkIf true { a = 1; b = 2; }; } { config = mkIf false { a = 9; }; } ];
    expected = { a = 1; b = 2; }; }
  { name = "mkIf-non-boolean"; expr = evalX types.int [ { x = mkIf "yes" 1; } ]; throws = "non-Boolean condition"; }
  { name = "mkMerge";
    expr = evalX (types.listOf types.int) [ { x = mkMerge [ [ 1 ] (mkIf false [ 2 ]) (mkMerge [ [ 3 ] ]) ]; } ];
    expected = [ 1 3 ]; }
  { name = "mkMerge-config";
    expr = eval [ { options.a = optD types.int 0; options.b = optD types.int 0; } { config = mkMerge [ { a = 1; } (mkIf true { b = 2; }) ]; } ];
    expected = { a = 1; b = 2; }; }
  { name = "mkDefault-loses-to-plain"; expr = evalX types.int [ { x = mkDefault 1; } { x = 2; } ]; expected = 2; }
  { name = "mkDefault-beats-option-default"; expr = (eval [ { options.x = optD types.int 1; } { x = mkDefault 2; } ]).x; expected = 2; }
  { name = "option-default"; expr = (eval [ { options.x = optD types.int 1; } ]).x; expected = 1; }
  { name = "mkForce-beats-plain"; expr = evalX types.str [ { x = "a"; } { x = mkForce "forced"; } { x = "b"; } ]; expected = "forced"; }
  { name = "mkOverride-custom"; expr = evalX types.int [ { x = mkForce 1; } { x = mkOverride 10 2; } ]; expected = 2; }
  { name = "mkForce-on-set-pushed-down";
    expr = eval [ { options.a = optD types.int 0; options.b = optD types.int 0; } { a = 1; b = 1; } { config = mkForce { a = 5; }; } ];
    expected = { a = 5; b = 1; }; }
  { name = "priority-list-definitions";
    expr = evalX (types.listOf types.int) [ { x = [ 1 ]; } { x = mkDefault [ 2 ]; } { x = [ 3 ]; } ];
    expected = [ 3 1 ]; }
  { name = "highestPrio";
    expr = let o = (lib.evalModules { modules = [ { options.x = optD types.int 1; } { x = mkDefault 2; } ]; }).options.x; in [ o.highestPrio o.isDefined ];
    expected = [ 1000 true ]; }
  { name = "mkBefore-mkAfter";
    expr = evalX (types.listOf types.int) [ { x = mkAfter [ 9 ]; } { x = [ 5 ]; } { x = mkBefore [ 1 ]; } ];
    expected = [ 1 5 9 ]; }
  { name = "mkOrder-lines";
    expr = evalX types.lines [ { x = mkOrder 2000 "last"; } { x = "middle"; } { x = mkOrder 100 "first"; } ];
    expected = "first\nmiddle\nlast"; }
  { name = "mkIf-inside-attrsOf";
    expr = evalX (types.attrsOf types.int) [ { x.a = mkIf false 1; x.b = mkIf true 2; } { x = mkIf false { c = 3; }; } ];
    expected = { b = 2; }; }

  # --- modules -----------------------------------------------------------------
  { name = "shorthand-module";
    expr = eval [ { options.a = opt types.int; } { a = 1; } ];
    expected = { a = 1; }; }
  { name = "imports-dedupe-by-path";
    expr = eval [ (fixture "base.nix") (fixture "other.nix") { name = "x"; } ];
    expected = { name = "x"; items = [ "common" "other" ]; }; }
  { name = "imports-inline-and-functions";
    expr = eval [ { imports = [ { options.a = opt types.int; } ({ lib, ... }: { a = 1; }) ]; } ];
    expected = { a = 1; }; }
  { name = "imports-same-path-twice-at-top";
    expr = (eval [ (fixture "base.nix") (fixture "base.nix") { name = "x"; } ]).items;
    expected = [ "common" ]; }
  { name = "module-args";
    expr = eval [ (fixture "base.nix") (fixture "args.nix") { name = "n"; _module.args.greeting = "hello"; } ];
    expected = { name = "n"; items = [ "common" "hello" ]; }; }
  { name = "module-args-standard";
    expr = eval [ ({ config, options, lib, ... }: { options.a = lib.mkOption { type = lib.types.bool; }; config.a = options ? a && config ? a; }) ];
    expected = { a = true; }; }
  { name = "specialArgs";
    expr = (lib.evalModules {
      specialArgs = { greeting = "special"; extra = fixture "args.nix"; };
      modules = [ (fixture "base.nix") ({ extra, ... }: { imports = [ extra ]; name = "s"; }) ];
    }).config.items;
    expected = [ "special" "common" ]; }
  { name = "config-fixpoint";
    expr = eval [
      ({ config, ... }: { options.a = optD types.int 1; options.b = optD types.int (config.a * 10); options.c = optD types.str "b is ${toString config.b}"; })
      { a = 4; }
    ];
    expected = { a = 4; b = 40; c = "b is 40"; }; }
  { name = "attrsOf-submodule-name";
    expr = (eval [ (fixture "service.nix") { services.web = { }; services.db.port = 5432; } ]).services;
    expected = { db = { label = "svc-db"; port = 5432; }; web = { label = "svc-web"; port = 80; }; }; }
  { name = "submodule-options-declared-twice";
    expr = (eval [ (fixture "service.nix") (fixture "service-extra.nix") { services.web = { }; services.db.port = 5432; } ]).services;
    expected = {
      db = { label = "svc-db"; port = 5432; public = false; };
      web = { label = "svc-web"; port = 80; public = true; };
    }; }
  { name = "submodule-sub-options-from-other-module";
    expr = (eval [
      { options.nested = mkOption { type = types.submodule { options.a = optD types.int 1; }; default = { }; }; }
      { options.nested.b = optD types.int 2; }
      { options.nested.deeper = mkOption { type = types.submodule { options.c = optD types.str "c"; }; default = { }; }; }
      { options.nested.deeper = mkOption { type = types.submodule { options.d = optD types.bool true; }; }; }
      { nested.deeper.c = "set"; }
    ]).nested;
    expected = { a = 1; b = 2; deeper = { c = "set"; d = true; }; }; }
  { name = "namespaced-options";
    expr = eval [ { options.a.b.c = optD types.int 1; options.a.d = optD types.str "d"; } { a.b.c = 2; } ];
    expected = { a = { b = { c = 2; }; d = "d"; }; }; }
  { name = "enum-declarations-merge";
    expr = eval [ { options.e = opt (types.enum [ "a" ]); } { options.e = opt (types.enum [ "b" ]); } { e = "b"; } ];
    expected = { e = "b"; }; }
  { name = "option-apply"; expr = (eval [ { options.x = mkOption { type = types.int; apply = v: v * 2; }; } { x = 21; } ]).x; expected = 42; }
  { name = "mkEnableOption";
    expr = let r = lib.evalModules { modules = [ { options.feature.enable = lib.mkEnableOption "the feature"; } ]; };
      in [ r.config.feature.enable r.options.feature.enable.description ];
    expected = [ false "Whether to enable the feature." ]; }
  { name = "options-introspection";
    expr = let o = (lib.evalModules { modules = [ (fixture "port.nix") { _file = "/def.nix"; port = 1; } ]; }).options.port;
      in { inherit (o) files declarations isDefined definitions; type = o.type.name; };
    expected = { files = [ "/def.nix" ]; declarations = [ (file "port.nix") ]; isDefined = true; definitions = [ 1 ]; type = "int"; }; }
  { name = "freeformType";
    expr = eval [ { freeformType = types.attrsOf types.str; options.known = optD types.int 1; } { other = "free"; } ];
    expected = { known = 1; other = "free"; }; }
  { name = "module-check-off";
    expr = eval [ { options.a = optD types.int 1; } { _module.check = false; whatever = 1; } ];
    expected = { a = 1; }; }
  { name = "disabledModules";
    expr = eval [ (fixture "base.nix") (fixture "other.nix") { disabledModules = [ (fixture "other.nix") ]; name = "d"; } ];
    expected = { name = "d"; items = [ "common" ]; }; }
  { name = "key-dedupes-inline-modules";
    expr = evalX (types.listOf types.int) [ { key = "same"; x = [ 1 ]; } { key = "same"; x = [ 1 ]; } ];
    expected = [ 1 ]; }
  { name = "extendModules";
    expr = let base = lib.evalModules { modules = [ { options.a = optD types.int 1; } ]; }; in (base.extendModules { modules = [ { a = 2; } ]; }).config.a;
    expected = 2; }

  # --- errors --------------------------------------------------------------------
  { name = "error-undeclared-option";
    expr = eval [ (fixture "port.nix") (fixture "undeclared.nix") ];
    throws = [ "The option `nope' does not exist. Definition values:" "- In `${file "undeclared.nix"}'" ]; }
  { name = "error-undeclared-nested-option";
    expr = eval [ { options.a.b = optD types.int 1; } { _file = "/x/y.nix"; a.c = 1; } ];
    throws = [ "The option `a.c' does not exist" "/x/y.nix" ]; }
  { name = "error-undeclared-in-submodule";
    expr = eval [ (fixture "service.nix") { _file = "/x/svc.nix"; services.web.prot = 1; } ];
    throws = [ "The option `services.web.prot' does not exist" "/x/svc.nix" ]; }
  { name = "error-undeclared-inline-import-names-parent-file";
    expr = eval [ (fixture "port.nix") (fixture "with-inline.nix") ];
    throws = [ "does not exist" (file "with-inline.nix") ]; }
  { name = "error-undeclared-top-level-inline";
    expr = eval [ (fixture "port.nix") { nope = 1; } ];
    throws = [ "The option `nope' does not exist" "<unknown-file>" ]; }
  { name = "error-type-mismatch";
    expr = eval [ (fixture "port.nix") (fixture "bad-port.nix") ];
    throws = [ "A definition for option `port' is not of type `signed integer'. Definition values:" "- In `${file "bad-port.nix"}': \"eighty\"" ]; }
  { name = "error-conflicting-values";
    expr = eval [ (fixture "base.nix") (fixture "conflict-a.nix") (fixture "conflict-b.nix") ];
    throws = [ "The option `name' has conflicting definition values" (file "conflict-a.nix") (file "conflict-b.nix") ]; }
  { name = "error-used-but-not-defined";
    expr = eval [ (fixture "base.nix") ];
    throws = [ [ "The option `name' is used but not defined." "The option `name' was accessed but has no value defined." ] ]; }
  { name = "error-used-but-not-defined-in-submodule";
    expr = evalX (types.submodule { options.inner = opt types.str; }) [ { x = { }; } ];
    throws = [ [ "The option `x.inner' is used but not defined." "The option `x.inner' was accessed but has no value defined." ] ]; }
  { name = "error-duplicate-declaration";
    expr = eval [ { _file = "/one.nix"; options.a = optD types.int 1; } { _file = "/two.nix"; options.a = optD types.int 2; } ];
    throws = [ "The option `a' in `/one.nix' is already declared in `/two.nix'" ]; }
  { name = "error-incompatible-declared-types";
    expr = eval [ { options.a = opt types.int; } { options.a = opt types.str; } { a = 1; } ];
    throws = "is already declared in"; }
  { name = "error-read-only";
    expr = eval [ { options.a = mkOption { type = types.int; readOnly = true; default = 1; }; } { a = 2; } ];
    throws = "is read-only"; }
  { name = "error-unsupported-attribute";
    expr = eval [ { options.a = optD types.int 1; foo = 1; } ];
    throws = "has an unsupported attribute `foo'"; }
  { name = "error-null-and-not-null";
    expr = evalX (types.nullOr types.int) [ { x = null; } { x = 1; } ];
    throws = "is defined both null and not null"; }
  { name = "error-missing-module-argument";
    expr = eval [ (fixture "base.nix") (fixture "args.nix") { name = "n"; } ];
    throws = "greeting"; }
  { name = "errors-are-catchable";
    expr = (builtins.tryEval (eval [ (fixture "port.nix") (fixture "undeclared.nix") ]).port).success;
    expected = false; }

  # --- plain helpers ----------------------------------------------------------------
  { name = "helpers-optionals";
    expr = [ (lib.optional true 1) (lib.optional false 1) (lib.optionals true [ 1 2 ]) (lib.optionals false [ 1 ])
      (lib.optionalString true "s") (lib.optionalString false "s") (lib.optionalAttrs true { a = 1; }) (lib.optionalAttrs false { a = 1; }) ];
    expected = [ [ 1 ] [ ] [ 1 2 ] [ ] "s" "" { a = 1; } { } ]; }
  { name = "helpers-strings";
    expr = [ (lib.concatStringsSep "," [ "a" "b" ]) (lib.concatMapStringsSep "-" (x: "<${x}>") [ "a" "b" ])
      (lib.hasPrefix "foo" "foobar") (lib.hasPrefix "bar" "foobar") (lib.removePrefix "foo" "foobar") (lib.removePrefix "x" "foobar") ];
    expected = [ "a,b" "<a>-<b>" true false "bar" "foobar" ]; }
  { name = "helpers-shell-escaping";
    expr = [ (lib.escapeShellArg "a b") (lib.escapeShellArg "it's") (lib.escapeShellArgs [ "x y" "$HOME" ]) ];
    expected = [ "'a b'" "'it'\\''s'" "'x y' '$HOME'" ]; }
  { name = "helpers-makeBinPath";
    expr = lib.makeBinPath [ "/usr" { bin = "/pkg-bin"; out = "/pkg"; } { out = "/only-out"; } ];
    expected = "/usr/bin:/pkg-bin/bin:/only-out/bin"; }
  { name = "helpers-attrsets";
    expr = let s = { a = 1; b = 2; c = 3; }; in [
      (lib.mapAttrs (n: v: v * 10) s)
      (lib.mapAttrsToList (n: v: "${n}=${toString v}") s)
      (lib.attrNames s)
      (lib.filterAttrs (n: v: v != 2) s)
      (lib.genAttrs [ "x" "y" ] (n: n + n))
      (lib.recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 3; }; e = 4; })
      (lib.foldl' (acc: x: acc + x) 0 [ 1 2 3 ])
    ];
    expected = [
      { a = 10; b = 20; c = 30; }
      [ "a=1" "b=2" "c=3" ]
      [ "a" "b" "c" ]
      { a = 1; c = 3; }
      { x = "xx"; y = "yy"; }
      { a = { b = 3; c = 2; }; d = 1; e = 4; }
      6
    ]; }
]
