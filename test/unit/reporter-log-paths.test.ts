/** Paths in build logs pointed back at the repository, and the error locations a failed log names. */
import { describe, expect, test } from 'vitest';
import { errorLocations, LogPaths } from '@world/reporters';

const HASH = 'a'.repeat(32);
const SRC_HASH = 'b'.repeat(32);
const dirs = new Map([
  ['format', 'libs/format'],
  ['ledger', 'services/ledger'],
  ['top', ''],
  ['format-test', 'libs/format-test'],
]);
const files = new Set(['libs/format/test/format.test.js', 'libs/format/src/index.ts', 'services/ledger/src/main.c', 'README.md']);
const paths = new LogPaths((p) => dirs.get(p), (p) => files.has(p));
const formatTest = { project: 'format', drv: `/nix/store/${HASH}-format-test.drv` };
const ledgerBuild = { project: 'ledger', drv: `/nix/store/${HASH}-ledger-build.drv` };

describe('LogPaths.rewrite', () => {
  test('a path into the build directory becomes the project\'s repository path, under any TMPDIR, as a file URL, or in the sandbox', () => {
    expect(paths.rewrite('    at TestContext.<anonymous> (file:///tmp/nix-build-format-test.drv-0/src/test/format.test.js:6:10)', formatTest)).toBe(
      '    at TestContext.<anonymous> (libs/format/test/format.test.js:6:10)',
    );
    expect(paths.rewrite('/var/tmp/builds/nix-build-format-test.drv-12/src/src/index.ts:3:7 - error', formatTest)).toBe('libs/format/src/index.ts:3:7 - error');
    expect(paths.rewrite("location: '/build/src/test/format.test.js:5:1'", formatTest)).toBe("location: 'libs/format/test/format.test.js:5:1'");
    expect(paths.rewrite('cd /tmp/nix-build-format-test.drv-0/src', formatTest)).toBe('cd libs/format');
  });

  test('a store source becomes its project\'s directory, also a target\'s own selection of sources', () => {
    expect(paths.rewrite(`cp -R /nix/store/${SRC_HASH}-ledger-src/src/main.c .`, ledgerBuild)).toBe('cp -R services/ledger/src/main.c .');
    expect(paths.rewrite(`reading /nix/store/${SRC_HASH}-format-test-src/test/a.js`, formatTest)).toBe('reading libs/format/test/a.js');
    // Not its own selection: a project whose name ends like it is a different project.
    expect(paths.rewrite(`reading /nix/store/${SRC_HASH}-format-test-src/x`, ledgerBuild)).toBe('reading libs/format-test/x');
  });

  test('the root project\'s paths are relative to the root', () => {
    const top = { project: 'top', drv: `/nix/store/${HASH}-top-build.drv` };
    expect(paths.rewrite('/tmp/nix-build-top-build.drv-0/src/README.md:1:1', top)).toBe('README.md:1:1');
    expect(paths.rewrite('in /tmp/nix-build-top-build.drv-0/src.', top)).toBe('in /tmp/nix-build-top-build.drv-0/src.');
    expect(paths.rewrite('in /tmp/nix-build-top-build.drv-0/src here', top)).toBe('in . here');
  });

  test('leaves alone what is not one of these: other builds, unknown projects, look-alikes inside other paths', () => {
    const untouched = [
      '/tmp/nix-build-web-build.drv-0/src/app.js:1:1',
      `/nix/store/${SRC_HASH}-unknown-src/a.js`,
      `/nix/store/${SRC_HASH}-format-build/lib/a.js`,
      '/home/me/tmp/nix-build-format-test.drv-0/srcs/a.js',
      'plain text without paths',
    ];
    for (const line of untouched) expect(paths.rewrite(line, formatTest)).toBe(line);
  });
});

describe('LogPaths.repositoryFile', () => {
  test('relative paths are the project\'s; build and store paths are mapped; only files of the checkout count', () => {
    expect(paths.repositoryFile('src/main.c', ledgerBuild)).toBe('services/ledger/src/main.c');
    expect(paths.repositoryFile('./src/../src/main.c', ledgerBuild)).toBe('services/ledger/src/main.c');
    expect(paths.repositoryFile('file:///tmp/nix-build-format-test.drv-0/src/test/format.test.js', formatTest)).toBe('libs/format/test/format.test.js');
    expect(paths.repositoryFile('src/missing.c', ledgerBuild)).toBeUndefined();
  });

  test('never a path outside the repository, in node_modules, or on the host', () => {
    expect(paths.repositoryFile('../../README.md', ledgerBuild)).toBe('README.md');
    expect(paths.repositoryFile('../../../etc/passwd', ledgerBuild)).toBeUndefined();
    expect(paths.repositoryFile('/etc/passwd', ledgerBuild)).toBeUndefined();
    expect(paths.repositoryFile('node:internal/test_runner/test', formatTest)).toBeUndefined();
    expect(new LogPaths((p) => dirs.get(p), () => true).repositoryFile('node_modules/x/index.js', formatTest)).toBeUndefined();
  });
});

describe('errorLocations', () => {
  test('gcc/clang: file:line:col: error: message', () => {
    const log = ["src/main.c: In function 'main':", "src/main.c:7:9: error: expected expression before ';' token", '    7 | int x = ;', '      |         ^'];
    expect(errorLocations(log, paths, ledgerBuild)).toEqual([{ file: 'services/ledger/src/main.c', line: 7, col: 9, message: "expected expression before ';' token" }]);
  });

  test('tsc, plain and pretty', () => {
    const own = { project: 'format', drv: `/nix/store/${HASH}-format-build.drv` };
    expect(errorLocations(["src/index.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'."], paths, own)).toEqual([
      { file: 'libs/format/src/index.ts', line: 3, col: 7, message: "TS2322: Type 'number' is not assignable to type 'string'." },
    ]);
    expect(errorLocations(['src/index.ts:3:7 - error TS2304: Cannot find name \'x\'.'], paths, own)).toEqual([
      { file: 'libs/format/src/index.ts', line: 3, col: 7, message: "TS2304: Cannot find name 'x'." },
    ]);
  });

  test("a JavaScript stack trace: its first frame in the repository, with the error's message above it", () => {
    const log = [
      '✖ formats cents as dollars (6.8ms)',
      '  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
      '  + actual - expected',
      '',
      "  + '$12.34'",
      "  - '$99.34'",
      '      at assertThing (file:///tmp/nix-build-format-test.drv-0/src/node_modules/helper/index.js:1:1)',
      '      at TestContext.<anonymous> (file:///tmp/nix-build-format-test.drv-0/src/test/format.test.js:6:10)',
      '      at Test.runInAsyncScope (node:async_hooks:206:9)',
      '      at Test.run (file:///tmp/nix-build-format-test.drv-0/src/test/format.test.js:2:2)',
      '  {',
    ];
    expect(errorLocations(log, new LogPaths((p) => dirs.get(p), () => true), formatTest)).toEqual([
      {
        file: 'libs/format/test/format.test.js',
        line: 6,
        col: 10,
        message: "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n+ actual - expected\n\n+ '$12.34'\n- '$99.34'",
      },
    ]);
  });

  test('each place once, a few at most, and nothing for paths that are not the repository\'s', () => {
    const many = Array.from({ length: 20 }, (_, i) => `src/main.c:${i + 1}:1: error: bad ${i}`);
    expect(errorLocations([...many, ...many], paths, ledgerBuild)).toHaveLength(5);
    expect(errorLocations(['/usr/include/stdio.h:1:1: error: nope', 'lib/missing.c:2:2: error: gone'], paths, ledgerBuild)).toEqual([]);
  });
});
