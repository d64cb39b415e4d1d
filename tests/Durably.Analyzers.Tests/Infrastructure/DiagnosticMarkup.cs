using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Test sources with the expected diagnostics marked in place: <c>{|DS0001:text|}</c> expects a
/// DS0001 diagnostic exactly on <c>text</c>. Markers may nest.
/// </summary>
internal sealed class DiagnosticMarkup
{
    private DiagnosticMarkup(string text, IReadOnlyList<(string Id, TextSpan Span)> expected)
    {
        Text = text;
        Expected = expected;
    }

    /// <summary>The source with the markers removed.</summary>
    public string Text { get; }

    /// <summary>The marked diagnostics, by ID and span in <see cref="Text"/>.</summary>
    public IReadOnlyList<(string Id, TextSpan Span)> Expected { get; }

    public static DiagnosticMarkup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        var expected = new List<(string Id, TextSpan Span)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                open.Push((markup[(i + 2)..colon], text.Length));
                i = colon + 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                (string id, int start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, text.Length)));
                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }

        Assert.True(open.Count == 0, "Unclosed {| marker in test source.");
        return new DiagnosticMarkup(text.ToString(), expected);
    }
}
