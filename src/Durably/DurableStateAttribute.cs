namespace Durably;

/// <summary>
/// Marks a <see langword="partial"/> class whose state is made durable: every state change goes
/// through an <see cref="OperationAttribute"/> method whose record is written to the write-ahead
/// log before the change is applied, and the state is rebuilt from the log on open.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DurableStateAttribute : Attribute
{
}
