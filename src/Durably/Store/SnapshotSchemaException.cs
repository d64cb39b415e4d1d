namespace Durably;

/// <summary>
/// Opening a durable state failed because a field stored in its snapshot cannot be read as the
/// field's type in this version of the class (its type changed incompatibly, e.g. from a string
/// to a number, or narrowed, e.g. from double to float). Nothing was changed on disk. Keep the old type, or give the new field a new
/// name: a field the snapshot does not hold starts with its initializer's value, and a stored
/// field the class no longer has is skipped.
/// </summary>
public sealed class SnapshotSchemaException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotSchemaException()
        : base("A snapshot field cannot be read by this version of the class.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public SnapshotSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SnapshotSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SnapshotSchemaException(string message, string fieldName, string snapshot, string storedType, string currentType, Exception? innerException)
        : base(message, innerException)
    {
        FieldName = fieldName;
        Snapshot = snapshot;
        StoredType = storedType;
        CurrentType = currentType;
    }

    /// <summary>The field's name (its key in the snapshot).</summary>
    public string FieldName { get; } = string.Empty;

    /// <summary>The snapshot: file name, sequence and directory.</summary>
    public string Snapshot { get; } = string.Empty;

    /// <summary>The field's type when the snapshot was written.</summary>
    public string StoredType { get; } = string.Empty;

    /// <summary>The field's type in this version of the class.</summary>
    public string CurrentType { get; } = string.Empty;
}
