using System;
using System.Text;

namespace Durably.Generators.Emitting;

/// <summary>
/// Writes C# source line by line with four-space indentation and <c>\n</c> line endings, so the
/// output is the same on every machine.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    public void WriteLine(string text)
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indentation * IndentSize);
            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indentation++;
    }

    /// <summary>Dedents and writes <c>}</c> (with an optional suffix such as <c>;</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        if (_indentation == 0)
        {
            throw new InvalidOperationException("More blocks closed than opened.");
        }

        _indentation--;
        WriteLine("}" + suffix);
    }

    public void Indent() => _indentation++;

    public void Dedent() => _indentation--;

    public override string ToString()
    {
        if (_indentation != 0)
        {
            throw new InvalidOperationException("A block was left open.");
        }

        return _builder.ToString();
    }
}
