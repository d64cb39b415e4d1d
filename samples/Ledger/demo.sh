#!/usr/bin/env bash
# The Ledger demo: builds the sample, creates a ledger, kills a running load with SIGKILL three times,
# recovers it each time and explains the output. Same as: dotnet run --project samples/Ledger -c Release -- demo
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Ledger.csproj -c Release -v quiet -nologo >/dev/null
exec dotnet bin/Release/net10.0/Ledger.dll demo "$@"
