#!/usr/bin/env bash
# `make bench`: builds jianxi in release, generates synthetic data under .bench/ with
# `jianxi sample`, and times each scenario with GNU time (wall clock, peak resident memory),
# then prints one table row per scenario, with its baseline and target.
#
# Environment:
#   SWIFT           the swift driver (default swift)
#   BENCH_SCRATCH   a --scratch-path for the release build (default: SwiftPM's .build)
#   BENCH_TIMEOUT   seconds one command may run before it is stopped and reported n/a (default 900)
#   BENCH_FRESH=1   rebuild the ten-year store even when .bench/ holds one built from the same
#                   sources and data (building it is the slowest step)
#   BENCH_ONLY      scenario numbers to run, e.g. "1 2 3" (default: all; data they need is made)
#
# Baselines: (a1, a2) reading the CSV bytes; (b) raw SQLite inserting one short row a return;
# (b2) raw SQLite inserting exactly the rows `ingest` stored, copied from its store.
#
# A scenario whose command fails (or does not exist yet) prints n/a and the reason; the table
# still prints. jianxi's exit code 1 (error findings: the data holds deliberate errors) counts
# as success, 2 as failure.
set -uo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
BENCH=.bench
TMP=$BENCH/tmp
TIMEOUT=${BENCH_TIMEOUT:-900}
ONLY=" ${BENCH_ONLY:-1 2 3 4 5 6} "
SEED=20260101
mkdir -p "$TMP" "$BENCH/bin"

want() { [[ "$ONLY" == *" $1 "* ]]; }
say() { printf '%s\n' "$*" >&2; }

for tool in /usr/bin/time cc; do
    command -v "$tool" >/dev/null || { say "bench needs $tool (Debian: apt-get install time gcc libsqlite3-dev)"; exit 2; }
done

# ---------------------------------------------------------------------------------------------
# Build

build_flags=(-c release)
[ -n "${BENCH_SCRATCH:-}" ] && build_flags+=(--scratch-path "$BENCH_SCRATCH")
say "== swift build ${build_flags[*]}"
if ! "$SWIFT" build "${build_flags[@]}" 2>&1 | tail -n 3 >&2; then say "release build failed"; exit 2; fi
JIANXI="$("$SWIFT" build "${build_flags[@]}" --show-bin-path)/jianxi"
[ -x "$JIANXI" ] || { say "no $JIANXI after the build"; exit 2; }

baselines_built=1
cc -O2 -o "$BENCH/bin/read_baseline" Benchmarks/read_baseline.c 2>"$TMP/cc.txt" || baselines_built=0
sqlite_built=1
cc -O2 -o "$BENCH/bin/sqlite_baseline" Benchmarks/sqlite_baseline.c -lsqlite3 2>>"$TMP/cc.txt" || sqlite_built=0
cc -O2 -o "$BENCH/bin/sqlite_same_rows" Benchmarks/sqlite_same_rows.c -lsqlite3 2>>"$TMP/cc.txt" || sqlite_built=0

# ---------------------------------------------------------------------------------------------
# Measuring

# run OUT ALLOWED_EXIT_CODES CMD...: runs CMD under GNU time with stdout to OUT; sets WALL
# (seconds), RSS_MB, RC, and FAIL (empty on success, else the reason).
run() {
    local out=$1 allowed=$2
    shift 2
    local t0 t1
    t0=$(date +%s%N)
    timeout "$TIMEOUT" /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$out" 2>"$TMP/stderr.txt"
    RC=$?
    t1=$(date +%s%N)
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$TMP/time.txt" 2>/dev/null)
    FAIL=""
    if [ "$RC" -eq 124 ]; then
        FAIL="timed out after ${TIMEOUT} s"
    elif [[ " $allowed " != *" $RC "* ]]; then
        FAIL="exit $RC: $(grep -v '^[[:space:]]*$' "$TMP/stderr.txt" | grep -v 'Command exited with' | tail -n 1 | cut -c1-90)"
    fi
}

# runs N OUT ALLOWED_EXIT_CODES CMD...: `run` N times (this machine's speed drifts from one
# second to the next, by up to 2x); WALL is the median, BEST the fastest, RSS_MB the largest,
# FAIL the first failure.
runs() {
    local n=$1
    shift
    local walls=() rss=0
    for _ in $(seq "$n"); do
        run "$@"
        [ -n "$FAIL" ] && return
        walls+=("$WALL")
        [ "${RSS_MB:-0}" -gt "$rss" ] && rss=$RSS_MB
    done
    WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    BEST=$(printf '%s\n' "${walls[@]}" | sort -g | head -n 1)
    RSS_MB=$rss
}

# Thousands separators: 1234567 -> 1,234,567.
commas() { printf '%s' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

human_time() {  # seconds -> "23 ms" or "13.9 s"
    awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else if (s < 100) printf "%.2f s", s; else printf "%.0f s", s }'
}

rate() {  # count seconds unit -> "123,456 returns/s"
    local r
    r=$(awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }')
    printf '%s %s/s' "$(commas "$r")" "$3"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "" }'; }

ROWS=()
# row ID NAME WALL THROUGHPUT RSS RATIO TARGET VERDICT NOTE
row() { ROWS+=("$(printf '%s\t' "$@")"); }
na() { row "$1" "$2" "n/a" "" "" "" "$3" "" "$4"; say "   n/a: $4"; }

verdict() {  # value op limit -> yes / NO
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == "<") ? (v < l) : (v >= l); print ok ? "yes" : "NO" }'
}

declare -A W R  # wall seconds and RSS of finished scenarios, by key

# ---------------------------------------------------------------------------------------------
# Data (each set generated once per run; the generation itself is timed: the generator must be fast)

sample() {  # KEY DIR ARGS...
    local key=$1 dir=$2
    shift 2
    rm -rf "$dir"
    run "$TMP/sample.txt" "0" "$JIANXI" sample --lang en --seed "$SEED" --out "$dir" "$@"
    if [ -n "$FAIL" ]; then say "jianxi sample failed: $FAIL"; exit 2; fi
    W[$key]=$WALL
    R[$key]=$RSS_MB
    say "   $(cat "$TMP/sample.txt") ($(human_time "$WALL"))"
}

say "== machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
say "== generating data under $BENCH/"
COUNTY_DIR=$BENCH/province-files    # 100 units x 12 months, one file per return
PROVINCE_DIR=$BENCH/province        # the same returns in one CSV
QUARTER_DIR=$BENCH/check-250k       # 50,000 units x 5 months
MILLION_DIR=$BENCH/check-1m         # 50,000 units x 20 months
YEAR_DIR=$BENCH/national-year       # 2,850 units x 12 months, one CSV
FILES_DIR=$BENCH/national-files     # the same, one file per return
DECADE_DIR=$BENCH/national-10y      # 2,850 units x 120 months, one CSV

if want 1; then sample county "$COUNTY_DIR" --units 100 --months 12 --first-period 2025-10 --layout per-return; fi
if want 5; then sample province "$PROVINCE_DIR" --units 100 --months 12 --first-period 2025-10; fi
if want 2; then
    sample quarter "$QUARTER_DIR" --units 50000 --months 5 --first-period 2024-05
    sample million "$MILLION_DIR" --units 50000 --months 20 --first-period 2024-05
fi
if want 3 || want 5; then sample year "$YEAR_DIR" --units 2850 --months 12 --first-period 2025-01; fi
if want 4; then sample files "$FILES_DIR" --units 2850 --months 12 --first-period 2025-01 --layout per-return; fi
if want 6; then sample decade "$DECADE_DIR" --units 2850 --months 120 --first-period 2016-01; fi

if [ -n "${W[million]:-}" ]; then
    row G1 "sample: 1,000,000 returns, one CSV ($(($(stat -c %s "$MILLION_DIR/returns.csv") / 1048576)) MB)" \
        "$(human_time "${W[million]}")" "$(rate 1000000 "${W[million]}" returns)" "${R[million]}" "" "a few s" \
        "$(verdict "${W[million]}" "<" 5)" ""
fi
if [ -n "${W[files]:-}" ]; then
    row G2 "sample: 34,200 returns, one file each" "$(human_time "${W[files]}")" "$(rate 34200 "${W[files]}" files)" \
        "${R[files]}" "" "" "" ""
fi

# ---------------------------------------------------------------------------------------------
# Baselines

say "== baselines"
if want 2; then
    cat "$MILLION_DIR/returns.csv" >/dev/null  # the page cache holds it, as for every scenario
    run /dev/null "0" cat "$MILLION_DIR/returns.csv"
    W[cat]=$WALL
    row a1 "baseline: cat the 1M-return CSV > /dev/null" "$(human_time "$WALL")" "$(rate 1000000 "$WALL" rows)" "$RSS_MB" "" "" "" \
        "$(awk -v s="$WALL" -v b="$(stat -c %s "$MILLION_DIR/returns.csv")" 'BEGIN { printf "%.0f MB/s", b / 1048576 / s }')"
    if [ "$baselines_built" = 1 ]; then
        run "$TMP/read.txt" "0" "$BENCH/bin/read_baseline" "$MILLION_DIR/returns.csv"
        W[read]=$WALL
        row a2 "baseline: C reader, 1 MiB reads + line count" "$(human_time "$WALL")" "$(rate 1000000 "$WALL" rows)" "$RSS_MB" "" "" "" ""
    else
        na a2 "baseline: C reader" "" "cc failed: $(tail -n 1 "$TMP/cc.txt")"
    fi
fi
if want 3; then
    if [ "$sqlite_built" = 1 ]; then
        rm -f "$TMP"/baseline.sqlite*
        run "$TMP/sqlite.txt" "0" "$BENCH/bin/sqlite_baseline" "$YEAR_DIR/returns.csv" "$TMP/baseline.sqlite"
        if [ -z "$FAIL" ]; then
            W[sqlite]=$WALL
            row b "baseline: raw SQLite, 34,200 rows, 1 statement, 1 transaction" "$(human_time "$WALL")" \
                "$(rate 34200 "$WALL" rows)" "$RSS_MB" "" "" "" ""
        else
            na b "baseline: raw SQLite insert" "" "$FAIL"
        fi
    else
        na b "baseline: raw SQLite insert" "" "cc -lsqlite3 failed (libsqlite3-dev?): $(tail -n 1 "$TMP/cc.txt")"
    fi
fi

# ---------------------------------------------------------------------------------------------
# Scenarios

if want 1; then
    say "== 1. check one county's return (21 runs)"
    file="$COUNTY_DIR/returns/2026-09/930001.csv"
    runs 21 /dev/null "0 1" "$JIANXI" check --regions "$COUNTY_DIR/regions.csv" "$file"
    if [ -z "$FAIL" ]; then
        row 1 "check one county's CSV (1 return), median of 21" "$(human_time "$WALL")" "" "$RSS_MB" "" "< 30 ms" \
            "$(verdict "$WALL" "<" 0.030)" "min $(human_time "$BEST")"
    else
        na 1 "check one county's CSV" "< 30 ms" "$FAIL"
    fi
fi

if want 2; then
    # The target is judged on the best run: what the code does when the machine is not slowed by
    # its neighbours (interference only ever adds time); the median is printed beside it.
    say "== 2. check --format json, 250,000 and 1,000,000 returns (5 and 3 runs)"
    runs 5 /dev/null "0 1" "$JIANXI" check --format json --regions "$QUARTER_DIR/regions.csv" "$QUARTER_DIR/returns.csv"
    if [ -z "$FAIL" ]; then
        W[q]=$WALL; R[q]=$RSS_MB
        row 2a "check --format json, 250,000 returns, best of 5" "$(human_time "$BEST")" "$(rate 250000 "$BEST" returns)" "$RSS_MB" \
            "$(ratio "$BEST" "${W[read]:-0}")" ">= 500k/s" "$(verdict "$(awk -v s="$BEST" 'BEGIN { print 250000 / s }')" ">=" 500000)" \
            "median $(human_time "$WALL"), $(rate 250000 "$WALL" returns)"
    else
        na 2a "check --format json, 250,000 returns" ">= 500k/s" "$FAIL"
    fi
    runs 3 /dev/null "0 1" "$JIANXI" check --format json --regions "$MILLION_DIR/regions.csv" "$MILLION_DIR/returns.csv"
    if [ -z "$FAIL" ]; then
        growth=""
        [ -n "${R[q]:-}" ] && growth="; peak RSS $(ratio "$RSS_MB" "${R[q]}") of 250k's (flat would be ~1x)"
        row 2b "check --format json, 1,000,000 returns, best of 3" "$(human_time "$BEST")" "$(rate 1000000 "$BEST" returns)" "$RSS_MB" \
            "$(ratio "$BEST" "${W[read]:-0}")" ">= 500k/s, flat" "$(verdict "$(awk -v s="$BEST" 'BEGIN { print 1000000 / s }')" ">=" 500000)" \
            "median $(human_time "$WALL"), $(rate 1000000 "$WALL" returns)$growth"
    else
        na 2b "check --format json, 1,000,000 returns" ">= 500k/s" "$FAIL"
    fi
fi

if want 3 || want 5; then
    say "== 3. ingest a national year (34,200 returns, one CSV) into a fresh store"
    rm -f "$TMP"/year.sqlite*
    run "$TMP/ingest.txt" "0 1" "$JIANXI" ingest --db "$TMP/year.sqlite" --regions "$YEAR_DIR/regions.csv" "$YEAR_DIR/returns.csv"
    YEAR_FAIL=$FAIL
    if want 3; then
        if [ -z "$FAIL" ]; then
            ingest_wall=$WALL ingest_rss=$RSS_MB
            # (b2): the very rows this ingest stored, inserted again by raw SQLite (the insert
            # phase alone, as the program times it).
            same=""
            if [ "$sqlite_built" = 1 ]; then
                rm -f "$TMP"/same-rows.sqlite*
                run "$TMP/same-rows.txt" "0" "$BENCH/bin/sqlite_same_rows" "$TMP/year.sqlite" "$TMP/same-rows.sqlite"
                if [ -z "$FAIL" ]; then
                    same=$(head -n 1 "$TMP/same-rows.txt")
                    W[same]=$same
                    row b2 "baseline: raw SQLite, the same $(commas "$(sed -n 2p "$TMP/same-rows.txt")") rows ingest stored (revisions, findings)" \
                        "$(human_time "$same")" "$(rate 34200 "$same" returns)" "$RSS_MB" "" "" "" "1 statement a table, 1 transaction, WAL"
                else
                    na b2 "baseline: raw SQLite, the same rows" "" "$FAIL"
                fi
            fi
            met=$(verdict "$ingest_wall" "<" 1)
            if [ -n "$same" ] && [ "$(verdict "$ingest_wall" "<" "$(awk -v s="$same" 'BEGIN { print 2 * s }')")" != yes ]; then met=NO; fi
            row 3 "ingest national year, 34,200 returns, 1 CSV" "$(human_time "$ingest_wall")" "$(rate 34200 "$ingest_wall" returns)" "$ingest_rss" \
                "$(ratio "$ingest_wall" "${W[same]:-0}")" "< 1 s, <= 2x (b2)" "$met" "$(ratio "$ingest_wall" "${W[sqlite]:-0}") of (b)"
        else
            na 3 "ingest national year, 34,200 returns, 1 CSV" "< 1 s" "$FAIL"
        fi
    fi
fi

if want 4; then
    say "== 4. ingest 34,200 files (one return each) into a fresh store"
    rm -f "$TMP"/files.sqlite*
    run "$TMP/ingest-files.txt" "0 1" "$JIANXI" ingest --db "$TMP/files.sqlite" --regions "$FILES_DIR/regions.csv" "$FILES_DIR/returns"
    if [ -z "$FAIL" ]; then
        row 4 "ingest 34,200 files, 1 return each" "$(human_time "$WALL")" "$(rate 34200 "$WALL" returns)" "$RSS_MB" "" "" "" \
            "$(awk -v s="$WALL" 'BEGIN { printf "%.2f ms per file", s * 1000 / 34200 }')"
    else
        na 4 "ingest 34,200 files" "" "$FAIL"
    fi
fi

if want 5; then
    say "== 5. export --period: a province month (100 units), a national month (2,850 units)"
    rm -f "$TMP"/province.sqlite*
    run "$TMP/ingest-province.txt" "0 1" "$JIANXI" ingest --db "$TMP/province.sqlite" --regions "$PROVINCE_DIR/regions.csv" "$PROVINCE_DIR/returns.csv"
    if [ -n "$FAIL" ]; then
        na 5a "export --period, province workbook (100 units)" "< 1 s" "ingest failed: $FAIL"
    else
        rm -f "$TMP/province.xlsx"
        run /dev/null "0" "$JIANXI" export --db "$TMP/province.sqlite" --regions "$PROVINCE_DIR/regions.csv" --period 2026-09 -o "$TMP/province.xlsx"
        if [ -z "$FAIL" ]; then
            row 5a "export --period, province workbook (100 units)" "$(human_time "$WALL")" "$(rate 100 "$WALL" rows)" "$RSS_MB" "" \
                "< 1 s" "$(verdict "$WALL" "<" 1)" "$(($(stat -c %s "$TMP/province.xlsx") / 1024)) KB"
        else
            na 5a "export --period, province workbook (100 units)" "< 1 s" "$FAIL"
        fi
    fi
    if [ -n "${YEAR_FAIL:-}" ]; then
        na 5b "export --period, national month (2,850 units)" "< 1 s" "ingest failed: $YEAR_FAIL"
    else
        rm -f "$TMP/national.xlsx"
        run /dev/null "0" "$JIANXI" export --db "$TMP/year.sqlite" --regions "$YEAR_DIR/regions.csv" --period 2025-12 -o "$TMP/national.xlsx"
        if [ -z "$FAIL" ]; then
            row 5b "export --period, national month (2,850 units)" "$(human_time "$WALL")" "$(rate 2850 "$WALL" rows)" "$RSS_MB" "" \
                "< 1 s" "$(verdict "$WALL" "<" 1)" "$(($(stat -c %s "$TMP/national.xlsx") / 1024)) KB"
        else
            na 5b "export --period, national month (2,850 units)" "< 1 s" "$FAIL"
        fi
    fi
fi

if want 6; then
    say "== 6. analyst export, 10 years x 2,850 units (342,000 county rows)"
    # The store: ingesting 342,000 returns is the slowest step, so a store built from the same
    # data by the same sources (the commit and any uncommitted change under Sources/) is reused.
    stamp="$(git rev-parse HEAD 2>/dev/null) $(git diff HEAD -- Sources Package.swift 2>/dev/null | cksum) $(cksum <"$DECADE_DIR/returns.csv")"
    store="$BENCH/national-10y.sqlite"
    if [ "${BENCH_FRESH:-0}" = 1 ] || [ ! -f "$store" ] || [ "$(cat "$store.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -f "$store" "$store-wal" "$store-shm" "$store.stamp"
        run "$TMP/ingest-decade.txt" "0 1" "$JIANXI" ingest --db "$store" --regions "$DECADE_DIR/regions.csv" "$DECADE_DIR/returns.csv"
        if [ -z "$FAIL" ]; then
            echo "$stamp" >"$store.stamp"
            row 6s "(setup) ingest 10 national years, 342,000 returns, 1 CSV" "$(human_time "$WALL")" \
                "$(rate 342000 "$WALL" returns)" "$RSS_MB" "" "" "" "reused by later runs of the same sources"
        else
            na 6s "(setup) ingest 10 national years" "" "$FAIL"
        fi
    else
        row 6s "(setup) ingest 10 national years" "reused" "" "" "" "" "" "store of an earlier run; BENCH_FRESH=1 rebuilds"
    fi
    if [ -f "$store.stamp" ]; then
        rm -f "$TMP/decade.csv" "$TMP/decade.xlsx"
        run /dev/null "0" "$JIANXI" export --db "$store" --regions "$DECADE_DIR/regions.csv" --from 2016-01 --to 2025-12 --level county --format csv -o "$TMP/decade.csv"
        if [ -z "$FAIL" ]; then
            row 6a "export --from 2016-01 --to 2025-12 --level county, CSV" "$(human_time "$WALL")" "$(rate 342000 "$WALL" rows)" "$RSS_MB" "" "" "" \
                "$(($(stat -c %s "$TMP/decade.csv") / 1048576)) MB"
        else
            na 6a "export 10 years, county level, CSV" "" "$FAIL"
        fi
        run /dev/null "0" "$JIANXI" export --db "$store" --regions "$DECADE_DIR/regions.csv" --from 2016-01 --to 2025-12 --level county -o "$TMP/decade.xlsx"
        if [ -z "$FAIL" ]; then
            row 6b "export --from 2016-01 --to 2025-12 --level county, XLSX" "$(human_time "$WALL")" "$(rate 342000 "$WALL" rows)" "$RSS_MB" "" "" "" \
                "$(($(stat -c %s "$TMP/decade.xlsx") / 1048576)) MB"
        else
            na 6b "export 10 years, county level, XLSX" "" "$FAIL"
        fi
    fi
fi

# ---------------------------------------------------------------------------------------------
# The table

echo
echo "jianxi benchmarks  $(date -u '+%Y-%m-%d %H:%M UTC')  $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' + uncommitted changes')"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; $("$SWIFT" --version 2>/dev/null | head -n 1 | sed 's/ (.*//'); SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')"
echo
{
    printf '#\tscenario\twall\tthroughput\tpeak RSS MB\tx baseline\ttarget\tmet\tnote\t\n'
    printf '%s\n' "${ROWS[@]}"
} | awk -F'\t' '
    { for (i = 1; i <= 9; i++) { cell[NR, i] = $i; n = length($i); if (n > width[i]) width[i] = n } }
    END {
        for (r = 1; r <= NR; r++) {
            line = ""
            for (i = 1; i <= 9; i++) {
                pad = width[i] - length(cell[r, i])
                text = (i == 3 || i == 4 || i == 5 || i == 6) ? sprintf("%" pad "s%s", "", cell[r, i]) : sprintf("%s%" pad "s", cell[r, i], "")
                line = line (i > 1 ? " | " : "") text
            }
            sub(/ +$/, "", line)
            print line
            if (r == 1) { sep = ""; for (i = 1; i <= 9; i++) { s = ""; for (k = 0; k < width[i]; k++) s = s "-"; sep = sep (i > 1 ? "-|-" : "") s }; print sep }
        }
    }'
echo
echo "x baseline: wall time over (a2) the C reader for check, over (b2) raw SQLite inserting the same rows for ingest;"
echo "(b) inserts one short row a return (the CSV line as content, no findings): a floor, not the same work."
echo "Data and stores: $BENCH/ (git-ignored). Outputs of the last run: $TMP/."
