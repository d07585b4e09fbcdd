/**
 * What a config file may ask of the parser. Past these bounds a file gets a clear error
 * instead of minutes of parsing, gigabytes of memory or a stack overflow. (The bound on its
 * size, MAX_CONFIG_BYTES, is in @world/core: discovery checks it before parsing.)
 */

/** How deep values may nest (lists, mappings and the parts of a dotted key together). */
export const MAX_DEPTH = 64;

/** How many values expanding aliases (`*name`) may produce in one file: the bound on "billion laughs". */
export const MAX_ALIAS_VALUES = 10_000;
