namespace Durably.Generators.Model;

/// <summary>
/// What one state class's generated file is written from: its parse result and the names of just
/// the shared formatters it refers to, so a change elsewhere in the shared cache leaves it unchanged.
/// </summary>
/// <param name="Result">The parse result, without its shared formatter specs.</param>
/// <param name="SharedCacheClass">The shared cache class, fully qualified.</param>
/// <param name="SharedNames">The shared fields the class refers to, by key, in ordinal order.</param>
internal sealed record StateOutput(ParseResult Result, string SharedCacheClass, EquatableArray<SharedFormatterName> SharedNames);
