using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Generators.Model;

/// <summary>
/// A source location reduced to values, so that diagnostics can travel through the incremental
/// pipeline without keeping a syntax tree alive.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
