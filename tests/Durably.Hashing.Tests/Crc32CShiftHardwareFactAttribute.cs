using System.Runtime.InteropServices;

namespace Durably.Hashing.Tests;

/// <summary>
/// A fact about the PCLMULQDQ + crc32 shift; reported as skipped, saying why, where the CPU
/// lacks those instructions.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class Crc32CShiftHardwareFactAttribute : FactAttribute
{
    public Crc32CShiftHardwareFactAttribute()
    {
        if (!Crc32CShift.IsHardwareSupported)
        {
            Skip = $"The carry-less shift cannot run here: this {RuntimeInformation.ProcessArchitecture} "
                + "CPU/process lacks PCLMULQDQ and 64-bit SSE4.2.";
        }
    }
}
