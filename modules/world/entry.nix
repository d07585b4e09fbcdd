# world's entry expression: a build plan (JSON written by `world`) → derivations.
#
# Each project's modules are composed with `lib.evalModules`; every `targets.<name>` a
# project ends up with becomes exactly one derivation named `<project>-<target>`. Values
# from project.yaml arrive through `builtins.fromJSON`, so they are data, never Nix code.
#
# The result is buildable with plain nix-build:
#   nix-build plan.nix -A <project>.<target>     one target
#   nix-build plan.nix                           every target of the plan
# and `__world.targets` is what world reads back: "<project>:<target>" → { drv, out, kind }.
{ plan, lib, pkgs ? null }:
let
  inherit (builtins) mapAttrs attrNames concatMap listToAttrs;

  hostPath = plan.hostPath;

  targetOptions = import ./target-options.nix;
  inherit (import ./sources.nix { inherit lib; }) targetSource;

  # Projects evaluated lazily: a project's module evaluation is forced only when one of its
  # targets (or a dependent's) is.
  evaluated = mapAttrs evalProject plan.projects;

  evalProject = name: p: lib.evalModules {
    modules =
      [ targetOptions { _file = "${p.file} (config:)"; config = p.config; } ]
      ++ map (m: import m) p.modules
      ++ lib.optional p.projectNix (p.src + "/project.nix");
    specialArgs = {
      inherit pkgs;
      world = {
        project = { inherit (p) name path dir; };
        src = builtins.storePath p.src;
        inherit hostPath;
        # The outputs of the dependencies' targets: world.deps.<project>.<target>.
        deps = lib.genAttrs p.deps (dep: targets.${dep});
      };
    };
  };

  builder = ./builder.sh;

  mkTarget = projectName: p: targetName: cfg:
    let
      sameProject = map (t: { key = "${projectName}/${t}"; drv = targets.${projectName}.${t}; }) cfg.needs;
      # Every target sees the `build` output of each dependency that has one.
      fromDeps = concatMap
        (dep: lib.optional (targets.${dep} ? build) { key = "${dep}/build"; drv = targets.${dep}.build; })
        p.deps;
      links = sameProject ++ fromDeps;
      projectSrc = builtins.storePath p.src;
    in
    derivation ({
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
    } // cfg.env);

  targets = mapAttrs
    (name: e: mapAttrs (mkTarget name plan.projects.${name}) e.config.targets // { recurseForDerivations = true; })
    evaluated;

  targetList = concatMap
    (name: map (t: { inherit name t; }) (attrNames evaluated.${name}.config.targets))
    (attrNames plan.projects);
in
targets // {
  __world.targets = listToAttrs (map
    ({ name, t }: {
      name = "${name}:${t}";
      value = {
        drv = targets.${name}.${t}.drvPath;
        out = targets.${name}.${t}.outPath;
        kind = evaluated.${name}.config.targets.${t}.kind;
      };
    })
    targetList);
}
