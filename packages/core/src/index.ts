export * from './errors.js';
export * from './names.js';
export * from './suggest.js';
export * from './glob.js';
export * from './git.js';
export * from './install.js';
export * from './hash.js';
export * from './files.js';
