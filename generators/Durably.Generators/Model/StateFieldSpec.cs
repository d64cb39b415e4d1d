namespace Durably.Generators.Model;

/// <summary>How the snapshot code reaches a field of the state class.</summary>
internal enum FieldAccess
{
    /// <summary>A writable field of the state class itself: read and assigned by name.</summary>
    Direct,

    /// <summary>
    /// A readonly field, an auto-property's backing field or a base class's field: reached through
    /// an <c>[UnsafeAccessor]</c> that returns a reference, so it can be restored in place.
    /// </summary>
    Accessor,
}

/// <summary>One instance field of the state class, part of every snapshot.</summary>
/// <param name="Key">The key in the snapshot map (the field's name, or the property's for a backing field).</param>
/// <param name="FieldName">The field's metadata name, e.g. <c>&lt;Balance&gt;k__BackingField</c>.</param>
/// <param name="Type">How the value is written and read.</param>
/// <param name="Access">Direct access or an unsafe accessor.</param>
/// <param name="DeclaringType">The fully qualified type that declares the field.</param>
/// <param name="AccessorName">The generated accessor method (for <see cref="FieldAccess.Accessor"/>).</param>
internal sealed record StateFieldSpec(
    string Key,
    string FieldName,
    TypeRef Type,
    FieldAccess Access,
    string DeclaringType,
    string AccessorName);
