# Reads the line itself rather than COMP_WORDS, which bash splits at ':' and '='.
_world() {
  local line=${COMP_LINE:0:COMP_POINT}
  local -a words cdir=()
  read -ra words <<<"$line"
  if [[ ${#words[@]} -eq 0 || $line =~ [[:space:]]$ ]]; then words+=(''); fi
  local cur=${words[-1]} prev='' id='' i=1 w kind next
  if (( ${#words[@]} > 1 )); then prev=${words[-2]}; fi
  if [[ $cur == --*=* ]]; then prev=${cur%%=*}; cur=${cur#*=}; fi
  while (( i < ${#words[@]} - 1 )); do
    w=${words[i]}
    case $w in
      -C|--dir) cdir=(-C "${words[i+1]}"); i=$((i + 2)); continue ;;
      --dir=*) cdir=(-C "${w#--dir=}") ;;
      -C?*) cdir=(-C "${w#-C}") ;;
      --color) i=$((i + 2)); continue ;;
      -*) ;;
      *) next=" $(_world_next "$id" | tr '\n' ' ') "; if [[ $next == *" $w "* ]]; then id=${id:+$id }$w; fi ;;
    esac
    i=$((i + 1))
  done
  kind=''
  if [[ $prev == -* ]]; then kind=$(_world_value "$id" "$prev"); fi
  if [[ -z $kind ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$(_world_flags "$id")" -- "$cur")); return; fi
    next=$(_world_next "$id")
    if [[ -n $next ]]; then COMPREPLY=($(compgen -W "$next" -- "$cur")); return; fi
    kind=$(_world_arg "$id")
  fi
  set -- $kind
  case $1 in
    choice) shift; COMPREPLY=($(compgen -W "$*" -- "$cur")) ;;
    ref) COMPREPLY=($(compgen -W "$(git "${cdir[@]}" for-each-ref --format='%(refname:short)' refs/heads refs/remotes refs/tags 2>/dev/null)" -- "$cur")) ;;
    project) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "${cdir[@]}" projects 2>/dev/null | cut -f1)" -- "$cur")) ;;
    dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    *) compopt +o default 2>/dev/null; COMPREPLY=() ;;
  esac
}

complete -o default -F _world world
