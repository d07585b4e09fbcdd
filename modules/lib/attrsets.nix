# attrsets.nix — attribute-set helpers (lib.mapAttrsToList, lib.recursiveUpdate, …).
#
# Same names and meaning as nixpkgs' lib/attrsets.nix, limited to what world's
# modules and this lib use.
{ lib }:
let
  inherit (builtins) attrNames listToAttrs concatMap isAttrs length head elemAt zipAttrsWith;
in
{
  inherit (builtins)
    attrNames attrValues hasAttr getAttr mapAttrs listToAttrs removeAttrs
    intersectAttrs catAttrs zipAttrsWith;

  nameValuePair = name: value: { inherit name value; };

  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);
  mapAttrs' = f: attrs: listToAttrs (map (name: f name attrs.${name}) (attrNames attrs));
  filterAttrs = pred: set:
    listToAttrs (concatMap (name: let v = set.${name}; in if pred name v then [ { inherit name; value = v; } ] else [ ]) (attrNames set));
  optionalAttrs = cond: as: if cond then as else { };
  genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);

  # Recurse into nested sets as long as `cond` holds for them; apply `f path value` at the leaves.
  mapAttrsRecursiveCond = cond: f: set:
    let
      go = path: builtins.mapAttrs (name: value:
        if isAttrs value && cond value then go (path ++ [ name ]) value else f (path ++ [ name ]) value);
    in
    go [ ] set;
  mapAttrsRecursive = lib.mapAttrsRecursiveCond (_: true);

  # The leaves (values for which `pred` holds, searching nested sets) as a list.
  collect = pred: v:
    if pred v then [ v ]
    else if isAttrs v then concatMap (lib.collect pred) (builtins.attrValues v)
    else [ ];

  setAttrByPath = path: value:
    lib.foldr (name: acc: { ${name} = acc; }) value path;
  attrByPath = path: default: set:
    if path == [ ] then set
    else let n = head path; in
      if set ? ${n} then lib.attrByPath (builtins.tail path) default set.${n} else default;
  hasAttrByPath = path: set:
    path == [ ] || (let n = head path; in set ? ${n} && lib.hasAttrByPath (builtins.tail path) set.${n});
  getAttrFromPath = path: set:
    lib.attrByPath path (throw "cannot find attribute `${builtins.concatStringsSep "." path}'") set;

  # Merge `rhs` into `lhs`, recursing while both sides are attribute sets;
  # stops recursing where `pred path lhs rhs` holds (rhs wins there).
  recursiveUpdateUntil = pred: lhs: rhs:
    let
      go = path: zipAttrsWith (n: values:
        let here = path ++ [ n ]; in
        if length values == 1 || pred here (elemAt values 1) (head values)
        then head values
        else go here values);
    in
    go [ ] [ rhs lhs ];
  recursiveUpdate = lib.recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs));

  isDerivation = x: x.type or null == "derivation";
  getOutput = output: pkg:
    if !(pkg ? outputSpecified) || !pkg.outputSpecified then pkg.${output} or pkg.out or pkg else pkg;
  getBin = lib.getOutput "bin";
}
