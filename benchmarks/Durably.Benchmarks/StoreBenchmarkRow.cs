namespace Durably.Benchmarks;

/// <summary>One measured row of the store benchmark.</summary>
/// <param name="System">What was measured.</param>
/// <param name="Description">The row's full description (engine, copies, settings).</param>
/// <param name="Callers">Concurrent closed-loop callers (the floor always runs one cycle at a time).</param>
/// <param name="Result">The measurement.</param>
/// <param name="Round">Which round of the caller count measured it (1 unless the run repeats rows).</param>
internal sealed record StoreBenchmarkRow(StoreBenchmarkSystem System, string Description, int Callers, StoreRunResult Result, int Round = 1);
