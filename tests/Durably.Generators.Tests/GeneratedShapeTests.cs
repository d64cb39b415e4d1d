using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Tests;

/// <summary>Shapes of user code that the generated code must compile against without a diagnostic.</summary>
public sealed class GeneratedShapeTests
{
    [Fact]
    public void An_entry_point_is_as_accessible_as_its_least_accessible_type()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using System.Collections.Generic;
            using Durably;

            namespace Shapes;

            internal sealed record Note(string Text);

            [DurableState]
            public partial class Board
            {
                private readonly List<Note> _notes = new();
                private readonly List<Pin> _pins = new();

                [Operation]
                private void Add(Note note) => _notes.Add(note);

                [Operation]
                private void AddPins(List<Pin> pins) => _pins.AddRange(pins);

                [Operation]
                private Note Last() => _notes[^1];

                [Operation]
                private int Count() => _notes.Count;

                private sealed record Pin(int X, int Y);
            }
            """);
        AssertCompiles(run);
        string source = run.StateSource;
        Assert.Contains("internal global::System.Threading.Tasks.ValueTask AddAsync(global::Shapes.Note note,", source, StringComparison.Ordinal);
        Assert.Contains("private global::System.Threading.Tasks.ValueTask AddPinsAsync(", source, StringComparison.Ordinal);
        Assert.Contains("internal global::System.Threading.Tasks.ValueTask<global::Shapes.Note> LastAsync(", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Threading.Tasks.ValueTask<int> CountAsync(", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_names_never_clash_with_user_type_names()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using Durably;

            namespace Shapes;

            public sealed record DepositRecord(int Amount);

            public sealed record Codec(string Name);

            public sealed record Formatters(int Count);

            [DurableState]
            public partial class Bank
            {
                private DepositRecord? _last;
                private Codec? _codec;
                private Formatters? _formatters;

                [Operation]
                private void Deposit(DepositRecord record, Codec codec, Formatters formatters)
                {
                    _last = record;
                    _codec = codec;
                    _formatters = formatters;
                }
            }
            """);
        AssertCompiles(run);
    }

    [Fact]
    public void Optional_parameters_of_every_kind_keep_their_defaults_in_the_entry_point()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using System;
            using Durably;

            namespace Shapes;

            public enum Mode : byte { Off, On = 200 }

            public readonly record struct Point(int X, int Y);

            [DurableState]
            public partial class Settings
            {
                private string _log = "";

                [Operation]
                private void Set(string key, Point at = default, Mode mode = Mode.On, int? limit = null, string? note = null, string label = null!,
                    float ratio = float.NaN, double scale = -0.5, ulong big = ulong.MaxValue, char separator = '\t', DateTime? when = null, decimal price = -1.25m)
                {
                    _log += key + at + mode + limit + note + label + ratio + scale + big + separator + when + price;
                }
            }
            """);
        AssertCompiles(run);
        string source = run.StateSource;
        Assert.Contains(
            "SetAsync(string key, global::Shapes.Point at = default, global::Shapes.Mode mode = (global::Shapes.Mode)(200), int? limit = null, string? note = null, string label = null!, "
            + "float ratio = float.NaN, double scale = -0.5d, ulong big = 18446744073709551615UL, char separator = '\\t', global::System.DateTime? when = null, decimal price = -1.25m, ",
            source,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Wide_and_native_integers_and_immutable_queues_and_stacks_are_serializable()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using System;
            using System.Collections.Immutable;
            using Durably;

            namespace Shapes;

            public sealed record Counters(Int128 Signed, UInt128 Unsigned, nint Native, nuint NativeUnsigned);

            [DurableState]
            public partial class Ledger
            {
                private ImmutableQueue<Counters> _pending = ImmutableQueue<Counters>.Empty;
                private ImmutableStack<Int128> _undo = ImmutableStack<Int128>.Empty;
                private IImmutableStack<nuint> _marks = ImmutableStack<nuint>.Empty;
                private IImmutableQueue<nint> _offsets = ImmutableQueue<nint>.Empty;

                [Operation]
                private UInt128 Record(Counters counters, ImmutableStack<Int128> undo, IImmutableQueue<nint> offsets, nint shift = -3, nuint mark = 7, Int128 total = default)
                {
                    _pending = _pending.Enqueue(counters);
                    _undo = undo;
                    _offsets = offsets;
                    _marks = _marks.Push(mark);
                    return (UInt128)(total + shift);
                }

                [Operation]
                private ImmutableQueue<Counters> Pending() => _pending;
            }
            """);
        AssertCompiles(run);
        string source = run.StateSource;
        Assert.Contains("RecordAsync(", source, StringComparison.Ordinal);
        Assert.Contains("shift = -3", source, StringComparison.Ordinal);
    }

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());
        Assert.Empty(run.CompilationDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());
    }
}
