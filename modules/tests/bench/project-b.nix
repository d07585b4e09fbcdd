# Benchmark module: node settings and targets.<name> submodules (4 options).
{ lib, config, ... }:
let inherit (lib) mkOption types; in
{
  options = {
    node.entry = mkOption { type = types.str; default = "index.js"; };
    node.version = mkOption { type = types.enum [ "18" "20" "22" ]; default = "20"; };
    node.deps = mkOption { type = types.listOf types.str; default = [ ]; };
    targets = mkOption {
      type = types.attrsOf (types.submodule ({ name, ... }: {
        options.command = mkOption { type = types.str; };
        options.label = mkOption { type = types.str; default = "target-${name}"; };
      }));
      default = { };
    };
  };
  config = lib.mkIf config.build.enable {
    targets.build.command = "node ${config.node.entry}";
    targets.test.command = lib.mkDefault "npm test";
    project.tags = [ "node" ];
  };
}
