# The options every project has: `targets.<name>`, what world turns into derivations.
# Modules from the library (command, node, c) set them; a project.nix may too.
{ lib, ... }:
let
  inherit (lib) mkOption types;
  target = { name, ... }: {
    options = {
      command = mkOption {
        type = types.lines;
        description = ''
          Shell commands run in a writable copy of the project's sources; they must create
          $out. Dependencies' outputs are linked under $WORLD_DEPS/<project>/<target>.
          Interpolate values with lib.escapeShellArg: they are data, not code.
        '';
      };
      kind = mkOption {
        type = types.enum [ "build" "test" "lint" "other" ];
        default = if name == "test" then "test" else if name == "lint" then "lint" else "build";
        description = "build targets run on `world build`, test targets on `world test`.";
      };
      needs = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Targets of the same project whose outputs this one uses.";
      };
      env = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "Extra environment variables for the build.";
      };
      sources = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        description = ''
          The project's files this target reads, as globs relative to the project
          (`src/**`, `Makefile`); null: all of them. The target then builds from a copy
          holding only those files (`<project>-<target>-src`), so a change to any other file
          leaves its derivation, and its cached output, as they were.
        '';
      };
    };
  };
in
{
  options.targets = mkOption {
    type = types.attrsOf (types.submodule target);
    default = { };
    description = "The project's targets; each is one derivation named <project>-<target>.";
  };
}
