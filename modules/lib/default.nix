# world's built-in Nix library: `import ./modules/lib` is the lib.
#
# A small, self-contained module system (evalModules, mkOption, types, mkIf, …)
# plus the handful of plain helpers world's modules use. It is written for
# world, not copied from nixpkgs, but every name here has the same meaning as
# the name in nixpkgs' `lib`: a world may set `nix.lib` to a nixpkgs `lib`
# directory instead, and the same modules must evaluate to the same result.
#
# Layout (each file is `{ lib }: { … }` and sees the whole lib lazily):
#   trivial.nix   functions, booleans, numbers
#   lists.nix     list helpers
#   attrsets.nix  attribute-set helpers
#   strings.nix   string helpers, shell escaping, search paths
#   options.nix   mkOption, option rendering and basic merge functions
#   types.nix     lib.types
#   modules.nix   evalModules and the mk* properties (mkIf, mkMerge, mkOverride, mkOrder)
let
  lib =
    let
      call = file: import file { inherit lib; };
      trivial = call ./trivial.nix;
      lists = call ./lists.nix;
      attrsets = call ./attrsets.nix;
      strings = call ./strings.nix;
      options = call ./options.nix;
      types = call ./types.nix;
      modules = call ./modules.nix;
    in
    trivial // lists // attrsets // strings // options // modules // {
      inherit trivial lists attrsets strings options types modules;
    };
in
lib
