/** Human wording for why a project is affected; shared by `affected` and `why`. */
import type { AffectReason, WhyStep } from '@world/affected';
import { describeOrigin } from '@world/graph';

export const describeReason = (r: AffectReason): string => {
  switch (r.reason) {
    case 'changed':
      return `changed: ${r.files.slice(0, 3).join(', ')}${r.files.length > 3 ? ` and ${r.files.length - 3} more` : ''}`;
    case 'module':
      return `module ${r.module} changed (${r.files[0]})`;
    case 'global':
      return `global input changed (${r.files[0]})`;
    case 'dependency':
      return `depends on ${r.via}`;
    case 'everything':
      return r.why;
  }
};

export const describeStep = (s: WhyStep): string => {
  switch (s.step) {
    case 'file':
      return s.meaning === 'module' ? `${s.path} (module ${s.module})` : s.meaning === 'global' ? `${s.path} (global input)` : s.path;
    case 'project':
      return `${s.name} (${s.path})${s.edge ? ` — ${s.edge.kind === 'dev' ? 'test-only ' : ''}dependency at ${s.edge.origins.map(describeOrigin).join(', ')}` : ''}`;
    case 'everything':
      return s.why;
  }
};
