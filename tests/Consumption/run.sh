#!/usr/bin/env bash
# Consumption test: what a new user does. Packs Durably into a local folder feed, creates a fresh
# `dotnet new console` project outside the repository that references only the Durably package from
# that feed, builds and runs it (open, operations, reopen, state checked), then adds a mutation
# outside an operation and checks that the build fails with DS0001. Goes through the schema lock as a
# user does: DS0201, the lock created, then rewritten by `dotnet build -p:DurablyUpdateSchema=true` for a
# new operation and for a change of letter case only, and left alone when the update refuses a swap.
# Installs the durably tool from the same feed and reads the app's log with it. Checks that
# Durably.Testing's package pins Durably exactly.
# Usage: tests/Consumption/run.sh            (from anywhere; needs the .NET SDK and a package feed)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/tests/Consumption"
work="$(mktemp -d "${TMPDIR:-/tmp}/durably-consumption.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A version no earlier run put into any package cache.
version="0.0.0-consumption.$(date +%s)"
feed="$work/feed"
echo "consumption: packing Durably and Durably.Tool $version into a folder feed"
# One build (up to date after CI's build); packing then only changes the package version.
dotnet build "$repo/src/Durably.Tool/Durably.Tool.csproj" -c Release -warnaserror --nologo -v quiet
dotnet build "$repo/src/Durably.Testing/Durably.Testing.csproj" -c Release -warnaserror --nologo -v quiet
dotnet pack "$repo/src/Durably/Durably.csproj" -c Release --no-build -o "$feed" -p:Version="$version" -warnaserror --nologo -v quiet
dotnet pack "$repo/src/Durably.Tool/Durably.Tool.csproj" -c Release --no-build -o "$feed" -p:Version="$version" -warnaserror --nologo -v quiet

# Durably.Testing uses Durably's internals: its package must depend on exactly this Durably ([x.y.z]),
# never on "this version or later", which would let a user pair it with a Durably it does not match.
echo "consumption: Durably.Testing depends on exactly Durably $version"
dotnet pack "$repo/src/Durably.Testing/Durably.Testing.csproj" -c Release --no-build -o "$feed" -p:Version="$version" -warnaserror --nologo -v quiet
if ! command -v unzip >/dev/null; then
    echo "consumption: FAILED: unzip is needed to read the package's nuspec (apt-get install unzip)" >&2
    exit 1
fi
nuspec="$(unzip -p "$feed/Durably.Testing.$version.nupkg" Durably.Testing.nuspec)"
dependency="$(grep -o '<dependency id="Durably" version="[^"]*"' <<<"$nuspec" || true)"
if [[ "$dependency" != "<dependency id=\"Durably\" version=\"[$version]\"" ]]; then
    echo "consumption: FAILED: Durably.Testing's package must depend on exactly Durably [$version]; its nuspec says: ${dependency:-no Durably dependency}" >&2
    exit 1
fi
echo "consumption: $dependency"

app="$work/ConsumerApp"
dotnet new console -o "$app" --framework net10.0 --no-restore >/dev/null
# The folder feed first; the machine's configured sources stay for anything else the app needs.
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="durably-local" value="$feed" />
  </packageSources>
</configuration>
XML
# A private package folder, so nothing is taken from (or left in) the user's cache.
export NUGET_PACKAGES="$work/packages"
dotnet add "$app" package Durably --version "$version" >/dev/null
if grep -q "ProjectReference" "$app/ConsumerApp.csproj"; then
    echo "consumption: FAILED: the app must reference only the package" >&2
    exit 1
fi
cp "$here/Program.cs.txt" "$app/Program.cs"
cp "$here/Counter.cs.txt" "$app/Counter.cs"

echo "consumption: a new project has no schema lock yet: DS0201 says how to record one"
first="$(dotnet build "$app" -c Release --nologo -v quiet 2>&1)"
if ! grep -q "warning DS0201" <<<"$first"; then
    echo "consumption: FAILED: no DS0201 for a project without DurableSchema.lock:" >&2
    echo "$first" >&2
    exit 1
fi
dotnet build "$app" -c Release --nologo -v quiet -p:DurablyUpdateSchema=true
if ! grep -q "operation Add" "$app/DurableSchema.lock"; then
    echo "consumption: FAILED: dotnet build -p:DurablyUpdateSchema=true did not write DurableSchema.lock with the Add operation" >&2
    exit 1
fi

# The lock's update path, as a user runs it. Each step is one build.
lock="$app/DurableSchema.lock"
# Restored by the builds above: the updates only compile.
update() { dotnet build "$app" -c Release --no-restore --nologo -v quiet -p:DurablyUpdateSchema=true 2>&1; }

echo "consumption: a compatible change (a new operation) rewrites the lock"
sed -i 's|^}$|    [Operation]\n    private void Note(string who, string what) => _history.Add(who + ": " + what);\n}|' "$app/Counter.cs"
update >/dev/null
if ! grep -q "operation Note" "$lock"; then
    echo "consumption: FAILED: the update did not record the new operation Note:" >&2
    cat "$lock" >&2
    exit 1
fi

echo "consumption: a compatible change that differs only in letter case is written too"
sed -i 's/string reason, long amount/string Reason, long amount/; s/_history.Add(reason)/_history.Add(Reason)/' "$app/Counter.cs"
update >/dev/null
if ! grep -q "0 Reason: string" "$lock" || grep -q "0 reason: string" "$lock"; then
    echo "consumption: FAILED: renaming parameter reason to Reason did not rewrite the lock:" >&2
    cat "$lock" >&2
    exit 1
fi

echo "consumption: an incompatible change (parameters swapped) fails the update and leaves the lock as it was"
cp "$app/Counter.cs" "$work/Counter.accepted.cs"
cp "$lock" "$work/lock.accepted"
sed -i 's/private void Note(string who, string what)/private void Note(string what, string who)/' "$app/Counter.cs"
set +e
refused="$(update)"
status=$?
set -e
if [[ $status -eq 0 ]] || ! grep -Eq "error (DS0203|DURABLY0002)" <<<"$refused"; then
    echo "consumption: FAILED: swapping Note's parameters did not fail the update with DS0203 or DURABLY0002:" >&2
    echo "$refused" >&2
    exit 1
fi
if ! cmp -s "$lock" "$work/lock.accepted"; then
    echo "consumption: FAILED: the refused update changed DurableSchema.lock" >&2
    exit 1
fi
grep -m1 -E "error (DS0203|DURABLY0002)" <<<"$refused"
cp "$work/Counter.accepted.cs" "$app/Counter.cs"

echo "consumption: building (warnings as errors, checked against the lock) and running the consumer"
dotnet build "$app" -c Release --nologo -v quiet -warnaserror
output="$(dotnet run --project "$app" -c Release --no-build -- "$work/logs")"
echo "$output"
if [[ "$output" != *"consumption: reopened count=42 history=3 ok"* ]]; then
    echo "consumption: FAILED: the consumer did not report the recovered state" >&2
    exit 1
fi

echo "consumption: the durably tool, installed from the feed, reads the app's log"
dotnet tool install Durably.Tool --tool-path "$work/tools" --version "$version" --add-source "$feed" >/dev/null
"$work/tools/durably" verify "$work/logs/primary" "$work/logs/secondary"
dump="$("$work/tools/durably" dump "$work/logs/primary" "$work/logs/secondary")"
echo "$dump"
if [[ "$(grep -c 'Add(' <<<"$dump")" -ne 4 ]] || ! grep -q '"first", 40' <<<"$dump"; then
    echo "consumption: FAILED: durably dump does not show the four logged Add records (three applied, one rejected by its apply)" >&2
    exit 1
fi

echo "consumption: a mutation outside an operation must not compile"
cp "$here/Mutation.cs.txt" "$app/Mutation.cs"
set +e
build="$(dotnet build "$app" -c Release --nologo -v quiet 2>&1)"
status=$?
set -e
if [[ $status -eq 0 ]]; then
    echo "consumption: FAILED: the mutation outside an operation compiled" >&2
    exit 1
fi
if ! grep -q "Mutation.cs.*error DS0001" <<<"$build"; then
    echo "consumption: FAILED: the build failed, but not with DS0001 in Mutation.cs:" >&2
    echo "$build" >&2
    exit 1
fi
grep -m1 "error DS0001" <<<"$build"
echo "consumption: 8 passed, 0 failed"
