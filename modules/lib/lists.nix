# lists.nix — list helpers (lib.optional, lib.imap1, lib.unique, …).
#
# Same names and meaning as nixpkgs' lib/lists.nix. Everything is built on
# builtins so that it stays linear: no list is rebuilt element by element.
{ lib }:
let
  inherit (builtins) genList length elemAt filter foldl' head;
in
{
  inherit (builtins)
    head tail length elemAt elem filter map concatLists concatMap
    all any sort genList partition foldl';

  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  toList = x: if builtins.isList x then x else [ x ];

  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);

  foldl = op: nul: list: foldl' op nul list;
  foldr = op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;

  last = list: assert list != [ ]; elemAt list (length list - 1);
  init = list: assert list != [ ]; lib.take (length list - 1) list;
  take = count: lib.sublist 0 count;
  drop = count: list: lib.sublist count (length list) list;
  sublist = start: count: list:
    let
      len = length list;
      n = if start >= len then 0 else if start + count > len then len - start else count;
    in
    genList (i: elemAt list (i + start)) n;

  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
  reverseList = list: let l = length list; in genList (n: elemAt list (l - n - 1)) l;
  flatten = x: if builtins.isList x then builtins.concatMap lib.flatten x else [ x ];
  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;
  findFirst = pred: default: list:
    let found = filter pred list; in if found == [ ] then default else head found;
  unique = foldl' (acc: e: if builtins.elem e acc then acc else acc ++ [ e ]) [ ];
}
