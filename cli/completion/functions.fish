# The command words on the line so far ('' before any), skipping flags and the values of -C and --color.
function __world_id
    set -l words (commandline -opc)
    set -l id ''
    set -l i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        switch $w
            case -C --dir --color
                set i (math $i + 2)
                continue
            case '-*'
            case '*'
                set -l candidate (string trim -- "$id $w")
                if contains -- $candidate $__world_ids
                    set id $candidate
                end
        end
        set i (math $i + 1)
    end
    echo $id
end

function __world_is
    set -l id (__world_id)
    test "$id" = "$argv[1]"
end

# -C <dir> as given on the line, for the git and world calls below.
function __world_dir
    set -l words (commandline -opc)
    set -l i (contains -i -- -C $words; or contains -i -- --dir $words)
    and printf '%s\n' -C $words[(math $i + 1)]
end

function __world_refs
    git (__world_dir) for-each-ref --format='%(refname:short)' refs/heads refs/remotes refs/tags 2>/dev/null
end

function __world_projects
    set -l words (commandline -opc)
    $words[1] (__world_dir) projects 2>/dev/null | string split -f1 \t
end
