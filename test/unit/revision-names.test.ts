import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { parseRevision, shellWord } from '@world/changes';

describe('parseRevision', () => {
  const remotes = ['origin', 'upstream', 'up'];

  it('splits a name from its suffix and from a remote prefix', () => {
    expect(parseRevision('main', remotes)).toEqual({ kind: 'name', anchor: 'main', remote: undefined, name: 'main', suffix: '' });
    expect(parseRevision('origin/main', remotes)).toEqual({ kind: 'name', anchor: 'origin/main', remote: 'origin', name: 'main', suffix: '' });
    expect(parseRevision('origin/feature/x~2', remotes)).toEqual({ kind: 'name', anchor: 'origin/feature/x', remote: 'origin', name: 'feature/x', suffix: '~2' });
    expect(parseRevision('HEAD^', remotes)).toEqual({ kind: 'name', anchor: 'HEAD', remote: undefined, name: 'HEAD', suffix: '^' });
    expect(parseRevision('main@{1}', remotes)).toEqual({ kind: 'name', anchor: 'main', remote: undefined, name: 'main', suffix: '@{1}' });
    expect(parseRevision('refs/remotes/upstream/rel', remotes)).toEqual({ kind: 'name', anchor: 'refs/remotes/upstream/rel', remote: 'upstream', name: 'rel', suffix: '' });
    // The longest remote name that prefixes wins.
    expect(parseRevision('upstream/x', remotes)).toMatchObject({ remote: 'upstream', name: 'x' });
    expect(parseRevision('up/x', remotes)).toMatchObject({ remote: 'up', name: 'x' });
    // A branch that merely starts like a remote is a branch.
    expect(parseRevision('originals/x', remotes)).toMatchObject({ remote: undefined, name: 'originals/x' });
  });

  it('full object ids are objects; abbreviated ids, full local refs and bare suffixes are not fetchable by name', () => {
    expect(parseRevision('a'.repeat(40), remotes)).toEqual({ kind: 'object', oid: 'a'.repeat(40) });
    expect(parseRevision('b'.repeat(64), remotes)).toEqual({ kind: 'object', oid: 'b'.repeat(64) });
    expect(parseRevision('abc1234', remotes)).toMatchObject({ kind: 'name', name: 'abc1234' });
    expect(parseRevision('refs/heads/main', remotes)).toEqual({ kind: 'other' });
    expect(parseRevision('@{u}', remotes)).toEqual({ kind: 'other' });
    expect(parseRevision('~2', remotes)).toEqual({ kind: 'other' });
  });
});

describe('shellWord', () => {
  it('leaves plain words alone and quotes the rest so that a shell reads them back unchanged', () => {
    expect(shellWord('+refs/heads/main:refs/remotes/origin/main')).toBe('+refs/heads/main:refs/remotes/origin/main');
    for (const word of ['a b', "it's", '~root', 'HEAD~1', 'a^b', 'x$(touch${IFS}PWNED);y', '`id`', 'a"b', '*', '~', 'a\\b', '', "''"]) {
      const echoed = spawnSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' });
      expect(echoed.stdout, word).toBe(word);
    }
  });
});
