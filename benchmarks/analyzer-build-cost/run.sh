#!/usr/bin/env bash
# What the Durably analyzers (and the generator, once it has one) add to a build, the schema lock
# check included (the workload's DurableSchema.lock is written first with -p:DurablyUpdateSchema=true).
#
# Generates a throwaway solution of 200 [DurableState] classes with 10 operations each (plus
# private helpers, queries and a caller class per durable class), then times `dotnet build
# --no-incremental` of it without and with the Roslyn components, alternating, in one run.
# Usage: benchmarks/analyzer-build-cost/run.sh [runs-per-variant, default 3]
#   KEEP_WORK=1      keep the generated solution (its path is printed with GENERATE_ONLY=1)
#   GENERATE_ONLY=1  only generate it (for analyzer-time.cs, which measures the analyzers in process)
set -euo pipefail

RUNS="${1:-3}"
CLASSES=200
OPERATIONS=10
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/durably-build-cost.XXXXXX")"
[[ "${KEEP_WORK:-0}" == 1 ]] || trap 'rm -rf "$WORK"' EXIT

echo "Building the runtime, analyzers and generator (Release)..." >&2
dotnet build "$REPO/src/Durably/Durably.csproj" -c Release -v:q -nologo >&2
dotnet build "$REPO/analyzers/Durably.Analyzers/Durably.Analyzers.csproj" -c Release -v:q -nologo >&2
dotnet build "$REPO/generators/Durably.Generators/Durably.Generators.csproj" -c Release -v:q -nologo >&2

RUNTIME="$REPO/src/Durably/bin/Release/net10.0/Durably.dll"
ANALYZERS="$REPO/analyzers/Durably.Analyzers/bin/Release/netstandard2.0/Durably.Analyzers.dll"
GENERATOR="$REPO/generators/Durably.Generators/bin/Release/netstandard2.0/Durably.Generators.dll"
# The generator counts only once it contains an IIncrementalGenerator (it is written in parallel).
HAS_GENERATOR=false
if grep -rqs "IIncrementalGenerator" "$REPO/generators/Durably.Generators" --include=*.cs; then
    HAS_GENERATOR=true
fi

mkdir -p "$WORK/src"
cat > "$WORK/BuildCost.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <OutputType>Library</OutputType>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <WithDurablyAnalyzers Condition="'\$(WithDurablyAnalyzers)' == ''">false</WithDurablyAnalyzers>
    <WithDurablyGenerator Condition="'\$(WithDurablyGenerator)' == ''">false</WithDurablyGenerator>
  </PropertyGroup>
  <ItemGroup>
    <!-- The schema lock check runs as in a project that committed its lock (written below). -->
    <AdditionalFiles Include="DurableSchema.lock" Condition="Exists('DurableSchema.lock')" />
    <Reference Include="Durably"><HintPath>$RUNTIME</HintPath></Reference>
    <Analyzer Include="$ANALYZERS" Condition="'\$(WithDurablyAnalyzers)' == 'true'" />
    <Analyzer Include="$GENERATOR" Condition="'\$(WithDurablyGenerator)' == 'true'" />
  </ItemGroup>
  <Import Project="$REPO/src/Durably/build/Durably.Schema.targets" />
</Project>
XML

echo "Generating $CLASSES durable classes x $OPERATIONS operations..." >&2
for ((c = 0; c < CLASSES; c++)); do
    {
        echo "using System.Collections.Immutable;"
        echo "using Durably;"
        echo "namespace BuildCost;"
        echo "[DurableState]"
        echo "public partial class Store$c"
        echo "{"
        echo "    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);"
        echo "    private readonly List<string> _log = new();"
        echo "    private long _version;"
        echo "    private readonly string _name = \"store$c\";"
        for ((o = 0; o < OPERATIONS; o++)); do
            echo "    [Operation]"
            echo "    private bool Op$o(string account, decimal amount, DateTimeOffset at)"
            echo "    {"
            echo "        if (amount <= 0) return false;"
            echo "        Apply$((o % 3))(account, amount + $o);"
            echo "        _log.Add(account + at.ToString(\"O\"));"
            echo "        _version++;"
            echo "        return true;"
            echo "    }"
        done
        for ((h = 0; h < 3; h++)); do
            echo "    private void Apply$h(string account, decimal delta) => _balances[account] = _balances.GetValueOrDefault(account) + delta * $((h + 1));"
        done
        echo "    [Query] private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);"
        echo "    [Query] private ImmutableArray<string> LogCore => [.. _log];"
        echo "    [Query] private long VersionCore => _version;"
        echo "    [Query] private string NameCore => _name;"
        echo "    [Query] private decimal TotalCore() { decimal t = 0; foreach (var b in _balances.Values) t += b; return t; }"
        echo "    private decimal Sum() => BalanceOfCore(\"a\") + TotalCore() + VersionCore + LogCore.Length;"
        echo "}"
        echo "public static class Reader$c"
        echo "{"
        echo "    public static string Describe(Store$c store) => store.ToString() ?? string.Empty;"
        echo "}"
    } > "$WORK/src/Store$c.cs"
done

build() { # $1 = analyzers true/false, $2 = generator true/false; prints seconds
    local start end
    start=$(date +%s.%N)
    dotnet build "$WORK/BuildCost.csproj" -c Release --no-incremental -nologo -v:q \
        -p:WithDurablyAnalyzers="$1" -p:WithDurablyGenerator="$2" >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "Restoring and warming up the compiler server..." >&2
dotnet restore "$WORK/BuildCost.csproj" -v:q >&2
[[ "${GENERATE_ONLY:-0}" == 1 ]] && { echo "$WORK"; exit 0; }
if [[ "$HAS_GENERATOR" == true ]]; then
    echo "Writing the workload's DurableSchema.lock (dotnet build -p:DurablyUpdateSchema=true)..." >&2
    dotnet build "$WORK/BuildCost.csproj" -c Release -nologo -v:q -p:WithDurablyAnalyzers=true -p:WithDurablyGenerator=true \
        -p:DurablyUpdateSchema=true >"$WORK/lock.log" 2>&1 || { cat "$WORK/lock.log" >&2; exit 1; }
    [[ -f "$WORK/DurableSchema.lock" ]] || { echo "no DurableSchema.lock was written" >&2; exit 1; }
fi
build false false >/dev/null
build true "$HAS_GENERATOR" >/dev/null

declare -a plain with_analyzers with_all
for ((r = 1; r <= RUNS; r++)); do
    plain+=("$(build false false)")
    with_analyzers+=("$(build true false)")
    if [[ "$HAS_GENERATOR" == true ]]; then with_all+=("$(build true true)"); fi
    echo "run $r: plain ${plain[-1]} s, analyzers ${with_analyzers[-1]} s${with_all:+, analyzers+generator ${with_all[-1]} s}" >&2
done

# The compiler's own account of analyzer time, from one build with ReportAnalyzer.
dotnet build "$WORK/BuildCost.csproj" -c Release --no-incremental -nologo -v:d \
    -p:WithDurablyAnalyzers=true -p:WithDurablyGenerator="$HAS_GENERATOR" -p:ReportAnalyzer=true >"$WORK/report.log" 2>&1
analyzer_report=$(grep -E "^[[:space:]]+[0-9.<]+[[:space:]]+[0-9<]+[[:space:]]+Durably\." "$WORK/report.log" | sed -E 's/^[[:space:]]+//; s/, Version=[^ ]*( Culture=[^ ]*)?( PublicKeyToken=[^ ]*)?//' | awk '!seen[$0]++' | head -12 || true)
total_analyzer=$(grep -E "Total analyzer execution time" "$WORK/report.log" | head -1 | sed 's/^ *//' || true)

plain_median=$(printf '%s\n' "${plain[@]}" | median)
analyzers_median=$(printf '%s\n' "${with_analyzers[@]}" | median)

echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr); .NET SDK $(dotnet --version)"
echo "Solution: $CLASSES [DurableState] classes x $OPERATIONS operations ($((CLASSES * OPERATIONS)) operations), $CLASSES caller classes; dotnet build -c Release --no-incremental; median of $RUNS alternating runs"
echo
echo "| variant | median (s) | runs (s) | added |"
echo "|---|---|---|---|"
echo "| compiler only | $plain_median | ${plain[*]} | |"
echo "| + Durably analyzers | $analyzers_median | ${with_analyzers[*]} | $(awk -v a="$analyzers_median" -v b="$plain_median" 'BEGIN { printf "%+.2f", a - b }') s |"
if [[ "$HAS_GENERATOR" == true ]]; then
    all_median=$(printf '%s\n' "${with_all[@]}" | median)
    echo "| + analyzers + generator | $all_median | ${with_all[*]} | $(awk -v a="$all_median" -v b="$plain_median" 'BEGIN { printf "%+.2f", a - b }') s |"
else
    echo "| + generator | n/a | | the generator has no IIncrementalGenerator yet |"
fi
if [[ "$HAS_GENERATOR" == true ]]; then
    # The size of what the generator emits: all files, and one class of $OPERATIONS operations.
    dotnet build "$WORK/BuildCost.csproj" -c Release --no-incremental -nologo -v:q -p:WithDurablyGenerator=true \
        -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath="$WORK/generated" >"$WORK/generated.log" 2>&1
    generated_files=$(find "$WORK/generated" -name '*.g.cs')
    echo
    echo "Generated: $(echo "$generated_files" | wc -l) files, $(cat $generated_files | wc -l) lines ($(cat $generated_files | grep -cv '^[[:space:]]*$') non-blank), $(cat $generated_files | wc -c) bytes;" \
        "one class of $OPERATIONS operations: $(grep -cv '^[[:space:]]*$' "$(echo "$generated_files" | grep '/BuildCost.Store0.Durably.g.cs$')") non-blank lines"
fi
echo
echo "Compiler's ReportAnalyzer account (one build):"
echo '```'
echo "${total_analyzer:-(no total reported)}"
echo "${analyzer_report:-(no per-analyzer lines found)}"
echo '```'
