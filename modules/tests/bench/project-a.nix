# Benchmark module: project basics and a build script (6 options).
{ lib, config, name, ... }:
let inherit (lib) mkOption types; in
{
  options = {
    project.name = mkOption { type = types.str; };
    project.tags = mkOption { type = types.listOf types.str; default = [ ]; };
    project.env = mkOption { type = types.attrsOf types.str; default = { }; };
    build.enable = lib.mkEnableOption "build";
    build.script = mkOption { type = types.lines; default = ""; };
    build.jobs = mkOption { type = types.int; default = 1; };
  };
  config = {
    build.script = lib.mkBefore "echo building ${config.project.name}";
    project.env.NAME = config.project.name;
  };
}
