/** `world version` (also `world -v`, `world --version`): which world this is, and on what. */
import { readFileSync } from 'node:fs';
import type { Action } from '../lib/flag-spec.js';

interface PackageJson {
  name: string;
  version: string;
}

const version: Action = {
  flags: {},
  args: [],
  async run(ctx) {
    // Two levels below cli/ both as compiled (dist/actions) and as bundled (dist/bundle).
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
    const platform = `${process.platform}-${process.arch}`;
    ctx.print(`world ${pkg.version} (${pkg.name}; node ${process.version}; ${platform})`);
    return { version: pkg.version, package: pkg.name, node: process.version, platform };
  },
};
export default version;
