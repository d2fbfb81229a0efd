#!/usr/bin/env bash
# Builds the harness, instruments the SIP stack and the agent with sharpfuzz, and runs afl-fuzz on one target for a
# fixed time. Nothing here runs in CI or under dotnet test; docs/fuzzing.md says how and why.
#
#   tests/Fuzzing/run.sh TARGET SECONDS [OUT]
#
# TARGET: datagram, stream, name-address, via, uri, cseq, parameters, headers, batch-subscription.
# OUT (default tests/Fuzzing/out, ignored by git) gets the instrumented build and afl's findings in OUT/TARGET.
# Needs afl++ (Debian: apt-get install afl++). Runs at nice 19 so it only takes idle CPU.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '5,9p' "$0"
    exit 2
fi

target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${3:-$here/out}" && cd "${3:-$here/out}" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$out/build-$target

case $target in
    datagram | stream)
        seeds=("$repo"/tests/Sip.Tests/Torture/rfc4475/*.dat "$here"/corpus/messages/*)
        dict=$here/sip.dict ;;
    name-address | via | uri | cseq | parameters | headers)
        seeds=("$here"/corpus/headers/*)
        dict=$here/sip.dict ;;
    batch-subscription)
        seeds=("$here"/corpus/xml/*)
        dict=$here/xml.dict ;;
    *)
        echo "unknown target: $target" >&2
        exit 2 ;;
esac

# sharpfuzz rewrites assemblies in place, so each run instruments a fresh publish (a rebuild would skip the copy).
rm -rf "$build"
dotnet publish "$here/PresenceAgent.Fuzzing.csproj" -c Release -o "$build" --nologo -v quiet
(cd "$here" && dotnet tool restore >/dev/null)
for assembly in PresenceAgent.Sip.dll PresenceAgent.dll; do
    (cd "$here" && dotnet sharpfuzz "$build/$assembly")
done

input=$out/seeds-$target
rm -rf "$input"
mkdir -p "$input"
cp "${seeds[@]}" "$input/"

# The target is dotnet running a managed program: afl cannot see instrumentation in the dotnet binary itself, the
# CPU governor and core pattern are the machine's business, and the shared cores are not ours to pin.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
# The runtime starts slowly on a busy machine; give the fork server time to come up.
export AFL_FORKSRV_INIT_TMOUT=60000

# -V stops afl-fuzz after SECONDS of fuzzing; timeout is the backstop should it not.
nice -n 19 timeout --kill-after=30 $((seconds + 300)) \
    afl-fuzz -V "$seconds" -i "$input" -o "$out/$target" -x "$dict" -t 5000 -m none \
    -- dotnet "$build/PresenceAgent.Fuzzing.dll" "$target"
