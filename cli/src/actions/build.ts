import { targetsAction } from '../lib/build-run.js';

export default targetsAction(['build', 'lint', 'other']);
