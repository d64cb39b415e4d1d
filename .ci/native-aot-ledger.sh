#!/usr/bin/env bash
# Native AOT, tested: publishes the Ledger sample with PublishAot=true, fails on any IL/AOT warning,
# runs the native binary's aot-probe (List<int>, Dictionary<string,int>, ImmutableArray<int>,
# KeyValuePair<string,Guid>, int?[], Half and a recursive user type, logged, replayed and restored
# from a snapshot; its output must be exactly the expected text), then runs it through init, load,
# kill -9 and check for a few rounds. Each check must recover a total of accounts x balance
# (transfers applied whole) and every transfer id the killed load acknowledged.
# Usage: .ci/native-aot-ledger.sh [rounds] (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
accounts=100
balance=1000
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet publish samples/Ledger -c Release -p:PublishAot=true -o "$work/out" 2>&1 | tee "$work/publish.log"
if grep -E "warning (IL|AOT)[0-9]{4}" "$work/publish.log"; then
    echo "native AOT: the publish produced IL/AOT warnings (above); the code must be trim- and AOT-clean" >&2
    exit 1
fi

ledger="$work/out/Ledger"
if [[ "$(head -c 4 "$ledger" | tail -c 3)" != "ELF" ]]; then
    echo "native AOT: $ledger is not a native executable" >&2
    exit 1
fi

# The value shapes native AOT once failed on at run time: the same values live, after replay and
# from a snapshot. Any difference, exception or non-zero exit fails.
values="list=[1,2,3] map={a:1,b:-2} array=[4,5] pair=key:0f8fad5b-d9cb-469f-a165-70867728950e optional=[1,null,3] half=-1.5 chain=1>2>3"
expected="live: $values
replay (1 record): $values
snapshot (1, 0 replayed): $values"
if ! probe="$("$ledger" aot-probe --primary "$work/probe-primary" --secondary "$work/probe-secondary" 2>"$work/probe.err")"; then
    echo "native AOT: aot-probe failed; its output and errors:" >&2
    printf '%s\n' "$probe" >&2
    cat "$work/probe.err" >&2
    exit 1
fi
if [[ "$probe" != "$expected" ]]; then
    echo "native AOT: aot-probe printed other values than expected:" >&2
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$probe") >&2 || true
    exit 1
fi
echo "native AOT: aot-probe: every shape logged, replayed and restored from a snapshot intact"

copies=(--primary "$work/primary" --secondary "$work/secondary" --segment-mb 8)
"$ledger" init "${copies[@]}" --accounts "$accounts" --balance "$balance"

for round in $(seq 1 "$rounds"); do
    acks="$work/acks-$round.txt"
    "$ledger" load "${copies[@]}" --ops 1000000 --writers 8 --seed "$round" >"$acks" 2>"$work/load-$round.err" &
    pid=$!

    # Kill at a random moment once the load is acknowledging transfers.
    for _ in $(seq 1 200); do
        grep -q '^ack ' "$acks" 2>/dev/null && break
        sleep 0.05
    done
    if ! grep -q '^ack ' "$acks"; then
        kill -9 "$pid" || true
        echo "native AOT: round $round: load acknowledged nothing in 10 s; its errors:" >&2
        cat "$work/load-$round.err" >&2
        exit 1
    fi

    sleep "0.$((RANDOM % 10))"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true

    ids="$work/ids-$round.txt"
    report="$("$ledger" check "${copies[@]}" --ids "$ids")"
    echo "round $round: $(grep -c '^ack ' "$acks") acks before kill -9; $report" | tr '\n' ' '
    echo
    if ! grep -q "total=$((accounts * balance)) " <<<"$report"; then
        echo "native AOT: round $round recovered a wrong total (transfers not applied whole)" >&2
        exit 1
    fi

    lost="$(grep '^ack ' "$acks" | cut -d' ' -f2 | sort | comm -23 - <(sort "$ids") | head -5 || true)"
    if [[ -n "$lost" ]]; then
        echo "native AOT: round $round lost acknowledged transfers, e.g. $lost" >&2
        exit 1
    fi
done

echo "native AOT: $rounds rounds of init/load/kill -9/check passed"
