// netstandard2.0 lacks the marker type that `init` accessors and records need; the compiler
// only looks it up by name, so an internal copy is enough.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
