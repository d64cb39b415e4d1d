using System.Collections.Generic;
using Durably;

public abstract class CounterBase
{
    private int _baseTotal;
    protected readonly List<int> History = new();

    protected void AddToBase(int amount)
    {
        _baseTotal += amount;
        History.Add(amount);
    }
}

public static partial class Outer
{
    internal partial class Inner
    {
        [DurableState]
        public partial class Counter : CounterBase
        {
            private readonly int[] _recent = new int[4];

            private long StoredTotal { get; set; }

            [Query]
            private long TotalCore => StoredTotal;

            public string Name { get; init; } = "counter";

            [Operation]
            private void Add(int amount, int[] extra)
            {
                AddToBase(amount);
                StoredTotal += amount;
                _recent[amount & 3] = amount;
            }

            [Operation("reset")]
            private void Reset() => StoredTotal = 0;
        }
    }
}
