using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Durably;

namespace LedgerSample.Probe;

/// <summary>
/// The shapes native AOT once failed on at run time (formatters composed by reflection, which
/// native AOT cannot do): <see cref="List{T}"/>, <see cref="Dictionary{TKey, TValue}"/>,
/// <see cref="ImmutableArray{T}"/>, <see cref="KeyValuePair{TKey, TValue}"/>, an array of nullables,
/// <see cref="Half"/> and a recursive user type, as operation arguments (logged, replayed) and as
/// state fields (snapshotted, restored). The <c>aot-probe</c> command prints them after each path.
/// </summary>
[DurableState]
public sealed partial class AotProbe
{
    private List<int> _list = [];
    private Dictionary<string, int> _map = [];
    private ImmutableArray<int> _array = [];
    private KeyValuePair<string, Guid> _pair;
    private int?[] _optional = [];
    private Half _half;
    private ProbeLink? _chain;

    /// <summary>Every value, in a fixed text form (map keys sorted, the chain from its head).</summary>
    [Query]
    private string ValuesCore
    {
        get
        {
            var text = new StringBuilder();
            text.Append("list=[").AppendJoin(',', _list).Append(']');
            text.Append(" map={").AppendJoin(',', _map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + e.Value.ToString(CultureInfo.InvariantCulture))).Append('}');
            text.Append(" array=[").AppendJoin(',', _array).Append(']');
            text.Append(" pair=").Append(_pair.Key).Append(':').Append(_pair.Value.ToString("D"));
            text.Append(" optional=[").AppendJoin(',', _optional.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null")).Append(']');
            text.Append(" half=").Append(_half.ToString(CultureInfo.InvariantCulture));
            text.Append(" chain=");
            for (ProbeLink? link = _chain; link is not null; link = link.Next)
            {
                text.Append(link.Value.ToString(CultureInfo.InvariantCulture)).Append(link.Next is null ? string.Empty : ">");
            }

            return text.ToString();
        }
    }

    [Operation("record")]
    private void Record(List<int> list, Dictionary<string, int> map, ImmutableArray<int> array, KeyValuePair<string, Guid> pair, int?[] optional, Half half, ProbeLink chain)
    {
        _list = [.. list];
        _map = new Dictionary<string, int>(map);
        _array = array;
        _pair = pair;
        _optional = [.. optional];
        _half = half;
        _chain = chain;
    }
}
