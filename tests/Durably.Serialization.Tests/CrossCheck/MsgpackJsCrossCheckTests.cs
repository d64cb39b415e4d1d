using Durably.Runtime;

namespace Durably.Serialization.Tests.CrossCheck;

/// <summary>Runs every cross-check case through node once for the whole class.</summary>
public sealed class CrossCheckRun : IDisposable
{
    private readonly MsgpackJs _js = new();

    public CrossCheckRun()
    {
        OursToJs = CrossCheckCases.OursToJs();
        JsToOurs = CrossCheckCases.JsToOurs();
        JsToTyped = CrossCheckCases.JsToTyped();
        var encode = new Dictionary<string, (string, object?)>(JsToOurs);
        foreach ((string id, (string expression, _, _)) in JsToTyped)
        {
            encode.Add("typed " + id, (expression, null));
        }

        Response = _js.Run(OursToJs.ToDictionary(p => p.Key, p => Convert.ToHexString(p.Value.Bytes)), encode);
    }

    internal Dictionary<string, (byte[] Bytes, string Expected)> OursToJs { get; }

    internal Dictionary<string, (string Expression, object? Options)> JsToOurs { get; }

    internal Dictionary<string, (string Expression, Func<byte[], object?> Read, object? Expected)> JsToTyped { get; }

    internal JsResponse Response { get; }

    public void Dispose() => _js.Dispose();
}

/// <summary>
/// Other MessagePack tools must read our logs, and we must read theirs: every family and boundary
/// goes through @msgpack/msgpack in both directions (int 64 compared as decimal text via BigInt).
/// </summary>
public sealed class MsgpackJsCrossCheckTests(CrossCheckRun run) : IClassFixture<CrossCheckRun>
{
    [Fact]
    public void Everything_we_encode_decodes_in_msgpack_js_to_the_same_value()
    {
        var mismatches = new List<string>();
        foreach ((string id, (byte[] _, string expected)) in run.OursToJs)
        {
            string actual = run.Response.Decoded[id];
            if (actual != expected)
            {
                mismatches.Add($"{id}: msgpack-js read {Shorten(actual)}, expected {Shorten(expected)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(run.OursToJs.Count > 100);
    }

    [Fact]
    public void Everything_msgpack_js_encodes_reads_the_same_with_our_reader_and_re_encodes_to_the_same_bytes()
    {
        var mismatches = new List<string>();
        foreach (string id in run.JsToOurs.Keys)
        {
            (string? hex, string? canonical, string? error) = run.Response.Encoded[id];
            if (error is not null)
            {
                mismatches.Add($"{id}: msgpack-js could not encode it: {error}");
                continue;
            }

            byte[] bytes = Convert.FromHexString(hex!);
            var reader = new MessagePackReader(bytes);
            WireValue value = WireValue.Read(ref reader);
            if (!reader.End)
            {
                mismatches.Add($"{id}: {bytes.Length - reader.Consumed} bytes left after one value");
            }

            if (value.Canonical() != canonical)
            {
                mismatches.Add($"{id}: we read {Shorten(value.Canonical())}, msgpack-js reads {Shorten(canonical!)}");
            }

            // Both sides choose the smallest encoding, so our writer reproduces their bytes exactly.
            byte[] ours = MessagePackBytes.Write(value.Write);
            if (!ours.AsSpan().SequenceEqual(bytes))
            {
                mismatches.Add($"{id}: we encode {Shorten(Convert.ToHexString(ours))}, msgpack-js encodes {Shorten(hex!)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(run.JsToOurs.Count > 80);
    }

    [Fact]
    public void Values_msgpack_js_writes_read_into_net_types()
    {
        var mismatches = new List<string>();
        foreach ((string id, (string _, Func<byte[], object?> read, object? expected)) in run.JsToTyped)
        {
            (string? hex, _, string? error) = run.Response.Encoded["typed " + id];
            if (error is not null)
            {
                mismatches.Add($"{id}: msgpack-js could not encode it: {error}");
                continue;
            }

            object? actual = read(Convert.FromHexString(hex!));
            if (!Equals(actual, expected))
            {
                mismatches.Add($"{id}: read {actual ?? "null"}, expected {expected ?? "null"}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + $"… ({text.Length} chars)";
}
