# command: targets that run shell commands over the project's sources.
#
#   modules: [command]
#   config:
#     command.build: "mkdir -p $out && cp -R . $out"
#     command.test: "sh ./check.sh"
#     command.env: { GREETING: "hello" }       # data: reaches the build as environment variables
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
  };

  config.targets = mkMerge [
    (mkIf (cfg.build != null) { build = { command = cfg.build; env = cfg.env; }; })
    (mkIf (cfg.test != null) { test = { command = cfg.test; env = cfg.env; needs = optional (cfg.build != null) "build"; }; })
    (mkIf (cfg.lint != null) { lint = { command = cfg.lint; env = cfg.env; }; })
  ];
}
