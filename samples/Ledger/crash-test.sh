#!/usr/bin/env bash
# Crash test of the Ledger sample, any number of times:
#   samples/Ledger/crash-test.sh [ITERATIONS]      (default 1000)
# Builds the sample, creates a ledger of 100 accounts x 1000 in a temporary directory, then, ITERATIONS
# times: starts 'load' (8 writers) as a separate process, kills it with SIGKILL at a random moment while
# transfers are being acknowledged, runs 'check --ids', and verifies that the total is still 100000 and
# that every transfer the killed process printed as 'ack' is among the recovered ids.
# Prints one line per kill and a summary: kills=N acks_checked=M failures=F. Exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")"
iterations="${1:-1000}"
dotnet build Ledger.csproj -c Release -v quiet -nologo >/dev/null
exec dotnet bin/Release/net10.0/Ledger.dll crash --iterations "$iterations" --segment-mb 16 --snapshot-every 500
