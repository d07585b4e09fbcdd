# command: targets that run shell commands over the project's sources.
#
#   modules: [command]
#   config:
#     command.build: "mkdir -p $out && cp -R . $out"
#     command.test: "sh ./check.sh"
#     command.env: { GREETING: "hello" }       # data: reaches the build as environment variables
#     command.sources: { build: [src/**, Makefile], test: [src/**, tests/**] }
#                                              # what each target reads (default: every file)
#
# The command strings are the project's own scripts; values meant as data belong in
# `command.env`, which reaches the shell as variables, never as code.
{ lib, config, ... }:
let
  inherit (lib) mkOption mkIf mkMerge types optional;
  cfg = config.command;
in
{
  options.command = {
    build = mkOption {
      type = types.nullOr types.lines;
      default = null;
      description = "Builds the project; must create $out.";
    };
    test = mkOption {
      type = types.nullOr types.lines;
      default = null;
      description = "Runs the project's tests; a non-zero exit fails the target. $out/ holds the log.";
    };
    lint = mkOption {
      type = types.nullOr types.lines;
      default = null;
      description = "Checks the project; must create $out.";
    };
    env = mkOption {
      type = types.attrsOf types.str;
      default = { };
      description = "Environment variables for every command target.";
    };
    sources = mkOption {
      type = types.attrsOf (types.listOf types.str);
      default = { };
      description = "Per target (build, test, lint): the globs of the project files it reads; a target not named reads them all.";
    };
  };

  config.targets = mkMerge [
    (mkIf (cfg.build != null) { build = { command = cfg.build; env = cfg.env; sources = cfg.sources.build or null; }; })
    (mkIf (cfg.test != null) { test = { command = cfg.test; env = cfg.env; sources = cfg.sources.test or null; needs = optional (cfg.build != null) "build"; }; })
    (mkIf (cfg.lint != null) { lint = { command = cfg.lint; env = cfg.env; sources = cfg.sources.lint or null; }; })
  ];
}
