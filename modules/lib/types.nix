# types.nix — lib.types: what an option accepts and how its definitions merge.
#
# A type is an attrset made by mkOptionType: `check` (does one definition
# fit?), `merge loc defs` (combine the definitions left after priorities,
# each `{ file; value; }`), a `description` for error messages, and the
# plumbing nixpkgs uses to combine declarations of the same option from
# several modules (`functor`/`typeMerge`) and to add options to submodules
# (`getSubModules`/`substSubModules`). Names, descriptions and merge rules
# match nixpkgs' lib/types.nix.
{ lib }:
let
  inherit (builtins)
    isString isInt isBool isList isAttrs isPath isFloat length head elem all
    filter concatLists concatStringsSep mapAttrs attrNames zipAttrsWith genList elemAt foldl';
  inherit (lib)
    isFunction isDerivation isStringLike isStorePath showOption showFiles showDefs
    mergeEqualOption mergeOneOption mergeDefaultOption getValues getFiles last;
  inherit (lib.modules) mergeDefinitions evalModules mkOptionDefault;

  t = lib.types;

  # The default way two declarations' types combine: same name, and equal
  # (or combinable) wrapped types and payloads.
  defaultTypeMerge = f: f':
    let
      wrapped = f.wrapped.typeMerge f'.wrapped.functor;
      payload = f.binOp f.payload f'.payload;
    in
    if f.name != f'.name then null
    else if f.wrapped == null && f'.wrapped == null && f.payload == null && f'.payload == null then f.type
    else if f.wrapped != null && f'.wrapped != null && wrapped != null then f.type wrapped
    else if f.payload != null && f'.payload != null && payload != null then f.type payload
    else null;

  defaultFunctor = name: {
    inherit name;
    type = t.${name} or null;
    wrapped = null;
    payload = null;
    binOp = a: b: null;
  };

  # "list of string" but "list of (submodule)": only simple descriptions go bare.
  phrase = bare: type:
    if bare (type.descriptionClass or null) then type.description else "(${type.description})";

  # Merge each element of each definition as its own definition, so that mkIf,
  # mkOverride … work inside lists and attribute sets.
  mergeElem = loc: elemType: file: value:
    (mergeDefinitions loc elemType [ { inherit file value; } ]).optionalValue;

  mkOptionType =
    { name
    , description ? null
    , descriptionClass ? null
    , check ? (x: true)
    , merge ? mergeDefaultOption
    , emptyValue ? { }
    , getSubOptions ? prefix: { }
    , getSubModules ? null
    , substSubModules ? m: null
    , typeMerge ? defaultTypeMerge functor
    , functor ? defaultFunctor name
    , deprecationMessage ? null
    , nestedTypes ? { }
    }:
    {
      _type = "option-type";
      inherit name check merge emptyValue getSubOptions getSubModules substSubModules
        typeMerge functor deprecationMessage nestedTypes descriptionClass;
      description = if description == null then name else description;
    };

  separatedString = sep: mkOptionType rec {
    name = "separatedString";
    description = if sep == "" then "Concatenated string" else "strings concatenated with ${builtins.toJSON sep}";
    descriptionClass = "noun";
    check = isString;
    merge = loc: defs: concatStringsSep sep (getValues defs);
    functor = (defaultFunctor name) // {
      payload = sep;
      binOp = a: b: if a == b then a else null;
    };
  };

  ints = {
    between = lowest: highest:
      assert lowest <= highest;
      addCheck t.int (x: x >= lowest && x <= highest) // {
        name = "intBetween";
        description = "integer between ${toString lowest} and ${toString highest} (both inclusive)";
      };
    unsigned = addCheck t.int (x: x >= 0) // { name = "unsignedInt"; description = "unsigned integer, meaning >=0"; };
    positive = addCheck t.int (x: x > 0) // { name = "positiveInt"; description = "positive integer, meaning >0"; };
    u8 = ints.between 0 255;
    u16 = ints.between 0 65535;
    u32 = ints.between 0 4294967295;
  };

  addCheck = elemType: check: elemType // { check = x: elemType.check x && check x; };

  # Turn a store path (string or path) that is not a derivation into a derivation-like set.
  toDerivation = path:
    let
      path' = builtins.storePath path;
      res = {
        type = "derivation";
        name = builtins.unsafeDiscardStringContext (builtins.substring 33 (-1) (baseNameOf path'));
        outPath = path';
        outputs = [ "out" ];
        out = res;
        outputName = "out";
      };
    in
    res;
in
{
  inherit mkOptionType defaultTypeMerge defaultFunctor separatedString ints addCheck;

  isType = type: x: (x._type or "") == type;
  isOptionType = lib.isType "option-type";

  # --- scalars ---------------------------------------------------------------

  raw = mkOptionType {
    name = "raw";
    description = "raw value";
    descriptionClass = "noun";
    merge = mergeOneOption;
  };

  unspecified = mkOptionType {
    name = "unspecified";
    description = "unspecified value";
    descriptionClass = "noun";
  };

  bool = mkOptionType {
    name = "bool";
    description = "boolean";
    descriptionClass = "noun";
    check = isBool;
    merge = mergeEqualOption;
  };

  int = mkOptionType {
    name = "int";
    description = "signed integer";
    descriptionClass = "noun";
    check = isInt;
    merge = mergeEqualOption;
  };

  port = ints.u16;

  float = mkOptionType {
    name = "float";
    description = "floating point number";
    descriptionClass = "noun";
    check = isFloat;
    merge = mergeEqualOption;
  };

  str = mkOptionType {
    name = "str";
    description = "string";
    descriptionClass = "noun";
    check = isString;
    merge = mergeEqualOption;
  };

  nonEmptyStr = mkOptionType {
    name = "nonEmptyStr";
    description = "non-empty string";
    descriptionClass = "noun";
    check = x: isString x && builtins.match "[ \t\n]*" x == null;
    merge = mergeEqualOption;
  };

  strMatching = pattern: mkOptionType {
    name = "strMatching ${lib.escapeNixString pattern}";
    description = "string matching the pattern ${pattern}";
    descriptionClass = "noun";
    check = x: isString x && builtins.match pattern x != null;
    merge = mergeEqualOption;
    functor = (defaultFunctor "strMatching") // {
      type = payload: t.strMatching payload.pattern;
      payload = { inherit pattern; };
      binOp = lhs: rhs: if lhs == rhs then lhs else null;
    };
  };

  lines = separatedString "\n";
  commas = separatedString ",";
  envVar = separatedString ":";

  # Absolute paths: path values, or strings (and string-like sets) starting with "/".
  path = mkOptionType {
    name = "path";
    description = "path";
    descriptionClass = "noun";
    check = x: isStringLike x && builtins.substring 0 1 (toString x) == "/";
    merge = mergeEqualOption;
  };

  # A derivation, or a store path (which is turned into a derivation-like set).
  package = mkOptionType {
    name = "package";
    description = "package";
    descriptionClass = "noun";
    check = x: isDerivation x || isStorePath x;
    merge = loc: defs:
      let res = mergeOneOption loc defs; in
      if isPath res || (isString res && !builtins.hasContext res) then toDerivation res else res;
  };

  attrs = mkOptionType {
    name = "attrs";
    description = "attribute set";
    check = isAttrs;
    merge = loc: foldl' (res: def: res // def.value) { };
    emptyValue = { value = { }; };
  };

  # Any value; attribute sets merge recursively, functions merge their
  # results, anything else must be defined once or equally everywhere.
  anything = mkOptionType {
    name = "anything";
    description = "anything";
    descriptionClass = "noun";
    merge = loc: defs:
      let
        kind = v: if isAttrs v && isStringLike v then "stringCoercibleSet" else builtins.typeOf v;
        common = foldl' (k: def:
          if kind def.value == k then k
          else throw "The option `${showOption loc}' has conflicting option types in ${showFiles (getFiles defs)}")
          (kind (head defs).value) defs;
      in
      if common == "set" then (t.attrsOf t.anything).merge loc defs
      else if common == "stringCoercibleSet" then mergeOneOption loc defs
      else if common == "list" then
        if length defs > 1
        then throw "The option `${showOption loc}' has conflicting definitions, in ${showFiles (getFiles defs)}."
        else (t.listOf t.anything).merge loc defs
      else if common == "lambda" then
        arg: t.anything.merge (loc ++ [ "<function body>" ]) (map (def: def // { value = def.value arg; }) defs)
      else mergeEqualOption loc defs;
  };

  # One definition only (the wrapped type's merge still applies to it).
  unique = { message }: elemType: mkOptionType rec {
    name = "unique";
    inherit (elemType) description descriptionClass check;
    merge = lib.mergeUniqueOption { inherit message; inherit (elemType) merge; };
    emptyValue = elemType.emptyValue;
    getSubOptions = elemType.getSubOptions;
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.unique { inherit message; } (elemType.substSubModules m);
    functor = (defaultFunctor name) // { type = t.unique { inherit message; }; wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };
  uniq = t.unique { message = ""; };

  enum = values:
    let
      show = v:
        if isString v then ''"${v}"''
        else if isInt v then toString v
        else if isBool v then lib.boolToString v
        else "<${builtins.typeOf v}>";
    in
    mkOptionType rec {
      name = "enum";
      description =
        if values == [ ] then "impossible (empty enum)"
        else if length values == 1 then "value ${show (head values)} (singular enum)"
        else "one of ${concatStringsSep ", " (map show values)}";
      descriptionClass = if length values < 2 then "noun" else "conjunction";
      check = x: elem x values;
      merge = mergeEqualOption;
      functor = (defaultFunctor name) // {
        payload = values;
        binOp = a: b: lib.unique (a ++ b);
      };
    };

  # --- containers ------------------------------------------------------------

  listOf = elemType: mkOptionType rec {
    name = "listOf";
    description = "list of ${phrase (c: c == "noun" || c == "composite") elemType}";
    descriptionClass = "composite";
    check = isList;
    merge = loc: defs:
      map (x: x.value) (filter (x: x ? value) (concatLists (lib.imap1 (n: def:
        lib.imap1 (m: v:
          mergeElem (loc ++ [ "[definition ${toString n}-entry ${toString m}]" ]) elemType def.file v)
          def.value) defs)));
    emptyValue = { value = [ ]; };
    getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.listOf (elemType.substSubModules m);
    functor = (defaultFunctor name) // { wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };

  nonEmptyListOf = elemType:
    let list = addCheck (t.listOf elemType) (l: l != [ ]); in
    list // {
      description = "non-empty ${phrase (c: c == "noun") list}";
      emptyValue = { };
      substSubModules = m: t.nonEmptyListOf (elemType.substSubModules m);
    };

  # Merged per attribute; an attribute whose definitions all vanish (mkIf false) is left out.
  attrsOf = elemType: mkOptionType rec {
    name = "attrsOf";
    description = "attribute set of ${phrase (c: c == "noun" || c == "composite") elemType}";
    descriptionClass = "composite";
    check = isAttrs;
    merge = loc: defs:
      let
        merged = zipAttrsWith (n: defs': (mergeDefinitions (loc ++ [ n ]) elemType defs').optionalValue)
          (map (def: mapAttrs (n: v: { inherit (def) file; value = v; }) def.value) defs);
      in
      mapAttrs (n: v: v.value) (lib.filterAttrs (n: v: v ? value) merged);
    emptyValue = { value = { }; };
    getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.attrsOf (elemType.substSubModules m);
    functor = (defaultFunctor name) // { wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };

  # Like attrsOf, but attribute names are known without evaluating any value.
  lazyAttrsOf = elemType: mkOptionType rec {
    name = "lazyAttrsOf";
    description = "lazy attribute set of ${phrase (c: c == "noun" || c == "composite") elemType}";
    descriptionClass = "composite";
    check = isAttrs;
    merge = loc: defs:
      zipAttrsWith (n: defs':
        let merged = mergeDefinitions (loc ++ [ n ]) elemType defs'; in
        merged.optionalValue.value or elemType.emptyValue.value or merged.mergedValue)
        (map (def: mapAttrs (n: v: { inherit (def) file; value = v; }) def.value) defs);
    emptyValue = { value = { }; };
    getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.lazyAttrsOf (elemType.substSubModules m);
    functor = (defaultFunctor name) // { wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };

  nullOr = elemType: mkOptionType rec {
    name = "nullOr";
    description = "null or ${phrase (c: c == "noun" || c == "conjunction") elemType}";
    descriptionClass = "conjunction";
    check = x: x == null || elemType.check x;
    merge = loc: defs:
      let nulls = lib.count (def: def.value == null) defs; in
      if nulls == length defs then null
      else if nulls != 0 then
        throw "The option `${showOption loc}' is defined both null and not null, in ${showFiles (getFiles defs)}."
      else elemType.merge loc defs;
    emptyValue = { value = null; };
    getSubOptions = elemType.getSubOptions;
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.nullOr (elemType.substSubModules m);
    functor = (defaultFunctor name) // { wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };

  functionTo = elemType: mkOptionType {
    name = "functionTo";
    description = "function that evaluates to a(n) ${phrase (c: c == "noun" || c == "composite") elemType}";
    descriptionClass = "composite";
    check = isFunction;
    merge = loc: defs: fnArgs:
      (mergeDefinitions (loc ++ [ "<function body>" ]) elemType
        (map (fn: { inherit (fn) file; value = fn.value fnArgs; }) defs)).mergedValue;
    getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<function body>" ]);
    getSubModules = elemType.getSubModules;
    substSubModules = m: t.functionTo (elemType.substSubModules m);
    functor = (defaultFunctor "functionTo") // { wrapped = elemType; };
    nestedTypes.elemType = elemType;
  };

  either = t1: t2: mkOptionType rec {
    name = "either";
    description = "${phrase (c: c == "noun" || c == "conjunction") t1} or ${phrase (c: c == "noun" || c == "conjunction" || c == "composite") t2}";
    descriptionClass = "conjunction";
    check = x: t1.check x || t2.check x;
    merge = loc: defs:
      let values = getValues defs; in
      if all t1.check values then t1.merge loc defs
      else if all t2.check values then t2.merge loc defs
      else mergeOneOption loc defs;
    typeMerge = f':
      let
        mt1 = t1.typeMerge (elemAt f'.wrapped 0).functor;
        mt2 = t2.typeMerge (elemAt f'.wrapped 1).functor;
      in
      if name == f'.name && mt1 != null && mt2 != null then functor.type mt1 mt2 else null;
    functor = (defaultFunctor name) // { wrapped = [ t1 t2 ]; };
    nestedTypes.left = t1;
    nestedTypes.right = t2;
  };

  oneOf = ts:
    if ts == [ ] then throw "types.oneOf needs to get at least one type in its argument"
    else foldl' t.either (head ts) (builtins.tail ts);

  # Values of `coercedType` are converted with `coerceFunc` into `finalType`.
  coercedTo = coercedType: coerceFunc: finalType:
    assert finalType.getSubModules == null;
    mkOptionType rec {
      name = "coercedTo";
      description = "${phrase (c: c == "noun") finalType} or ${phrase (c: c == "noun") coercedType} convertible to it";
      check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
      merge = loc: defs:
        let coerce = v: if finalType.check v then v else coerceFunc v; in
        finalType.merge loc (map (def: def // { value = coerce def.value; }) defs);
      emptyValue = finalType.emptyValue;
      getSubOptions = finalType.getSubOptions;
      getSubModules = finalType.getSubModules;
      substSubModules = m: t.coercedTo coercedType coerceFunc (finalType.substSubModules m);
      typeMerge = f: null;
      functor = (defaultFunctor name) // { wrapped = finalType; };
      nestedTypes.coercedType = coercedType;
      nestedTypes.finalType = finalType;
    };

  # A type as a value (for `_module.freeformType`); declarations of it merge their types.
  optionType = mkOptionType {
    name = "optionType";
    description = "optionType";
    descriptionClass = "noun";
    check = t.isOptionType;
    merge = loc: defs:
      if length defs == 1 then (head defs).value
      else foldl' (a: def:
        let merged = a.typeMerge def.value.functor; in
        if merged == null
        then throw "The option `${showOption loc}' has conflicting definition values:${showDefs defs}"
        else merged) (head defs).value (builtins.tail defs);
  };

  # --- submodules ------------------------------------------------------------

  # A nested module evaluation per option value: definitions become modules
  # (`shorthandOnlyDefinesConfig`: a plain attrset definition is config only),
  # and the submodule sees `name` = the last component of its option path.
  submoduleWith =
    { modules
    , specialArgs ? { }
    , shorthandOnlyDefinesConfig ? false
    , description ? null
    , class ? null
    }@attrs:
    let
      defsToModules = defs: map ({ value, file }:
        if isAttrs value && shorthandOnlyDefinesConfig
        then { _file = file; config = value; }
        else { _file = file; imports = [ value ]; }) defs;

      # Only for documentation and the freeform type: evaluated lazily, if ever.
      base = prefix: evalModules {
        inherit specialArgs prefix;
        modules = [ { _module.args.name = mkOptionDefault "‹name›"; } ] ++ modules;
      };
      freeformType = (base [ ])._module.freeformType;
    in
    mkOptionType {
      name = "submodule";
      description = if description != null then description else freeformType.description or "submodule";
      check = x: isAttrs x || isFunction x || t.path.check x;
      merge = loc: defs:
        (evalModules {
          inherit specialArgs;
          prefix = loc;
          modules = modules ++ [ { _module.args.name = last loc; } ] ++ defsToModules defs;
        }).config;
      emptyValue = { value = { }; };
      getSubOptions = prefix: (base prefix).options;
      getSubModules = modules;
      substSubModules = m: t.submoduleWith (attrs // { modules = m; });
      functor = (defaultFunctor "submodule") // {
        type = t.submoduleWith;
        payload = { inherit modules specialArgs shorthandOnlyDefinesConfig description class; };
        binOp = lhs: rhs: {
          modules = lhs.modules ++ rhs.modules;
          specialArgs =
            let common = builtins.intersectAttrs lhs.specialArgs rhs.specialArgs; in
            if common == { } then lhs.specialArgs // rhs.specialArgs
            else throw "A submoduleWith option is declared multiple times with the same specialArgs \"${toString (attrNames common)}\"";
          shorthandOnlyDefinesConfig =
            if lhs.shorthandOnlyDefinesConfig == null then rhs.shorthandOnlyDefinesConfig
            else if rhs.shorthandOnlyDefinesConfig == null then lhs.shorthandOnlyDefinesConfig
            else if lhs.shorthandOnlyDefinesConfig == rhs.shorthandOnlyDefinesConfig then lhs.shorthandOnlyDefinesConfig
            else throw "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values";
          description =
            if lhs.description == null then rhs.description
            else if rhs.description == null then lhs.description
            else if lhs.description == rhs.description then lhs.description
            else throw "A submoduleWith option is declared multiple times with conflicting descriptions";
          class =
            if lhs.class == null then rhs.class
            else if rhs.class == null || lhs.class == rhs.class then lhs.class
            else throw "A submoduleWith option is declared multiple times with conflicting class values";
        };
      };
    };

  submodule = modules: t.submoduleWith {
    shorthandOnlyDefinesConfig = true;
    modules = lib.toList modules;
  };
}
