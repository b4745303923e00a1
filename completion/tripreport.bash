# bash completion for tripreport(1): the commands, their options, and the
# values some options take. Installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/tripreport; to try it from
# the source folder:  . completion/tripreport.bash

_tripreport_layouts()
{
    # The layouts' names the program knows (its data folder), and files.
    local names="default print"
    COMPREPLY=($(compgen -W "$names" -- "$1") $(compgen -f -X '!*.layout' -- "$1") $(compgen -d -S / -- "$1"))
}

_tripreport()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="render check batch volume fonts new watch"
    local report="--layout --draft --now --image-dpi --jpeg-quality --handout --grayscale --grayscale-photos --keep-photo-metadata"
    local preview="--png --dpi --pages"

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    # "--from=x": bash splits it into "--from" "=" "x"; complete x as the
    # value of --from.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return 0
    fi

    case $prev in
    -l | --layout)
        _tripreport_layouts "$cur"; return 0 ;;
    --handout)
        COMPREPLY=($(compgen -W "1 2 3 4 6" -- "$cur")); return 0 ;;
    --png)
        COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
    -o | --output)
        if [[ $cmd == batch ]]; then
            COMPREPLY=($(compgen -d -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -S / -- "$cur"))
        fi
        return 0 ;;
    --from)
        COMPREPLY=($(compgen -f -X '!*.txt' -- "$cur") $(compgen -d -S / -- "$cur")); return 0 ;;
    --image-dpi | --jpeg-quality | --dpi | --pages | -j | --jobs)
        return 0 ;;
    esac

    local opts
    case $cmd in
    render) opts="-o --output --dump $report $preview" ;;
    watch) opts="-o --output $report $preview" ;;
    check) opts="--layout --draft" ;;
    batch) opts="-o --output -j --jobs --force $report" ;;
    volume) opts="-o --output $report" ;;
    fonts) opts="--layout" ;;
    new) opts="--from" ;;
    *) opts= ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    elif [[ $cmd == new ]]; then
        # The new report's folder: folders only.
        COMPREPLY=($(compgen -d -S / -- "$cur"))
    elif [[ $cmd == batch || $cmd == volume ]]; then
        COMPREPLY=($(compgen -d -S / -- "$cur") $(compgen -f -X '!*.txt' -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*.txt' -- "$cur") $(compgen -d -S / -- "$cur"))
    fi
    # A folder completes on into it, without a space after the '/'.
    if [[ ${#COMPREPLY[@]} -ge 1 && ${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -F _tripreport tripreport
