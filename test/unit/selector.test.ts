/** `PROJECT` / `PROJECT:TARGET` arguments resolved against the graph. */
import { describe, expect, test } from 'vitest';
import { parseSelector } from '@world/engine/selection';
import { ProjectGraph } from '@world/graph';
import { worldOf } from '../helpers/unit-world.js';
import { errorOf } from '../helpers/errors.js';

const graph = () =>
  new ProjectGraph(
    worldOf({
      'libs/money/project.yaml': 'name: money\n',
      'areas/pay/api/project.yaml': 'name: payments-api\ndeps: [money]\n',
    }),
  );

describe('parseSelector', () => {
  test('a name, a name and target, a world path, a world path and target', () => {
    const g = graph();
    expect(parseSelector(g, 'money')).toEqual({ project: 'money' });
    expect(parseSelector(g, 'money:test')).toEqual({ project: 'money', target: 'test' });
    expect(parseSelector(g, '//areas/pay/api')).toEqual({ project: 'payments-api' });
    expect(parseSelector(g, '//areas/pay/api:build')).toEqual({ project: 'payments-api', target: 'build' });
  });

  test('an unknown project says what is there; a bad target name is a usage error', () => {
    const g = graph();
    expect(errorOf(() => parseSelector(g, 'mony'))).toMatchObject({ code: 'UNKNOWN_PROJECT' });
    expect(errorOf(() => parseSelector(g, 'mony')).message).toContain('money');
    expect(errorOf(() => parseSelector(g, 'money:Build!'))).toMatchObject({ code: 'USAGE' });
    expect(errorOf(() => parseSelector(g, 'money:'))).toMatchObject({ code: 'USAGE' });
  });
});
