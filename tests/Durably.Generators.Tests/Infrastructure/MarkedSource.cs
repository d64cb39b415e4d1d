using Microsoft.CodeAnalysis.Text;

namespace Durably.Generators.Tests.Infrastructure;

/// <summary>
/// Source text with the expected diagnostic location marked as <c>[|text|]</c>: the markers are
/// removed and the span between them is kept.
/// </summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start || marked.IndexOf("[|", start + 2, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [| and |].", nameof(marked));
        }

        string text = marked.Remove(end, 2).Remove(start, 2);
        return new MarkedSource(text, TextSpan.FromBounds(start, end - 2));
    }
}
