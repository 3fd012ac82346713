#!/usr/bin/env bash
# Builds Herald's fuzz targets with clang (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer) and
# runs each: first on its kept regression inputs (tests/fuzz/regressions/<target>/, every crash ever
# found), then for SECONDS seconds from its seed corpus (tests/fuzz/corpus/<target>/).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 seconds, every target
#
# The build and everything the runs write (the grown corpus, crash files) stay in HERALD_FUZZ_BUILD
# (default build-fuzz/): the source tree is only read. A crash stops the script with its file named;
# fix it and copy the file into tests/fuzz/regressions/<target>/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HERALD_FUZZ_BUILD:-$root/build-fuzz}"
seconds="${1:-60}"
shift || true
cxx="${HERALD_FUZZ_CXX:-$(command -v clang++ || command -v clang++-14 || true)}"
if [ -z "$cxx" ]; then
    echo "fuzz: clang++ not found; install clang and libclang-rt-dev (scripts/setup.sh lists them)" >&2
    exit 1
fi

cmake -S "$root" -B "$build" -G Ninja -DHERALD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$build" --target herald_fuzz

targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -r -a targets <<<"$(tr ';' ' ' <"$build/fuzz-targets.txt")"

# Qt's own allocations that live until exit are not this code's leaks; one input is given 10 s.
options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=0)
for target in "${targets[@]}"; do
    exe="$build/tests/fuzz/$target"
    seeds="$root/tests/fuzz/corpus/$target"
    regressions="$root/tests/fuzz/regressions/$target"
    corpus="$build/corpus/$target"
    artifacts="$build/crashes/$target/"
    mkdir -p "$corpus" "$artifacts"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "fuzz: $target: the kept regression inputs"
        if ! "$exe" "${options[@]}" -artifact_prefix="$artifacts" "$regressions"/* >"$build/$target.log" 2>&1; then
            tail -n 40 "$build/$target.log" >&2
            echo "fuzz: $target fails on a kept regression input again (above)" >&2
            exit 1
        fi
    fi
    echo "fuzz: $target: $seconds s"
    # New inputs go to the first corpus directory, in the build; the seeds are only read.
    if ! "$exe" "${options[@]}" -artifact_prefix="$artifacts" -max_total_time="$seconds" \
        "$corpus" $([ -d "$seeds" ] && echo "$seeds") >"$build/$target.log" 2>&1; then
        tail -n 40 "$build/$target.log" >&2
        echo "fuzz: $target failed; its input is in $artifacts (keep it in tests/fuzz/regressions/$target/ once fixed)" >&2
        exit 1
    fi
    tail -n 1 "$build/$target.log"
done
echo "fuzz: ${#targets[@]} targets, no crash"
