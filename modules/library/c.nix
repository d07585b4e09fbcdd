# c: a C library or executable compiled with the host's `cc`.
# A library's build output is $out/lib/lib<name>.a and $out/include/*.h; an executable's
# is $out/bin/<name>. Dependencies that are C libraries are found through their outputs.
# `test` compiles each file of `c.tests` against the build and runs it; each becomes a JUnit
# test case in $out/junit.xml.
#
#   modules: [c]
#   config:
#     c.kind: library                 # or executable
#     c.sources: [src/money.c]        # default: every .c file under src/
#     c.cflags: [-O2, -Wall]
#     c.tests: [tests/test_money.c]
{ lib, config, world, ... }:
let
  inherit (lib) mkOption types escapeShellArg escapeShellArgs concatMapStringsSep;
  cfg = config.c;
  name = world.project.name;
  sources = if cfg.sources == [ ] then "$(find src -name '*.c' | sort)" else escapeShellArgs cfg.sources;
  # Include and link flags for every dependency whose build output has headers or a library.
  depFlags = ''
    DEP_CFLAGS=""
    DEP_LIBS=""
    for d in "$WORLD_DEPS"/*/build; do
      [ -d "$d/include" ] && DEP_CFLAGS="$DEP_CFLAGS -I$d/include"
      for a in "$d"/lib/*.a; do [ -e "$a" ] && DEP_LIBS="$DEP_LIBS $a"; done
    done
  '';
  cflags = escapeShellArgs cfg.cflags;
in
{
  options.c = {
    kind = mkOption { type = types.enum [ "library" "executable" ]; default = "executable"; description = "What the build produces."; };
    sources = mkOption { type = types.listOf types.str; default = [ ]; description = "C files to compile (default: every .c under src/)."; };
    cflags = mkOption { type = types.listOf types.str; default = [ "-O2" "-Wall" ]; description = "Compiler flags."; };
    tests = mkOption { type = types.listOf types.str; default = [ ]; description = "Test programs: each is compiled, linked against the build and run."; };
  };

  config.targets = {
    build.command = ''
      ${depFlags}
      mkdir -p "$out"
      ${if cfg.kind == "library" then ''
        mkdir -p "$out/lib" "$out/include" objs
        for f in ${sources}; do
          cc ${cflags} -Iinclude $DEP_CFLAGS -c "$f" -o "objs/$(basename "$f" .c).o"
        done
        ar rcs "$out/lib/lib"${escapeShellArg name}.a objs/*.o
        if [ -d include ]; then cp -R include/. "$out/include/"; fi
      '' else ''
        mkdir -p "$out/bin"
        cc ${cflags} -Iinclude $DEP_CFLAGS -o "$out/bin/"${escapeShellArg name} ${sources} $DEP_LIBS
      ''}
    '';
    test = lib.mkIf (cfg.tests != [ ]) {
      needs = [ "build" ];
      command = ''
        ${depFlags}
        self="$WORLD_DEPS/${name}/build"
        SELF_LIBS=""
        for a in "$self"/lib/*.a; do [ -e "$a" ] && SELF_LIBS="$SELF_LIBS $a"; done
        failures=0
        cases=""
        for t in ${escapeShellArgs cfg.tests}; do
          bin="./$(basename "$t" .c).test"
          if cc ${cflags} -Iinclude -I"$self/include" $DEP_CFLAGS -o "$bin" "$t" $SELF_LIBS $DEP_LIBS && "$bin" > "$bin.log" 2>&1; then
            cases="$cases<testcase classname=\"${name}\" name=\"$t\"/>"
          else
            failures=$((failures + 1))
            cases="$cases<testcase classname=\"${name}\" name=\"$t\"><failure message=\"$t failed\"/></testcase>"
          fi
          cat "$bin.log" 2>/dev/null || true
        done
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="%s" tests="%s" failures="%s">%s</testsuite></testsuites>\n' \
          ${escapeShellArg name} "${toString (builtins.length cfg.tests)}" "$failures" "$cases" > "$out/junit.xml"
        [ "$failures" -eq 0 ]
      '';
    };
  };
}
