/** What a checkout holds on disk: files and bytes of the working tree, and the size of `.git`. */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DiskUsage {
  files: number;
  bytes: number;
}

/** Files (and symlinks) under `dir` and their sizes; `skip` names entries of `dir` itself to leave out. */
export const diskUsage = (dir: string, skip: readonly string[] = []): DiskUsage => {
  let files = 0;
  let bytes = 0;
  const walk = (d: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (top && skip.includes(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, false);
      else {
        files++;
        try {
          bytes += lstatSync(p).size;
        } catch {
          /* removed meanwhile */
        }
      }
    }
  };
  walk(dir, true);
  return { files, bytes };
};

export const formatBytes = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
};
