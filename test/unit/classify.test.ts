/** What each changed path means: a project's input, a module, a global input, excluded, or nothing. */
import { describe, expect, test } from 'vitest';
import { classifier } from '@world/changes';
import { ProjectGraph } from '@world/graph';
import { worldOf } from '../helpers/unit-world.js';

const classify = () =>
  classifier(
    new ProjectGraph(
      worldOf(
        {
          'libs/money/project.yaml': 'name: money\nmodules: [node]\n',
          'apps/web/project.yaml': 'name: web\ninputs: [src/**]\n',
        },
        { node: [] },
        { global: ['tools.lock', 'ci/**'] },
      ),
    ),
  );

describe('classifier', () => {
  test('every kind of path', () => {
    const c = classify();
    expect(c('world.yaml')).toEqual({ kind: 'global', path: 'world.yaml', pattern: 'world.yaml' });
    expect(c('tools.lock')).toEqual({ kind: 'global', path: 'tools.lock', pattern: 'tools.lock' });
    expect(c('ci/deep/x.yml')).toEqual({ kind: 'global', path: 'ci/deep/x.yml', pattern: 'ci/**' });
    expect(c('modules/node.nix')).toEqual({ kind: 'module', path: 'modules/node.nix', module: 'node' });
    expect(c('libs/money/src/a.c')).toEqual({ kind: 'project', path: 'libs/money/src/a.c', project: 'money' });
    expect(c('apps/web/src/app.js')).toEqual({ kind: 'project', path: 'apps/web/src/app.js', project: 'web' });
    // Outside the project's inputs, but its own project.yaml always counts.
    expect(c('apps/web/README.md')).toEqual({ kind: 'excluded', path: 'apps/web/README.md', project: 'web' });
    expect(c('apps/web/project.yaml')).toEqual({ kind: 'project', path: 'apps/web/project.yaml', project: 'web' });
    expect(c('docs/intro.md')).toEqual({ kind: 'none', path: 'docs/intro.md' });
    // A file whose name merely starts like a project directory is not in it.
    expect(c('libs/money-old/x')).toEqual({ kind: 'none', path: 'libs/money-old/x' });
  });
});
