namespace Durably.Generators.Model;

/// <summary>An <c>[Operation]</c> method and everything generated for it.</summary>
/// <param name="MethodName">The user's private apply method.</param>
/// <param name="RecordName">The name written as the first element of every record.</param>
/// <param name="EntryPointName">The generated public method, <c>MethodName + "Async"</c>.</param>
/// <param name="RecordTypeName">The generated record class, which also writes and reads itself (unique within the state class).</param>
/// <param name="Accessibility">The entry point's accessibility keyword: <c>public</c> unless an argument or result type is less accessible.</param>
/// <param name="ResultType">The fully qualified result type, or null for a <c>void</c> operation.</param>
/// <param name="Parameters">The arguments in declaration order.</param>
/// <param name="DecodeBeforeApply">
/// True when some argument is mutable, so the live apply must run on a copy decoded from the
/// logged bytes rather than on the caller's objects.
/// </param>
/// <param name="CancellationTokenName">The entry point's cancellation parameter, named so that it cannot clash with the arguments.</param>
/// <param name="DocumentationCref">The <c>cref</c> of the user's operation when it has a doc comment, so the entry point inherits it; otherwise null.</param>
internal sealed record OperationSpec(
    string MethodName,
    string RecordName,
    string EntryPointName,
    string RecordTypeName,
    string Accessibility,
    string? ResultType,
    EquatableArray<ParameterSpec> Parameters,
    bool DecodeBeforeApply,
    string CancellationTokenName,
    string? DocumentationCref)
{
    /// <summary>How many arguments an old record must at least carry: up to the last parameter without a default.</summary>
    public int RequiredArgumentCount
    {
        get
        {
            int required = 0;
            for (int i = 0; i < Parameters.Count; i++)
            {
                if (Parameters[i].DefaultValue is null)
                {
                    required = i + 1;
                }
            }

            return required;
        }
    }
}
