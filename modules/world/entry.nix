# world's entry expression: a build plan (JSON written by `world`) → derivations.
#
# Each project's modules are composed with `lib.evalModules`; every `targets.<name>` a
# project ends up with becomes exactly one derivation named `<project>-<target>`. Values
# from project.yaml arrive through `builtins.fromJSON`, so they are data, never Nix code.
#
# The result is buildable with plain nix-build:
#   nix-build plan.nix -A <project>.<target>     one target
#   nix-build plan.nix                           every target of the plan
# and `__world.targets` is what world reads back: one { project, target, drv, out, kind, needs }
# per target, `needs` naming the targets whose outputs it links.
#
# A project's dependencies are runtime (`deps`: every target links their `build` outputs) or
# test-only (`devDeps`: only its test and lint targets do). So a cycle of test-only edges
# (a → b through a's tests, b → a through b's) is no cycle of derivations; world refuses a
# cycle of runtime edges between projects with build targets before it gets here.
#
# What reaches every derivation besides its project's sources: the global inputs
# (`$WORLD_GLOBALS`, a store path of world.yaml's `global` files) and the identity of the host
# tools on its PATH (`worldHostTools`), so changing either rebuilds. world's own attributes are
# applied after a target's `env`, which cannot replace them.
{ plan, lib, pkgs ? null }:
let
  inherit (builtins) mapAttrs attrNames concatMap;

  hostPath = plan.hostPath;
  globals = if plan.globals == null then { } else { WORLD_GLOBALS = builtins.storePath plan.globals; };
  hostTools = if hostPath == "" then { } else { worldHostTools = plan.hostTools; };
  validName = name: builtins.match "[a-z0-9][a-z0-9._-]*" name != null;

  targetOptions = import ./target-options.nix;
  inherit (import ./sources.nix { inherit lib; }) targetSource;

  # Projects evaluated lazily: a project's module evaluation is forced only when one of its
  # targets (or a dependent's) is.
  evaluated = mapAttrs evalProject plan.projects;

  evalProject = name: p: lib.evalModules {
    modules =
      [ targetOptions { _file = "${p.file} (config:)"; config = p.config; } ]
      ++ map (m: import m) p.modules
      ++ lib.optional (p.projectNix != null) p.projectNix;
    specialArgs = {
      inherit pkgs;
      world = {
        project = { inherit (p) name path dir; };
        src = builtins.storePath p.src;
        inherit hostPath;
        # The outputs of the dependencies' targets: world.deps.<project>.<target>; the
        # test-only dependencies' in world.devDeps (for test and lint targets only).
        deps = lib.genAttrs p.deps (dep: targets.${dep});
        devDeps = lib.genAttrs p.devDeps (dep: targets.${dep});
      };
    };
  };

  builder = ./builder.sh;

  # What a target links: the targets of its own project it `needs`, and the `build` output
  # (when there is one) of every runtime dependency — and, for a test or lint target, of
  # every test-only dependency too.
  needsOf = projectName: p: cfg:
    map (target: { project = projectName; inherit target; }) cfg.needs
    ++ concatMap (dep: lib.optional (targets.${dep} ? build) { project = dep; target = "build"; })
      (p.deps ++ lib.optionals (cfg.kind == "test" || cfg.kind == "lint") p.devDeps);

  mkTarget = projectName: p: targetName: cfg:
    let
      links = map (n: { key = "${n.project}/${n.target}"; drv = targets.${n.project}.${n.target}; }) (needsOf projectName p cfg);
      projectSrc = builtins.storePath p.src;
    in
    if !validName targetName then
      throw "project ${projectName} (${p.file}): target name \"${targetName}\" is not a valid name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit)"
    else
    derivation (cfg.env // globals // hostTools // {
      name = "${projectName}-${targetName}";
      system = builtins.currentSystem;
      builder = "/bin/sh";
      args = [ "-e" builder ];
      src =
        if cfg.sources == null then projectSrc
        else targetSource { src = projectSrc; name = "${projectName}-${targetName}-src"; globs = cfg.sources; };
      PATH = hostPath;
      worldKind = cfg.kind;
      worldCommand = cfg.command;
      worldLinks = lib.concatMapStringsSep "\n" (l: "${l.key}=${l.drv}") links;
      passAsFile = [ "worldCommand" "worldLinks" ];
    });

  targets = mapAttrs
    (name: e: mapAttrs (mkTarget name plan.projects.${name}) e.config.targets // { recurseForDerivations = true; })
    evaluated;

  targetList = concatMap
    (name: map (t: { inherit name t; }) (attrNames evaluated.${name}.config.targets))
    (attrNames plan.projects);
in
targets // {
  __world.targets = map
    ({ name, t }:
      let cfg = evaluated.${name}.config.targets.${t}; in {
        project = name;
        target = t;
        drv = targets.${name}.${t}.drvPath;
        out = targets.${name}.${t}.outPath;
        inherit (cfg) kind;
        needs = needsOf name plan.projects.${name} cfg;
      })
    targetList;
}
