using System.Runtime.InteropServices;

namespace Durably.Hashing.Tests;

/// <summary>
/// A fact about one CRC-32C path; it is reported as skipped, saying why, when this CPU or
/// process cannot run that path, instead of silently passing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class Crc32CPathFactAttribute : FactAttribute
{
    public Crc32CPathFactAttribute(Crc32CImplementation implementation)
    {
        if (!Crc32C.IsSupported(implementation))
        {
            Skip = $"'{Crc32C.Describe(implementation)}' cannot run here: this {RuntimeInformation.ProcessArchitecture} "
                + $"CPU/process lacks {Crc32CPathChecks.Requirements(implementation)}.";
        }
    }
}
