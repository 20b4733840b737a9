# Turns the statements PostgreSQL logged with log_min_duration_statement = 0 into a pgbench
# script (stdout) and its parameter values (pgbench -D name=value lines, into the file `params`):
# statement k's $n becomes :sk_n, a NULL parameter the literal NULL. The SET LOCAL settings the
# session made go to the file `settings` as name=value lines (for PGOPTIONS).
#   awk -v want=ERE -v skip=ERE -v params=FILE -v settings=FILE -f capture.awk postgres.log
# Only `execute` entries whose SQL matches `want` and not `skip` are kept, in log order.

function flush(    out, i, c, j, num, name) {
    if (pending == "")
        return
    k++
    out = ""
    i = 1
    while (i <= length(pending)) {
        c = substr(pending, i, 1)
        if (c == "$" && substr(pending, i + 1, 1) ~ /[0-9]/) {
            j = i + 1
            num = ""
            while (j <= length(pending) && substr(pending, j, 1) ~ /[0-9]/) {
                num = num substr(pending, j, 1)
                j++
            }
            name = "s" k "_" num
            if (num in isnull) {
                out = out "NULL"
            } else {
                out = out ":" name
                if (!(num in value)) {
                    print "capture.awk: no value for $" num > "/dev/stderr"
                    bad = 1
                }
                if (!(name in written))
                    printf "%s=%s\n", name, value[num] > params
                written[name] = 1
            }
            i = j
            continue
        }
        out = out c
        i++
    }
    sub(/;?[ \t]*$/, ";", out)
    print out
    pending = ""
    split("", value)
    split("", isnull)
}

# $1 = 'text', $2 = NULL, ... with '' standing for a quote inside a value
function parse_params(s,    i, num, v, c) {
    i = 1
    while (i <= length(s)) {
        if (substr(s, i, 1) != "$") {
            i++
            continue
        }
        i++
        num = ""
        while (substr(s, i, 1) ~ /[0-9]/) {
            num = num substr(s, i, 1)
            i++
        }
        i += 3 # " = "
        if (substr(s, i, 4) == "NULL") {
            isnull[num] = 1
            i += 4
            continue
        }
        i++ # opening quote
        v = ""
        while (i <= length(s)) {
            c = substr(s, i, 1)
            if (c == "'" && substr(s, i + 1, 1) == "'") {
                v = v "'"
                i += 2
            } else if (c == "'") {
                i++
                break
            } else {
                v = v c
                i++
            }
        }
        value[num] = v
    }
}

# A statement spans several log lines (kpid's statements are laid out on many lines, with --
# comments): the first follows "execute <name>: ", the others start with a tab. The comments go
# and the lines are joined into one, as pgbench wants.
function uncomment(line) {
    sub(/--.*$/, "", line)
    return line
}

function end_statement() {
    collecting = 0
    gsub(/[ \t]+/, " ", sql)
    sub(/^ /, "", sql)
    if (sql ~ want && (skip == "" || sql !~ skip))
        pending = sql
}

collecting && /^\t/ {
    sql = sql " " uncomment(substr($0, 2))
    next
}

collecting {
    end_statement()
}

/ LOG:  duration: [0-9.]+ ms  execute [^:]*: / {
    flush()
    sql = $0
    sub(/^.* LOG:  duration: [0-9.]+ ms  execute [^:]*: /, "", sql)
    sql = uncomment(sql)
    collecting = 1
    next
}

/ LOG:  duration: [0-9.]+ ms  statement: / {
    flush()
    n = split($0, parts, ";")
    for (i = 1; i <= n; i++) {
        if (match(parts[i], /SET LOCAL [a-z_]+ = [^ ]+/)) {
            set = substr(parts[i], RSTART + 10, RLENGTH - 10)
            name = set
            sub(/ = .*/, "", name)
            val = set
            sub(/^[a-z_]+ = /, "", val)
            gsub(/'/, "", val)
            if (!(name in setting))
                printf "%s=%s\n", name, val > settings
            setting[name] = val
        }
    }
    next
}

/ DETAIL:  parameters: / {
    if (pending != "") {
        p = $0
        sub(/^.* DETAIL:  parameters: /, "", p)
        parse_params(p)
        flush()
    }
    next
}

END {
    if (collecting)
        end_statement()
    flush()
    if (settings != "")
        printf "" >> settings # the file exists even when there is nothing to set
    if (k == 0) {
        print "capture.awk: no statement matched" > "/dev/stderr"
        exit 1
    }
    exit bad
}
