using System.Buffers;
using Durably.Runtime;
using Durably.Storage;

namespace Durably.Tool.Tests;

/// <summary>A real log in two fresh temp directories, written through the log itself; deleted afterwards.</summary>
internal sealed class TemporaryLog : IDisposable
{
    internal TemporaryLog()
    {
        Root = Directory.CreateTempSubdirectory("durably-tool-").FullName;
        Primary = Path.Combine(Root, "primary");
        Secondary = Path.Combine(Root, "secondary");
    }

    internal string Root { get; }

    internal string Primary { get; }

    internal string Secondary { get; }

    internal LogOptions Options() => new()
    {
        PrimaryDirectory = Primary,
        SecondaryDirectory = Secondary,
        SegmentSize = 256 * 1024,
        Engine = LogEngineKind.Portable,
    };

    /// <summary>An operation record as the generated code writes it: [name, arguments...].</summary>
    internal static byte[] Record(string operation, params object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(arguments.Length + 1);
        writer.Write(operation);
        foreach (object? argument in arguments)
        {
            switch (argument)
            {
                case null: writer.WriteNil(); break;
                case string s: writer.Write(s); break;
                case long l: writer.Write(l); break;
                case int i: writer.Write(i); break;
                case ulong u: writer.Write(u); break;
                case bool b: writer.Write(b); break;
                case double d: writer.Write(d); break;
                case byte[] bytes: writer.Write(bytes); break;
                case DateTime t: writer.Write(t); break;
                case string[] list:
                    writer.WriteArrayHeader(list.Length);
                    foreach (string item in list)
                    {
                        writer.Write(item);
                    }

                    break;
                case Dictionary<string, long> map:
                    writer.WriteMapHeader(map.Count);
                    foreach ((string key, long value) in map)
                    {
                        writer.Write(key);
                        writer.Write(value);
                    }

                    break;
                default: throw new ArgumentException("unsupported test argument " + argument.GetType());
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes deposits 1..count (one frame each, awaited one by one) and closes the log.</summary>
    internal async Task WriteDepositsAsync(int count)
    {
        await using DurableLog log = await DurableLog.OpenAsync(Options());
        for (int i = 1; i <= count; i++)
        {
            await log.AppendAsync(Record("deposit", "account-" + (i % 3), (long)i));
        }
    }

    /// <summary>Every file of both copies with its bytes, to prove the tool wrote nothing.</summary>
    internal Dictionary<string, string> Fingerprint() =>
        new[] { Primary, Secondary }
            .SelectMany(Directory.GetFiles)
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a failed test may leave a file open.
        }
    }
}
