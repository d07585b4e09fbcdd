# trivial.nix — tiny function and value helpers (lib.id, lib.flip, lib.isFunction, …).
#
# Same names and meaning as nixpkgs' lib/trivial.nix, limited to what the rest of
# this lib and world's modules need.
{ lib }:
{
  id = x: x;
  const = x: _: x;
  flip = f: a: b: f b a;
  pipe = builtins.foldl' (x: f: f x);
  fix = f: let x = f x; in x;

  # Functions and functors (attrsets with `__functor`) alike.
  isFunction = f: builtins.isFunction f || (f ? __functor && lib.isFunction (f.__functor f));

  # Like builtins.functionArgs, but understands functors.
  functionArgs = f:
    if f ? __functor
    then f.__functionArgs or (lib.functionArgs (f.__functor f))
    else builtins.functionArgs f;

  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;
  boolToString = b: if b then "true" else "false";

  throwIf = cond: msg: if cond then throw msg else x: x;
  throwIfNot = cond: msg: if cond then x: x else throw msg;
  assertMsg = pred: msg: pred || throw msg;

  inherit (builtins)
    isInt isBool isString isList isAttrs isPath isFloat
    seq deepSeq trace tryEval toJSON fromJSON typeOf;
}
