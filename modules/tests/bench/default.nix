# Benchmark: `n` projects, each one evalModules of three modules (two shared
# files + one inline config, 10 options); with `targets = true` each project also
# defines three `targets.<name>` submodules.
#   time nix-instantiate --option substituters '' --eval --strict modules/tests/bench --arg n 1000
#   … --arg targets true        … --argstr libDir /path/to/nixpkgs/lib
{ n ? 1000, targets ? false, libDir ? toString ../../lib }:
let
  lib = import (/. + libDir);
  project = i: lib.evalModules {
    specialArgs = { name = "p${toString i}"; };
    modules = [
      ./project-a.nix
      ./project-b.nix
      ({
        project.name = "project-${toString i}";
        project.tags = [ "t${toString (i - 7 * (i / 7))}" ];
        build.enable = targets;
        build.script = "make -j${toString i}";
        node.entry = "src/main${toString i}.js";
        node.deps = [ "left-pad" "react" ];
      } // lib.optionalAttrs targets { targets.lint.command = "eslint ."; })
    ];
  };
in
map (i: (project i).config) (builtins.genList (i: i) n)
