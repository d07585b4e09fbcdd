# modules.nix — the module system: evalModules, and the properties a definition
# can carry: mkIf, mkMerge, mkOverride (mkDefault, mkForce, …), mkOrder
# (mkBefore, mkAfter).
#
# An evaluation runs in four steps, all lazy:
#   1. collect — modules (paths, attrsets, functions) are loaded, their `imports`
#      followed, and each module kept once per key (a file's path, or its `key`);
#   2. merge   — declarations and definitions are grouped by name across modules,
#      level by level (mkIf/mkMerge/mkOverride on a set are pushed down to its
#      attributes); each declared option gets the list of its definitions;
#   3. value   — per option, on demand: mkIf/mkMerge are discharged, only the
#      definitions with the best priority stay, mkOrder sorts them, the type
#      checks each one and merges them;
#   4. check   — a definition that matches no option is an error.
# `config` is a fixpoint: every module receives the final `config` and `options`.
#
# Semantics and error wording follow nixpkgs' lib/modules.nix (including its
# quirk that definitions are merged in reverse module order), so that world's
# modules evaluate the same with this lib or with nixpkgs' lib.
{ lib }:
let
  inherit (builtins)
    isAttrs isList isBool isString length head filter concatMap concatLists mapAttrs
    attrNames removeAttrs zipAttrsWith genericClosure foldl' all any elem sort addErrorContext;
  inherit (lib)
    isFunction mkOption types showOption showFiles showDefs imap1 reverseList
    setAttrByPath recursiveUpdate;

  # --- properties --------------------------------------------------------------

  defaultOverridePriority = 100;
  defaultOrderPriority = 1000;

  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkOptionDefault = mkOverride 1500; # the priority of an option's `default`

  typeOfProperty = v: v._type or "";
  isOption = v: v._type or "" == "option";

  # Move mkMerge/mkIf/mkOverride wrapping a set onto the set's attributes:
  # mkIf c { a = 1; } → [ { a = mkIf c 1; } ].
  pushDownProperties = cfg:
    let type = typeOfProperty cfg; in
    if type == "merge" then concatMap pushDownProperties cfg.contents
    else if type == "if" then map (mapAttrs (n: v: mkIf cfg.condition v)) (pushDownProperties cfg.content)
    else if type == "override" then map (mapAttrs (n: v: mkOverride cfg.priority v)) (pushDownProperties cfg.content)
    else [ cfg ];

  # The plain values of one definition: mkMerge flattens, mkIf false drops.
  dischargeProperties = def:
    let type = typeOfProperty def; in
    if type == "merge" then concatMap dischargeProperties def.contents
    else if type == "if" then
      if isBool def.condition
      then (if def.condition then dischargeProperties def.content else [ ])
      else throw "‘mkIf’ called with a non-Boolean condition"
    else [ def ];

  # Keep the definitions with the best (lowest) priority; strip their mkOverride.
  filterOverrides' = defs:
    let
      isOverride = d: typeOfProperty d.value == "override";
      prio = d: if isOverride d then d.value.priority else defaultOverridePriority;
      highestPrio = foldl' (p: d: let q = prio d; in if q < p then q else p) 9999 defs;
    in
    # Fast paths (same result): a single definition, or none with mkOverride.
    if length defs == 1 then
      let d = head defs; in
      if isOverride d
      then { highestPrio = d.value.priority; values = [ (d // { value = d.value.content; }) ]; }
      else { highestPrio = defaultOverridePriority; values = defs; }
    else if defs != [ ] && !any isOverride defs then { highestPrio = defaultOverridePriority; values = defs; }
    else {
      inherit highestPrio;
      values = concatMap (d:
        if prio d != highestPrio then [ ]
        else if isOverride d then [ (d // { value = d.value.content; }) ]
        else [ d ]) defs;
    };

  # Stable sort by mkOrder priority (default 1000), stripping mkOrder.
  sortProperties = defs:
    let
      strip = d:
        if typeOfProperty d.value == "order"
        then d // { value = d.value.content; inherit (d.value) priority; }
        else d;
      prio = d: d.priority or defaultOrderPriority;
    in
    sort (a: b: prio a < prio b) (map strip defs);

  # --- 1. collecting modules -----------------------------------------------------

  # Canonical form: { _file; key; disabledModules; imports; options; config; }.
  # A module without `options`/`config` is shorthand: its other attributes are config.
  unifyModuleSyntax = file: key: m:
    let
      extras = lib.optional (m ? freeformType) { _module.freeformType = m.freeformType; };
      withExtras = config: if extras == [ ] then config else mkMerge ([ config ] ++ extras);
      file' = toString (m._file or file);
      key' = toString (m.key or key);
    in
    if m ? config || m ? options then
      let
        bad = removeAttrs m [ "_class" "_file" "key" "disabledModules" "imports" "options" "config" "meta" "freeformType" ];
        metaDef = lib.optional (m ? meta) { meta = m.meta; };
      in
      if bad != { } then
        throw "Module `${key}' has an unsupported attribute `${head (attrNames bad)}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${toString (attrNames bad)}) into the explicit `config' attribute."
      else {
        _file = file';
        key = key';
        disabledModules = m.disabledModules or [ ];
        imports = m.imports or [ ];
        options = m.options or { };
        config = withExtras (if metaDef == [ ] then m.config or { } else mkMerge ([ (m.config or { }) ] ++ metaDef));
      }
    else if !isAttrs m then
      throw "module ${file} (${key}) does not look like a module."
    else {
      _file = file';
      key = key';
      disabledModules = m.disabledModules or [ ];
      imports = m.require or [ ] ++ m.imports or [ ];
      options = { };
      config = withExtras (removeAttrs m [ "_class" "_file" "key" "disabledModules" "require" "imports" "freeformType" ]);
    };

  # Call a function module. Each argument it names is looked up lazily: first in
  # `args` (config, options, lib, specialArgs), then in `config._module.args`.
  applyModuleArgs = key: f: args@{ config, ... }:
    if isFunction f then
      f (args // mapAttrs (name: _:
        addErrorContext "while evaluating the module argument `${name}' in \"${key}\":"
          (args.${name} or config._module.args.${name}))
        (lib.functionArgs f))
    else f;

  # Inline modules are named after their parent: file `parentFile`, key
  # `parentKey:anon-N`; modules given as paths by their path.
  loadModule = args: parentFile: fallbackKey: m:
    if isFunction m || isAttrs m then
      unifyModuleSyntax parentFile fallbackKey (applyModuleArgs fallbackKey m args)
    else if isList m then
      throw "Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions:${showDefs [ { file = parentFile; value = m; } ]}"
    else
      let file = toString m; in
      unifyModuleSyntax file file (applyModuleArgs file (import m) args);

  disabledKey = modulesPath: file: m:
    if isString m && builtins.substring 0 1 m != "/" then toString modulesPath + "/" + m
    else if isAttrs m && m ? key then toString m.key
    else if isAttrs m && !(m ? outPath || m ? __toString) then
      throw "Module `${file}' contains a disabledModules item that is an attribute set without a `key' attribute; use its path or give it a `key'."
    else toString m;

  # All modules reachable through `imports`, once per key, breadth first (the
  # order of builtins.genericClosure, which does the deduplication).
  collectModules = modulesPath: modules: args:
    let
      tree = parentFile: parentKey: ms: imap1 (n: m:
        let module = loadModule args parentFile "${parentKey}:anon-${toString n}" m; in
        { inherit (module) key; inherit module; imports = tree module._file module.key module.imports; })
        ms;
      top = tree "<unknown-file>" "" modules;
      closure = keep: map (x: x.module) (genericClosure { startSet = keep top; operator = x: keep x.imports; });
      everything = closure (xs: xs);
      disabled = concatMap (m: map (disabledKey modulesPath m._file) m.disabledModules) everything;
    in
    if disabled == [ ] then everything
    else closure (filter (x: !elem x.key disabled));

  # --- 2. merging declarations and definitions ------------------------------------

  mergeModules = prefix: modules:
    mergeModules' prefix modules
      (concatMap (m: map (config: { file = m._file; inherit config; }) (pushDownProperties m.config)) modules);

  # decls: [ { _file; options = <declarations at prefix>; } ]
  # defs:  [ { file; config = <definitions at prefix>; } ]
  # → { matchedOptions = <tree of evaluated options>; unmatchedDefns = [ { file; prefix; value; } ]; }
  mergeModules' = prefix: decls: defs:
    let
      declsByName = zipAttrsWith (n: v: v) (map (d:
        if isAttrs d.options then mapAttrs (n: o: { inherit (d) _file; options = o; }) d.options
        else throw "In module `${d._file}', expected an attribute set of option declarations at `${showOption prefix}' but got a ${builtins.typeOf d.options}.")
        decls);

      # The definitions of each name, as written: [ { file; value; } ].
      defsByName = zipAttrsWith (n: v: v) (map (d:
        if isAttrs d.config then mapAttrs (n: v: { inherit (d) file; value = v; }) d.config
        else throw "You're trying to define a value of type `${builtins.typeOf d.config}' rather than an attribute set for the option `${showOption prefix}' (in `${d.file}')! This usually happens if `${showOption prefix}' has option definitions inside that are not matched.")
        defs);

      # For descending into a namespace: properties pushed down one level.
      pushedDefs = name: concatMap (d: map (config: { inherit (d) file; inherit config; }) (pushDownProperties d.value))
        (defsByName.${name} or [ ]);

      results = mapAttrs (name: decls':
        let
          loc = prefix ++ [ name ];
          optionDecls = filter (d: isOption d.options) decls';
          evalOption = ds: {
            matched = evalOptionValue loc (fixupOptionType loc (mergeOptionDecls loc ds)) (defsByName.${name} or [ ]);
            unmatched = [ ];
          };
        in
        if length optionDecls == length decls' then evalOption decls'
        else if optionDecls == [ ] then
          # A namespace: descend (unless something like a type was declared by mistake).
          let notOption = lib.findFirst (d: d.options ? _type) null decls'; in
          if notOption != null then
            throw "In module `${notOption._file}', expected an option declaration at option path `${showOption loc}' but got an attribute set with type ${notOption.options._type}"
          else
            let sub = mergeModules' loc decls' (pushedDefs name); in
            { matched = sub.matchedOptions; unmatched = sub.unmatchedDefns; }
        # Sub-option declarations can be merged into a submodule option.
        else if all (d: d.options.type.name or null == "submodule") optionDecls then
          evalOption (map optionTreeToOption decls')
        else
          let first = head optionDecls; in
          throw "The option `${showOption loc}' in module `${first._file}' would be a parent of the following options, but its type `${first.options.type.description or "<no description>"}' does not support nested options.\n${
            lib.concatMapStrings (d: "- option(s) with prefix `${showOption loc}' in module `${d._file}'\n") (filter (d: !isOption d.options) decls')}")
        declsByName;
    in
    {
      matchedOptions = mapAttrs (n: r: r.matched) results;
      unmatchedDefns =
        if defs == [ ] then [ ]
        else concatLists (map (name:
          map (d: d // { prefix = [ name ] ++ (d.prefix or [ ]); })
            (if results ? ${name} then results.${name}.unmatched else defsByName.${name}))
          (attrNames defsByName));
    };

  # Combine the declarations of one option: at most one may give default,
  # example, description or apply; types must be mergeable; submodule modules
  # from every declaration are collected in `options`.
  mergeOptionDecls = loc: opts:
    if length opts == 1 then
      # The common case, without the fold: the same result.
      let opt = head opts; subModules = opt.options.type.getSubModules or null; in
      opt.options // {
        inherit loc;
        declarations = [ opt._file ];
        options = if subModules != null then map (setDefaultModuleLocation opt._file) subModules else [ ];
      }
    else
      foldl' (res: opt:
        let
          bothHave = k: opt.options ? ${k} && res ? ${k};
          mergedType = res.type.typeMerge opt.options.type.functor;
          subModules = opt.options.type.getSubModules or null;
        in
        if bothHave "default" || bothHave "example" || bothHave "description" || bothHave "apply"
          || (bothHave "type" && mergedType == null)
        then throw "The option `${showOption loc}' in `${opt._file}' is already declared in ${showFiles res.declarations}."
        else
          # Earlier declarations win for plain attributes; types are merged.
          opt.options // res // {
            declarations = res.declarations ++ [ opt._file ];
            options =
              if subModules != null
              then map (setDefaultModuleLocation opt._file) subModules ++ res.options
              else res.options;
          } // lib.optionalAttrs (bothHave "type") { type = mergedType; })
        { inherit loc; declarations = [ ]; options = [ ]; }
        opts;

  # Give a submodule type the modules of all declarations (or default the type).
  fixupOptionType = loc: opt:
    if opt.type.getSubModules or null == null
    then (if opt ? type then opt else opt // { type = types.unspecified; })
    else opt // { type = opt.type.substSubModules opt.options; options = [ ]; };

  # Sub-option declarations next to a submodule option become a submodule too.
  optionTreeToOption = decl:
    if isOption decl.options then decl
    else decl // {
      options = mkOption {
        type = types.submoduleWith {
          modules = [ { options = decl.options; } ];
          shorthandOnlyDefinesConfig = null;
        };
      };
    };

  setDefaultModuleLocation = file: m: { _file = file; imports = [ m ]; };

  # --- 3. option values ---------------------------------------------------------------

  # The option as declared, plus its value and where it was defined.
  evalOptionValue = loc: opt: defs:
    let
      defs' = lib.optional (opt ? default) { file = head opt.declarations; value = mkOptionDefault opt.default; } ++ defs;
      res =
        # Fast path (same result): only a plain default.
        if defs == [ ] && opt ? default && !(opt.default ? _type) then
          mergeFinal loc opt.type {
            values = [ { file = head opt.declarations; value = opt.default; } ];
            highestPrio = 1500;
          }
        else if opt.readOnly or false && length defs' > 1 then
          throw "The option `${showOption loc}' is read-only, but it's set multiple times. Definition values:${
            showDefs (map (d: d // { value = (mergeDefinitions loc opt.type [ d ]).mergedValue; }) defs')}"
        else mergeDefinitions loc opt.type defs';
      value = if opt ? apply then opt.apply res.mergedValue else res.mergedValue;
    in
    opt // {
      value = addErrorContext "while evaluating the option `${showOption loc}':" value;
      inherit (res.defsFinal') highestPrio;
      definitions = map (d: d.value) res.defsFinal;
      files = map (d: d.file) res.defsFinal;
      definitionsWithLocations = res.defsFinal;
      inherit (res) isDefined;
      __toString = _: showOption loc;
    };

  # Definitions → the value: properties resolved, then checked and merged by the type.
  mergeDefinitions = loc: type: defs: mergeFinal loc type (finalDefinitions defs);

  # mkIf/mkMerge discharged, best priority kept, mkOrder sorted: { values; highestPrio; }.
  finalDefinitions = defs:
    # Plain values (no `_type` anywhere): nothing to discharge, override or sort.
    if all (d: !(d.value ? _type)) defs then
      { values = defs; highestPrio = if defs == [ ] then 9999 else defaultOverridePriority; }
    else
      let
        discharged = concatMap (d:
          let type = typeOfProperty d.value; in
          if type != "if" && type != "merge" then [ d ]
          else map (value: { inherit (d) file; inherit value; })
            (addErrorContext "while evaluating definitions from `${d.file}':" (dischargeProperties d.value)))
          defs;
        best = filterOverrides' discharged;
      in
      {
        inherit (best) highestPrio;
        values =
          if any (d: typeOfProperty d.value == "order") best.values
          then sortProperties best.values
          else best.values;
      };

  mergeFinal = loc: type: defsFinal': rec {
    inherit defsFinal';
    defsFinal = defsFinal'.values;
    isDefined = defsFinal != [ ];
    mergedValue =
      if !isDefined then
        throw "The option `${showOption loc}' is used but not defined."
      else if all (d: type.check d.value) defsFinal then
        type.merge loc defsFinal
      else
        throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:${
          showDefs (filter (d: !type.check d.value) defsFinal)}";
    optionalValue = if isDefined then { value = mergedValue; } else { };
  };

  # The config tree of an options tree.
  optionValues = mapAttrs (n: v: if isOption v then v.value else optionValues v);

  # --- evalModules ---------------------------------------------------------------------

  # The `_module` options every evaluation declares (shared: they never change).
  internalOptions = {
    args = mkOption {
      type = types.lazyAttrsOf types.raw;
      internal = true;
      description = "Arguments passed to each module.";
    };
    check = mkOption {
      type = types.bool;
      internal = true;
      default = true;
      description = "Whether to check whether all option definitions have matching declarations.";
    };
    freeformType = mkOption {
      type = types.nullOr types.optionType;
      internal = true;
      default = null;
      description = "If set, merge all definitions that don't have an associated option together using this type.";
    };
    specialArgs = mkOption {
      readOnly = true;
      internal = true;
      description = "Externally provided module arguments that can't be modified from within a configuration.";
    };
  };

  evalModules = evalArgs@{ modules, prefix ? [ ], args ? { }, specialArgs ? { }, check ? true, class ? null }:
    let
      # Deprecated arguments of nixpkgs' evalModules, still honoured.
      legacyModules =
        lib.optional (evalArgs ? args) { config._module.args = args; }
        ++ lib.optional (evalArgs ? check) { config._module.check = mkOverride 1000 check; };
      regularModules = modules ++ legacyModules;

      internalModule = {
        _file = "lib/modules.nix";
        key = "lib/modules.nix";
        options._module = internalOptions;
        config._module = {
          args = { inherit extendModules; moduleType = type; };
          inherit specialArgs;
        };
      };

      merged = mergeModules prefix (reverseList (collectModules
        (specialArgs.modulesPath or "")
        (regularModules ++ [ internalModule ])
        ({ inherit lib options config specialArgs; _class = class; } // specialArgs)));

      options = merged.matchedOptions;

      declaredConfig = optionValues options;
      freeformType = declaredConfig._module.freeformType;
      config =
        if freeformType == null then declaredConfig
        else
          let defs = map (d: { inherit (d) file; value = setAttrByPath d.prefix d.value; }) merged.unmatchedDefns; in
          recursiveUpdate (if defs == [ ] then { } else freeformType.merge prefix defs) declaredConfig;

      checkUnmatched =
        if config._module.check && freeformType == null && merged.unmatchedDefns != [ ] then
          let
            firstDef = head merged.unmatchedDefns;
            message = "The option `${showOption (prefix ++ firstDef.prefix)}' does not exist. Definition values:${showDefs [ firstDef ]}";
          in
          if attrNames options == [ "_module" ]
          then throw "${message}\n\nIt seems as if you're trying to declare an option by placing it into `config' rather than `options'!"
          else throw message
        else null;
      checked = builtins.seq checkUnmatched;

      extendModules = extendArgs@{ modules ? [ ], specialArgs ? { }, prefix ? [ ] }:
        evalModules (removeAttrs evalArgs [ "args" "check" ] // {
          modules = regularModules ++ modules;
          specialArgs = evalArgs.specialArgs or { } // specialArgs;
          prefix = extendArgs.prefix or evalArgs.prefix or [ ];
        });

      type = types.submoduleWith { modules = regularModules; inherit specialArgs class; };
    in
    {
      _type = "configuration";
      options = checked options;
      config = checked (removeAttrs config [ "_module" ]);
      _module = checked config._module;
      inherit extendModules type class;
    };
in
{
  inherit
    evalModules collectModules unifyModuleSyntax applyModuleArgs mergeModules mergeModules'
    mergeOptionDecls fixupOptionType evalOptionValue mergeDefinitions pushDownProperties
    dischargeProperties filterOverrides' sortProperties setDefaultModuleLocation
    mkIf mkMerge mkOverride mkOrder mkOptionDefault defaultOverridePriority defaultOrderPriority;

  applyModuleArgsIfFunction = applyModuleArgs;
  defaultPriority = defaultOverridePriority;
  filterOverrides = defs: (filterOverrides' defs).values;

  mkDefault = mkOverride 1000;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  mkFixStrictness = x: x;
}
