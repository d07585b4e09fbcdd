import { describe, expect, test } from 'vitest';
import { closest, didYouMean } from '@world/core';

const keys = ['name', 'deps', 'modules', 'config', 'inputs', 'owners', 'tags'];

describe('closest', () => {
  test('finds the nearest candidate by edit distance', () => {
    expect(closest('dpes', keys)).toBe('deps');
    expect(closest('modlues', keys)).toBe('modules');
    expect(closest('tag', keys)).toBe('tags');
    expect(closest('Owners', keys)).toBe('owners');
    expect(closest('monye', ['money', 'ui-kit', 'payments-api'])).toBe('money');
  });

  test('an exact match is its own suggestion', () => {
    expect(closest('deps', keys)).toBe('deps');
  });

  test('too far from everything: no suggestion', () => {
    expect(closest('zzzzzzzz', keys)).toBeUndefined();
    expect(closest('xy', ['abcdef'])).toBeUndefined();
  });

  test('no candidates: no suggestion; any iterable works', () => {
    expect(closest('deps', [])).toBeUndefined();
    expect(closest('nod', new Set(['node', 'c']).keys())).toBe('node');
  });

  test('ties go to the first candidate', () => {
    expect(closest('ab', ['ax', 'xb'])).toBe('ax');
    expect(closest('ab', ['xb', 'ax'])).toBe('xb');
  });
});

describe('didYouMean', () => {
  test('formats a suggestion for an error message, or nothing', () => {
    expect(didYouMean('dpes', keys)).toBe(' (did you mean "deps"?)');
    expect(didYouMean('zzzzzzzz', keys)).toBe('');
  });
});
