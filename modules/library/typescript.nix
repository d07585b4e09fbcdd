# typescript: an ES-module TypeScript package, type-checked and compiled by `tsc`.
#
# `build` compiles `typescript.rootDir` (src/) to $out/dist with declarations, from a tsconfig
# it generates in the build directory (`tsconfig.world.json`: the compiler options below,
# equivalent to this repository's tsconfig.base.json, with `typescript.compilerOptions`
# merged over them; the project's own tsconfig.json, for editors and `tsc -b`, is not read),
# and copies package.json (and `typescript.copy`) into $out.
#
# Dependencies are imported as packages: each dependency whose build output holds a
# package.json (another typescript project) appears as node_modules/<its package name>
# (e.g. node_modules/@world/core), so `import … from '@world/core'` type-checks against the
# dependency's dist/*.d.ts exactly as `tsc -b` does on the host. $out/node_modules/<name>
# links to the outputs of all the packages it depends on, transitively, in the store: an
# output's closure is its packages, and dependents find their indirect dependencies there.
# Only declared dependencies can be imported; indirect ones are reached through them.
#
# Third-party packages (typescript itself, @types/node, yaml, …) come from the host's
# node_modules. That is a deliberate impurity, like the host tools on PATH: by default it is
# the node_modules `tsc` is installed in, found on the PATH (world.yaml's nix.hostPath, e.g.
# `node_modules/.bin`, which world resolves against the world root), so no absolute path is
# written in YAML. They are linked one by one, never the host's own workspace packages
# (the links npm makes for them), so an undeclared dependency fails instead of being taken
# from the host checkout. List the lock file that pins them in world.yaml's `global`.
#
# `test` is a smoke test of the output: the package is assembled with its dependencies in a
# node_modules, imported by name as a dependent would, and every module of its dist/ is
# imported, so a dependency missing at run time fails it; with `typescript.run`, `node <run…>`
# then runs in the package's directory (e.g. a CLI's `bin/run.js --help`). Its result is
# written as JUnit XML to $out/junit.xml.
#
#   modules: [typescript]
#   config:
#     typescript.copy: [bin]                       # also copied into $out (package.json always is)
#     typescript.run: [bin/run.js, --help]         # the smoke test also runs `node bin/run.js --help`
#     typescript.compilerOptions: { noUnusedLocals: true }   # merged over the defaults
#     typescript.test: false                       # no test target
#     typescript.nodeModules: null                 # host node_modules (default: where tsc is)
{ lib, config, world, ... }:
let
  inherit (lib) mkOption types escapeShellArg escapeShellArgs;
  cfg = config.typescript;
  name = world.project.name;

  # tsconfig.base.json's options. rootDir/outDir/declaration/composite/incremental are fixed
  # below: one clean compile into $out, no build info.
  defaultCompilerOptions = {
    target = "ES2022";
    module = "NodeNext";
    moduleResolution = "NodeNext";
    lib = [ "ES2023" ];
    types = [ "node" ];
    strict = true;
    noUncheckedIndexedAccess = true;
    noImplicitOverride = true;
    noFallthroughCasesInSwitch = true;
    exactOptionalPropertyTypes = false;
    declarationMap = true;
    sourceMap = true;
    skipLibCheck = true;
    esModuleInterop = true;
    forceConsistentCasingInFileNames = true;
    verbatimModuleSyntax = true;
  };

  tsconfig = builtins.toJSON {
    compilerOptions = defaultCompilerOptions // cfg.compilerOptions // {
      rootDir = cfg.rootDir;
      declaration = true;
      composite = false;
      incremental = false;
    };
    include = [ cfg.rootDir ];
  };

  # Sets HOST_NM, the host's node_modules.
  hostNodeModules =
    if cfg.nodeModules != null then "HOST_NM=${escapeShellArg cfg.nodeModules}"
    else ''
      tsc_bin=$(command -v tsc) || {
        echo "typescript: no tsc on PATH ($PATH): add the host's node_modules/.bin to nix.hostPath in world.yaml (readable by Nix's build users), or set typescript.nodeModules" >&2
        exit 1
      }
      HOST_NM=$(cd "$(dirname "$(readlink -f "$tsc_bin")")/../.." && pwd -P)
    '';

  # node <script> -- PACKAGES VISIBLE RECORD OUTPUT...: assembles node_modules directories.
  #  - PACKAGES (a node_modules) gets links to the host's third-party packages, and a copy of
  #    each OUTPUT (a build output: package.json, dist/, …) and of every output it records in
  #    its own node_modules, transitively: one copy of each package, so each has one path and
  #    the imports in its .d.ts and .js files resolve next to it.
  #  - VISIBLE (a node_modules; unless empty) gets links to the host's third-party packages
  #    and to the copies of the OUTPUTs themselves — the project's declared dependencies, the
  #    only ones its own sources can import. The rest of the closure is reached only through
  #    them (a symlink resolves to its target's path).
  #  - RECORD (unless empty) gets a link to each of those outputs in the store, by package name.
  # The host's own workspace packages (links in its node_modules) are never linked: every
  # package of the world comes from its build output. Prints "<name> <output>" per package,
  # the OUTPUTs first.
  assemble = ''
    const fs = require("fs"), path = require("path");
    const [packages, visible, record, ...given] = process.argv.slice(1);
    const host = process.env.HOST_NM;
    const isLink = (p) => fs.lstatSync(p).isSymbolicLink();
    const entries = (dir) => fs.readdirSync(dir).filter((e) => !e.startsWith("."));
    const link = (target, at) => {
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.symlinkSync(target, at);
    };
    const linkHost = (nm) => {
      fs.mkdirSync(nm, { recursive: true });
      for (const e of entries(host)) {
        const p = path.join(host, e);
        if (isLink(p)) continue;
        if (e.startsWith("@") && entries(p).some((s) => isLink(path.join(p, s)))) {
          for (const s of entries(p)) if (!isLink(path.join(p, s))) link(path.join(p, s), path.join(nm, e, s));
        } else link(p, path.join(nm, e));
      }
    };
    const found = new Map();
    const nameOf = (out) => JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")).name;
    const visit = (out) => {
      out = fs.realpathSync(out);
      const pkg = nameOf(out);
      const seen = found.get(pkg);
      if (seen !== undefined) {
        if (seen !== out) throw new Error(`two outputs for package ''${pkg}: ''${seen} and ''${out}`);
        return;
      }
      found.set(pkg, out);
      const own = path.join(out, "node_modules");
      if (!fs.existsSync(own)) return;
      for (const e of entries(own)) {
        for (const n of e.startsWith("@") ? entries(path.join(own, e)).map((s) => e + "/" + s) : [e]) visit(path.join(own, n));
      }
    };
    for (const out of given) visit(out);
    linkHost(packages);
    for (const [pkg, out] of found) {
      const dest = path.join(packages, pkg);
      fs.cpSync(out, dest, { recursive: true, filter: (src) => src !== path.join(out, "node_modules") });
      for (const f of ["", ...fs.readdirSync(dest, { recursive: true })]) {
        const st = fs.lstatSync(path.join(dest, f));
        if (!st.isSymbolicLink()) fs.chmodSync(path.join(dest, f), st.mode | 0o200);
      }
      if (record) link(out, path.join(record, pkg));
      console.log(pkg + " " + out);
    }
    if (visible) {
      linkHost(visible);
      for (const out of given) {
        const pkg = nameOf(out);
        link(path.resolve(packages, pkg), path.join(visible, pkg));
      }
    }
  '';
  # node --input-type=module <script> -- NAME, in the directory holding the assembled
  # node_modules: imports package NAME as a dependent would (when it has an entry point), then
  # every module of its dist/, so a dependency missing at run time fails the test.
  importAll = ''
    import fs from "node:fs";
    import path from "node:path";
    import { pathToFileURL } from "node:url";
    const pkg = process.argv[1];
    const dir = path.resolve("node_modules", pkg);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    if (meta.exports !== undefined || meta.main !== undefined) await import(pkg);
    const files = fs.readdirSync(path.join(dir, "dist"), { recursive: true }).filter((f) => f.endsWith(".js")).sort();
    for (const f of files) await import(pathToFileURL(path.join(dir, "dist", f)).href);
    console.log(`''${pkg}: imported ''${files.length} modules`);
  '';
  runAssemble = args: "node -e ${escapeShellArg assemble} -- ${args}";
in
{
  options.typescript = {
    rootDir = mkOption {
      type = types.str;
      default = "src";
      description = "Directory of the TypeScript sources, compiled to $out/dist.";
    };
    copy = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Files or directories (relative to the project) copied into $out besides package.json, e.g. [bin].";
    };
    compilerOptions = mkOption {
      type = types.attrsOf types.anything;
      default = { };
      description = "Compiler options merged over the defaults (tsconfig.base.json's). rootDir, outDir, declaration, composite and incremental are fixed.";
    };
    nodeModules = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = ''
        Absolute path of the host's node_modules that third-party packages are taken from.
        Default: the node_modules `tsc` is installed in, found on the build's PATH.
      '';
    };
    test = mkOption {
      type = types.bool;
      default = true;
      description = "Whether the project has a `test` target (a smoke test of the compiled package).";
    };
    run = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Arguments to `node`, run in the assembled package's directory after the imports of the smoke test (e.g. [bin/run.js, --help]).";
    };
  };

  config.targets = {
    build.command = ''
      ${hostNodeModules}
      export HOST_NM
      set --
      for d in "$WORLD_DEPS"/*/build; do
        if [ -f "$d/package.json" ]; then set -- "$@" "$d"; fi
      done
      mkdir -p "$out"
      ${runAssemble ''"$TMPDIR/packages/node_modules" node_modules "$out/node_modules" "$@"''} > /dev/null
      printf '%s\n' ${escapeShellArg tsconfig} > tsconfig.world.json
      "$HOST_NM/typescript/bin/tsc" -p tsconfig.world.json --outDir "$out/dist" --pretty false
      cp package.json "$out/"
      for f in ${escapeShellArgs cfg.copy}; do
        mkdir -p "$out/$(dirname "$f")"
        cp -R "$f" "$out/$f"
      done
    '';

    test = lib.mkIf cfg.test {
      needs = [ "build" ];
      command = ''
        ${hostNodeModules}
        export HOST_NM
        ${runAssemble ''"$TMPDIR/smoke/node_modules" "" "" "$WORLD_DEPS"/${escapeShellArg name}/build''} > "$TMPDIR/smoke.list"
        read -r pkg _ < "$TMPDIR/smoke.list"
        status=0
        (cd "$TMPDIR/smoke" && node --input-type=module -e ${escapeShellArg importAll} -- "$pkg") || status=$?
        ${lib.optionalString (cfg.run != [ ]) ''
          if [ "$status" -eq 0 ]; then
            (cd "$TMPDIR/smoke/node_modules/$pkg" && node ${escapeShellArgs cfg.run}) || status=$?
          fi
        ''}
        if [ "$status" -eq 0 ]; then result='/>'; else result="><failure message=\"exit $status\"/></testcase>"; fi
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="%s" tests="1" failures="%s"><testcase classname="%s" name="smoke"%s</testsuite></testsuites>\n' \
          ${escapeShellArg name} "$([ "$status" -eq 0 ] && echo 0 || echo 1)" ${escapeShellArg name} "$result" > "$out/junit.xml"
        exit "$status"
      '';
    };
  };
}
