# node: a Node.js package. `build` copies the sources with the dependencies' build outputs
# linked under node_modules/<project>, runs an npm script when one is named, and checks the
# entry point parses; `test` runs `node --test` (or an npm script) on that output, with the
# test-only dependencies (devDeps, devDependencies) linked too, and writes JUnit XML to
# $out/junit.xml.
#
#   modules: [node]
#   config:
#     node.entry: src/index.js        # optional: checked with `node --check`
#     node.buildScript: build         # optional: `npm run build` before the copy
#     node.testScript: null           # optional: `npm run <script>` instead of node --test
#     node.testFiles: [test/]         # what `node --test` runs (default: its own discovery)
{ lib, config, world, ... }:
let
  inherit (lib) mkOption types escapeShellArg escapeShellArgs optionalString concatMapStringsSep;
  cfg = config.node;
in
{
  options.node = {
    entry = mkOption { type = types.nullOr types.str; default = null; description = "Entry point checked with node --check."; };
    buildScript = mkOption { type = types.nullOr types.str; default = null; description = "npm script run by the build."; };
    testScript = mkOption { type = types.nullOr types.str; default = null; description = "npm script run by the test instead of node --test."; };
    testFiles = mkOption { type = types.listOf types.str; default = [ ]; description = "Files or directories passed to node --test."; };
    test = mkOption { type = types.bool; default = true; description = "Whether the project has a test target."; };
  };

  config.targets = {
    build.command = ''
      mkdir -p node_modules
      ${concatMapStringsSep "\n" (dep: ''
        if [ -e "$WORLD_DEPS/${dep}/build" ]; then ln -sfn "$(readlink "$WORLD_DEPS/${dep}/build")" node_modules/${escapeShellArg dep}; fi
      '') (builtins.attrNames world.deps)}
      ${optionalString (cfg.buildScript != null) "npm run --silent ${escapeShellArg cfg.buildScript}"}
      ${optionalString (cfg.entry != null) "node --check ${escapeShellArg cfg.entry}"}
      mkdir -p "$out"
      cp -R . "$out/"
    '';
    test = lib.mkIf cfg.test {
      needs = [ "build" ];
      command = ''
        cp -R "$WORLD_DEPS/${world.project.name}/build/." ./
        chmod -R u+w .
        ${concatMapStringsSep "\n" (dep: ''
          if [ -e "$WORLD_DEPS/${dep}/build" ]; then mkdir -p node_modules && ln -sfn "$(readlink "$WORLD_DEPS/${dep}/build")" node_modules/${escapeShellArg dep}; fi
        '') (builtins.attrNames (world.devDeps or { }))}
        ${if cfg.testScript != null then "npm run --silent ${escapeShellArg cfg.testScript}" else ''
          node --test --test-reporter=spec --test-reporter-destination=stdout \
            --test-reporter=junit --test-reporter-destination="$out/junit.xml" ${escapeShellArgs cfg.testFiles}
        ''}
      '';
    };
  };
}
