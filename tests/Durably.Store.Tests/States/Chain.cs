using System.Collections.Immutable;

namespace Durably.Store.Tests.States;

/// <summary>One link of a chain: every link is one more level of nesting in its MessagePack encoding.</summary>
/// <param name="Value">The link's value.</param>
/// <param name="Next">The rest of the chain.</param>
public sealed record ChainLink(int Value, ChainLink? Next);

/// <summary>A state that nests one level deeper with every push: a linked chain held by its head.</summary>
[DurableState]
public partial class Chain
{
    private ChainLink? _head;
    private string _label = string.Empty;

    [Query]
    private string LabelCore => _label;

    [Query]
    private int LengthCore
    {
        get
        {
            int length = 0;
            for (ChainLink? link = _head; link is not null; link = link.Next)
            {
                length++;
            }

            return length;
        }
    }

    /// <summary>The values from the head down (iterative: a chain can be far deeper than the stack allows recursion).</summary>
    [Query]
    private ImmutableArray<int> ValuesCore
    {
        get
        {
            ImmutableArray<int>.Builder values = ImmutableArray.CreateBuilder<int>();
            for (ChainLink? link = _head; link is not null; link = link.Next)
            {
                values.Add(link.Value);
            }

            return values.ToImmutable();
        }
    }

    [Operation]
    private void Push(int value) => _head = new ChainLink(value, _head);

    /// <summary>Pushes <paramref name="levels"/> links in one operation.</summary>
    [Operation]
    private void Grow(int levels)
    {
        for (int i = 0; i < levels; i++)
        {
            _head = new ChainLink(i, _head);
        }
    }

    /// <summary>Labels the chain with the first <paramref name="length"/> UTF-16 units of <paramref name="text"/> (which may split a surrogate pair).</summary>
    [Operation]
    private void SetLabel(string text, int length) => _label = text[..length];

    /// <summary>Puts <paramref name="head"/> in front of the chain; returns the new length.</summary>
    [Operation]
    private int Prepend(ChainLink head)
    {
        ArgumentNullException.ThrowIfNull(head);
        ChainLink? reversed = null;
        for (ChainLink? link = head; link is not null; link = link.Next)
        {
            reversed = new ChainLink(link.Value, reversed);
        }

        for (ChainLink? link = reversed; link is not null; link = link.Next)
        {
            _head = new ChainLink(link.Value, _head);
        }

        return LengthCore;
    }
}
