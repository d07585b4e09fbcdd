_world() {
  local -a cdir next described
  local id='' i=2 w kind cur=${words[CURRENT]} prev=${words[CURRENT-1]}
  while (( i < CURRENT )); do
    w=${words[i]}
    case $w in
      (-C|--dir) cdir=(-C ${words[i+1]}); (( i += 2 )); continue ;;
      (--dir=*) cdir=(-C ${w#--dir=}) ;;
      (-C?*) cdir=(-C ${w#-C}) ;;
      (--color) (( i += 2 )); continue ;;
      (-*) ;;
      (*) next=(${${(f)"$(_world_next "$id")"}%%:*}); if (( ${next[(Ie)$w]} )); then id=${id:+$id }$w; fi ;;
    esac
    (( i++ ))
  done
  if [[ $cur == --*=* ]]; then prev=${cur%%=*}; compset -P '*='; cur=${cur#*=}; fi
  kind=''
  if [[ $prev == -* ]]; then kind=$(_world_value "$id" "$prev"); fi
  if [[ -z $kind ]]; then
    if [[ $cur == -* ]]; then described=(${(f)"$(_world_flags "$id")"}); _describe -t flags flag described; return; fi
    described=(${(f)"$(_world_next "$id")"})
    if (( $#described )); then _describe -t commands command described; return; fi
    kind=$(_world_arg "$id")
  fi
  set -- ${=kind}
  case $1 in
    (choice) shift; compadd -- "$@" ;;
    (ref) compadd -- ${(f)"$(git $cdir for-each-ref --format='%(refname:short)' refs/heads refs/remotes refs/tags 2>/dev/null)"} ;;
    (project) compadd -- ${${(f)"$(${words[1]} $cdir projects 2>/dev/null)"}%%$'\t'*} ;;
    (dir) _files -/ ;;
    (file) _files ;;
  esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _world "$@"; else compdef _world world; fi
