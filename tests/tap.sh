# tap.sh: counting what one test program did, sourced by tests/run.sh and
# tests/test_tap.sh. POSIX sh + awk.
#
# A program's own "ok"/"not ok" lines are not enough: a program that bails
# out, crashes or aborts prints no line for the tests it never reached. So the
# number of tests is asked for first (tap_list: GLib programs list their
# tests with -l, without running them), and every listed test without a
# result counts as failed.

# tap_list PROGRAM [ARGS...]: the test paths PROGRAM would run, one a line.
tap_list() {
    "$@" -l 2>/dev/null | grep '^/'
}

# tap_sum NAME TAP EXPECTED RC LOGS
#   NAME      the program, as shown in messages
#   TAP       a file holding everything it printed (stdout and stderr)
#   EXPECTED  how many tests it has (tap_list), or -1 when that is unknown
#   RC        its exit status (128+N: killed by signal N)
#   LOGS      a file of lines "LOGFILE<TAB>N": a sanitizer log file that had
#             appeared by the time result N was printed ("end": after the last
#             result). Log files are named PREFIX.PROGRAM.PID (log_exe_name=1).
# Prints a "not ok - ..." line for each failure that the program's own lines do
# not show (tests that never ran: one line giving their number; a sanitizer
# report, with the report; a bad exit status), the skipped tests as "# skipped:"
# lines, and last the line "# counts PASSED FAILED SKIPPED".
# A sanitizer report (AddressSanitizer, LeakSanitizer, a UBSan "runtime
# error:", or a sanitizer that could not symbolize) turns the test it belongs
# to into a failure; one after the last result is a failure of its own, unless
# tests are missing anyway (then it is their cause, and is shown).
tap_sum() {
    awk -v name="$1" -v expected="$3" -v rc="$4" -v logs="$5" -v maxlines=150 '
    function kind_of(f,    line, k, n) {
        k = ""; n = 0; text = ""
        while ((getline line < f) > 0) {
            n++
            if (n <= maxlines) text = text "#   " line "\n"
            if (line ~ /ERROR: LeakSanitizer/) k = k "L"
            else if (line ~ /ERROR: AddressSanitizer/) k = k "A"
            else if (line ~ /runtime error:/) k = k "U"
            else if (line ~ /==[0-9]+==WARNING: .*symbolizer/) k = k "S"
        }
        close(f)
        if (n > maxlines) text = text "#   ... (" (n - maxlines) " more lines in " f ")\n"
        if (k ~ /A/) return "an AddressSanitizer report"
        if (k ~ /U/) return "an UndefinedBehaviorSanitizer report (runtime error)"
        if (k ~ /L/) return "a LeakSanitizer report (memory leak)"
        if (k ~ /S/) return "a sanitizer that could not symbolize (llvm-symbolizer broken? suppressions cannot match)"
        return ""
    }
    function who(f,    b, pid, exe) {
        b = f; sub(/.*\//, "", b)            # PREFIX.PROGRAM.PID
        pid = b; sub(/.*\./, "", pid)
        exe = b; sub(/\.[^.]*$/, "", exe); sub(/^[^.]*\./, "", exe)
        return exe " (pid " pid ")"
    }
    BEGIN {
        passed = failed = skipped = ran = 0; plan = -1; bail = 0; nl = 0; last = ""
        if (logs != "")
            while ((getline l < logs) > 0) {
                i = index(l, "\t"); f = substr(l, 1, i - 1); t = substr(l, i + 1)
                k = kind_of(f)
                if (k == "") {
                    if (text != "") notes = notes "# " who(f) " wrote to its sanitizer log (not a report):\n" text
                    continue
                }
                nl++; lf[nl] = f; lt[nl] = t; lk[nl] = k; ltext[nl] = text
            }
    }
    /^1\.\.[0-9]+/ { p = $1; sub(/^1\.\./, "", p); if (p + 0 > plan) plan = p + 0; next }
    /^Bail out!/ { bail = 1; next }
    /^(not )?ok [0-9]+/ {
        isnot = ($1 == "not")
        num = isnot ? $3 : $2
        desc = $0; sub(/^(not )?ok [0-9]+ *(- )?/, "", desc)
        path = desc; sub(/ *#.*$/, "", path)
        ran++; last = $0; pathof[num] = path
        if (desc ~ /#[ \t]*[Ss][Kk][Ii][Pp]/ || (isnot && desc ~ /#[ \t]*[Tt][Oo][Dd][Oo]/)) {
            why = desc; sub(/^[^#]*#[ \t]*/, "", why)
            skipped++; outcome[num] = "skipped"
            skips = skips "# skipped: " path " (" why ")\n"
        } else if (isnot) { failed++; outcome[num] = "failed" }
        else { passed++; outcome[num] = "passed" }
        next
    }
    END {
        out = ""
        ended = 0
        for (i = 1; i <= nl; i++) {
            t = lt[i]
            if (t == "end" || !(t in outcome)) { ended++; endlog[ended] = i; continue }
            o = outcome[t]
            if (o == "passed" || o == "skipped") {
                if (o == "passed") passed--; else skipped--
                failed++; outcome[t] = "failed"
                out = out "not ok - " name ": " pathof[t] " " (o == "passed" ? "passed" : "was skipped") ", but " who(lf[i]) " wrote " lk[i] " while it ran:\n" ltext[i]
            } else
                out = out "# " name ": " pathof[t] " (failed) also had " lk[i] " from " who(lf[i]) ":\n" ltext[i]
        }

        total = expected + 0
        if (plan > total) total = plan
        why = ""
        if (bail) why = "it bailed out"
        if (rc + 0 > 128) why = why (why != "" ? ", " : "") "it was killed by signal " (rc - 128) " (exit status " rc ")"
        else if (rc + 0 != 0) why = why (why != "" ? ", " : "") "exit status " rc
        else if (!bail) why = "it exited with status 0 before the end"
        lastmsg = last != "" ? "; the last result was: " last : "; no test reported a result"

        missing = total >= 0 ? total - ran : 0
        for (j = 1; j <= ended; j++) {
            i = endlog[j]
            if (missing > 0 || (total < 0 && rc + 0 != 0))
                out = out "# " name ": " who(lf[i]) " wrote " lk[i] " after the last result (the cause of what follows?):\n" ltext[i]
            else {
                failed++
                out = out "not ok - " name ": " who(lf[i]) " wrote " lk[i] " after its last test (at exit):\n" ltext[i]
            }
        }
        if (total < 0) {
            if (rc + 0 != 0 || bail) {
                failed++
                out = out "not ok - " name ": its tests could not be listed and it stopped (" why ")" lastmsg "; counted as 1 failure, but an unknown number of tests did not run\n"
            }
        } else if (missing > 0) {
            failed += missing
            out = out "not ok - " name ": " missing " of its " total " tests did not run (" why ")" lastmsg "\n"
        } else if (missing < 0) {
            failed++
            out = out "not ok - " name ": " ran " results for " total " listed tests\n"
        }
        if (rc + 0 != 0 && failed == 0) {
            failed++
            out = out "not ok - " name " exited with status " rc " although every test passed\n"
        }
        printf "%s%s%s", notes, out, skips
        print "# counts " passed " " failed " " skipped
    }' "$2"
}
