using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// Compares the code's schema with the lock: every change old records would not survive is an
/// incompatible finding naming what changed, the locked and the new shape and the compatible way;
/// every other difference is a compatible finding the lock should record.
/// </summary>
internal sealed class SchemaComparison
{
    private readonly SchemaDocument _locked;
    private readonly SchemaDocument _current;
    private readonly List<SchemaFinding> _findings = [];

    private SchemaComparison(SchemaDocument locked, SchemaDocument current)
    {
        _locked = locked;
        _current = current;
    }

    public static IReadOnlyList<SchemaFinding> Compare(SchemaDocument locked, SchemaDocument current)
    {
        var comparison = new SchemaComparison(locked, current);
        comparison.Run();
        return comparison._findings;
    }

    private void Run()
    {
        foreach (StateSchema lockedState in _locked.States.Values)
        {
            if (!_current.States.TryGetValue(lockedState.Name, out StateSchema? state))
            {
                Incompatible(DurablyDiagnostics.LockedStateMissing, null, lockedState.Name);
                continue;
            }

            CompareState(lockedState, state);
        }

        foreach (StateSchema state in _current.States.Values.Where(s => !_locked.States.ContainsKey(s.Name)))
        {
            Compatible(state.Symbol, "new [DurableState] class '" + state.Name + "'");
        }

        foreach (EnumSchema lockedEnum in _locked.Enums.Values)
        {
            if (_current.Enums.TryGetValue(lockedEnum.Name, out EnumSchema? current))
            {
                CompareEnum(lockedEnum, current);
            }
        }

        foreach (DataTypeSchema lockedType in _locked.Types.Values)
        {
            if (_current.Types.TryGetValue(lockedType.Name, out DataTypeSchema? current))
            {
                CompareType(lockedType, current);
            }
        }
    }

    private void CompareState(StateSchema locked, StateSchema state)
    {
        foreach (OperationSchema lockedOperation in locked.Operations.Values)
        {
            if (state.Operations.TryGetValue(lockedOperation.Name, out OperationSchema? operation))
            {
                CompareOperation(state, lockedOperation, operation);
                continue;
            }

            Incompatible(
                DurablyDiagnostics.LockedOperationMissing,
                state.Symbol,
                state.Name,
                lockedOperation.Name,
                Signature(lockedOperation),
                RenameAdvice(locked, state, lockedOperation));
        }

        foreach (OperationSchema operation in state.Operations.Values.Where(o => !locked.Operations.ContainsKey(o.Name)))
        {
            Compatible(operation.Symbol ?? state.Symbol, "new operation '" + operation.Name + "' of '" + state.Name + "'");
        }

        foreach (FieldSchema lockedField in locked.Fields.Values)
        {
            if (!state.Fields.TryGetValue(lockedField.Key, out FieldSchema? field))
            {
                // Snapshots hold fields by name: a removed field's value is dropped on restore, and a
                // renamed one starts empty there while a full replay fills it.
                FieldSchema? renamed = state.Fields.Values.FirstOrDefault(f => !locked.Fields.ContainsKey(f.Key) && f.Shape.Equals(lockedField.Shape));
                string hint = renamed is null
                    ? string.Empty
                    : " ('" + renamed.Key + "' is new with the same shape and looks like a rename: renaming a field drops its value from snapshots, and the new field starts empty when the state is restored from one; keep the name '" + lockedField.Key + "')";
                Incompatible(
                    DurablyDiagnostics.LockedFieldMissing,
                    renamed?.Symbol ?? state.Symbol,
                    state.Name,
                    lockedField.Key,
                    lockedField.Shape.ToString(),
                    hint);
                continue;
            }

            CompareShape(
                lockedField.Shape,
                field.Shape,
                field.Symbol ?? state.Symbol,
                "State field '" + field.Key + "' of '" + state.Name + "'",
                "keep the field's type and add a new field with the new type (snapshots store fields by name)");
        }

        foreach (FieldSchema field in state.Fields.Values.Where(f => !locked.Fields.ContainsKey(f.Key)))
        {
            Compatible(field.Symbol ?? state.Symbol, "new state field '" + field.Key + "' of '" + state.Name + "'");
        }
    }

    private static string RenameAdvice(StateSchema locked, StateSchema state, OperationSchema lockedOperation)
    {
        // A new operation with the same parameter shapes is most likely the renamed one.
        OperationSchema? renamed = state.Operations.Values.FirstOrDefault(o =>
            !locked.Operations.ContainsKey(o.Name)
            && o.Parameters.Count >= lockedOperation.Parameters.Count
            && lockedOperation.Parameters.Select((p, i) => p.Shape.Equals(o.Parameters[i].Shape)).All(same => same));
        string removal = "if the operation is gone for good, keep it until snapshots cover all its records, then delete its lines from DurableSchema.lock deliberately";
        return renamed is not null
            ? "if '" + renamed.Name + "' is the renamed operation, keep the old record name with [Operation(\"" + lockedOperation.Name + "\")]; " + removal
            : "if it was renamed, keep the old record name with [Operation(\"" + lockedOperation.Name + "\")]; " + removal;
    }

    private void CompareOperation(StateSchema state, OperationSchema locked, OperationSchema operation)
    {
        string lockedOrder = string.Join(", ", locked.Parameters.Select(p => p.Name + ": " + p.Shape));
        string currentOrder = string.Join(", ", operation.Parameters.Select(p => p.Name + ": " + p.Shape));
        bool reordered = false;
        for (int i = 0; i < operation.Parameters.Count; i++)
        {
            ParameterSchema parameter = operation.Parameters[i];
            int lockedIndex = locked.Parameters.FindIndex(p => p.Name == parameter.Name);
            if (lockedIndex >= 0 && lockedIndex != i)
            {
                reordered = true;
                Incompatible(
                    DurablyDiagnostics.ParametersReordered,
                    parameter.Symbol ?? operation.Symbol,
                    state.Name,
                    operation.Name,
                    parameter.Name,
                    Text(i),
                    Text(lockedIndex),
                    "locked shape " + locked.Parameters[lockedIndex].Shape + ", shape now " + parameter.Shape,
                    lockedOrder,
                    currentOrder);
            }
        }

        if (reordered)
        {
            return;
        }

        for (int i = 0; i < locked.Parameters.Count; i++)
        {
            ParameterSchema lockedParameter = locked.Parameters[i];
            if (i >= operation.Parameters.Count)
            {
                Incompatible(
                    DurablyDiagnostics.ParameterRemoved,
                    operation.Symbol,
                    state.Name,
                    operation.Name,
                    lockedParameter.Name,
                    Text(i),
                    lockedParameter.Shape.ToString());
                continue;
            }

            ParameterSchema parameter = operation.Parameters[i];
            string subject = "Parameter " + Text(i) + " '" + parameter.Name + "' of operation '" + operation.Name + "' in '" + state.Name + "'";
            CompareShape(lockedParameter.Shape, parameter.Shape, parameter.Symbol ?? operation.Symbol, subject, "keep the type and add an operation with a new name for the new one");
            if (lockedParameter.HasDefault && !parameter.HasDefault)
            {
                Incompatible(
                    DurablyDiagnostics.ParameterWithoutDefault,
                    parameter.Symbol ?? operation.Symbol,
                    state.Name,
                    operation.Name,
                    parameter.Name,
                    Text(i),
                    parameter.Shape.ToString(),
                    "lost the default value it has in DurableSchema.lock");
            }
            else if (!lockedParameter.HasDefault && parameter.HasDefault)
            {
                Compatible(parameter.Symbol ?? operation.Symbol, subject + " got a default value");
            }
            else if (lockedParameter.HasDefault && parameter.HasDefault)
            {
                CompareDefault(lockedParameter.DefaultValue, parameter.DefaultValue, parameter.Symbol ?? operation.Symbol, subject, "add an operation with a new name whose parameter has the new default");
            }

            if (lockedParameter.Name != parameter.Name)
            {
                Compatible(parameter.Symbol ?? operation.Symbol, subject + " was renamed from '" + lockedParameter.Name + "' (old records' values go to it)");
            }
        }

        for (int i = locked.Parameters.Count; i < operation.Parameters.Count; i++)
        {
            ParameterSchema parameter = operation.Parameters[i];
            if (parameter.HasDefault)
            {
                Compatible(parameter.Symbol ?? operation.Symbol, "parameter '" + parameter.Name + "' appended to operation '" + operation.Name + "' with a default");
            }
            else
            {
                Incompatible(
                    DurablyDiagnostics.ParameterWithoutDefault,
                    parameter.Symbol ?? operation.Symbol,
                    state.Name,
                    operation.Name,
                    parameter.Name,
                    Text(i),
                    parameter.Shape.ToString(),
                    "was added without a default value");
            }
        }
    }

    /// <summary>
    /// A default value is what old records (or values) without the parameter (or member) replay
    /// with, so a known locked value must stay. A lock written before values were recorded knows
    /// only that there is one: the value is recorded on the next update.
    /// </summary>
    private void CompareDefault(string? locked, string? current, ISymbol? at, string subject, string otherwise)
    {
        if (locked is null)
        {
            if (current is not null)
            {
                Compatible(at, subject + " has the default value " + current + ", not recorded in DurableSchema.lock yet");
            }

            return;
        }

        if (locked != current)
        {
            Incompatible(DurablyDiagnostics.DefaultValueChanged, at, subject, locked, current ?? "none (the type's default)", otherwise);
        }
    }

    private void CompareShape(WireShape locked, WireShape current, ISymbol? at, string subject, string otherwise)
    {
        if (locked.Equals(current))
        {
            return;
        }

        if (WireCompatibility.CanRead(locked, current))
        {
            Compatible(at, subject + " widened from " + locked + " to " + current);
            return;
        }

        Incompatible(DurablyDiagnostics.IncompatibleWireShape, at, subject, locked.ToString(), current.ToString(), otherwise);
    }

    private void CompareEnum(EnumSchema locked, EnumSchema current)
    {
        CompareShape(locked.Underlying, current.Underlying, current.Symbol, "The underlying type of enum '" + current.Name + "'", "keep the underlying type");
        var currentByValue = current.Members.Values.ToLookup(m => m.Value);
        foreach (EnumMemberSchema lockedMember in locked.Members.Values)
        {
            string lockedValue = lockedMember.Value.ToString(CultureInfo.InvariantCulture);
            if (current.Members.TryGetValue(lockedMember.Name, out EnumMemberSchema? member))
            {
                if (member.Value != lockedMember.Value)
                {
                    Incompatible(DurablyDiagnostics.EnumValueChanged, member.Symbol ?? current.Symbol, current.Name, member.Name, "now has value " + member.Value.ToString(CultureInfo.InvariantCulture), lockedValue);
                }

                continue;
            }

            EnumMemberSchema? renamed = currentByValue[lockedMember.Value].FirstOrDefault(m => !locked.Members.ContainsKey(m.Name));
            if (renamed is not null)
            {
                Compatible(renamed.Symbol ?? current.Symbol, "enum member '" + current.Name + "." + lockedMember.Name + "' renamed to '" + renamed.Name + "' (same value " + lockedValue + ")");
            }
            else if (currentByValue[lockedMember.Value].FirstOrDefault() is { } reuser)
            {
                Incompatible(DurablyDiagnostics.EnumValueChanged, reuser.Symbol ?? current.Symbol, current.Name, lockedMember.Name, "was removed and its value " + lockedValue + " is now used by '" + reuser.Name + "'", lockedValue);
            }
            else
            {
                Incompatible(DurablyDiagnostics.EnumValueChanged, current.Symbol, current.Name, lockedMember.Name, "was removed (old records may still hold " + lockedValue + ")", lockedValue);
            }
        }

        foreach (EnumMemberSchema member in current.Members.Values.Where(m => !locked.Members.ContainsKey(m.Name) && !locked.Members.Values.Any(l => l.Value == m.Value)))
        {
            Compatible(member.Symbol ?? current.Symbol, "new enum member '" + current.Name + "." + member.Name + "' = " + member.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void CompareType(DataTypeSchema locked, DataTypeSchema current)
    {
        string lockedOrder = string.Join(", ", locked.Members.Select(m => m.Name + ": " + m.Shape));
        string currentOrder = string.Join(", ", current.Members.Select(m => m.Name + ": " + m.Shape));
        for (int i = 0; i < locked.Members.Count; i++)
        {
            DataMemberSchema lockedMember = locked.Members[i];
            int currentIndex = current.Members.FindIndex(m => m.Name == lockedMember.Name);
            if (currentIndex < 0)
            {
                if (i < current.Members.Count && !locked.Members.Any(m => m.Name == current.Members[i].Name))
                {
                    // Same position, new name: the old values go to the renamed member.
                    DataMemberSchema renamed = current.Members[i];
                    string subject = "Member " + Text(i) + " '" + renamed.Name + "' of type '" + current.Name + "'";
                    CompareShape(lockedMember.Shape, renamed.Shape, renamed.Symbol ?? current.Symbol, subject, "keep the member's type and add a new member at the end");
                    CompareDefault(lockedMember.DefaultValue, renamed.DefaultValue, renamed.Symbol ?? current.Symbol, subject, MemberDefaultAdvice);
                    Compatible(renamed.Symbol ?? current.Symbol, subject + " was renamed from '" + lockedMember.Name + "' (old values go to it)");
                    continue;
                }

                Incompatible(DurablyDiagnostics.DataMemberMoved, current.Symbol, current.Name, lockedMember.Name, "(position " + Text(i) + ", " + lockedMember.Shape + ") was removed", lockedOrder, currentOrder);
                continue;
            }

            DataMemberSchema member = current.Members[currentIndex];
            if (currentIndex != i)
            {
                Incompatible(
                    DurablyDiagnostics.DataMemberMoved,
                    member.Symbol ?? current.Symbol,
                    current.Name,
                    member.Name,
                    "is at position " + Text(currentIndex) + " but DurableSchema.lock has it at position " + Text(i) + " (a member was inserted before it, or members were reordered)",
                    lockedOrder,
                    currentOrder);
                continue;
            }

            string memberSubject = "Member " + Text(i) + " '" + member.Name + "' of type '" + current.Name + "'";
            CompareShape(
                lockedMember.Shape,
                member.Shape,
                member.Symbol ?? current.Symbol,
                memberSubject,
                "keep the member's type and add a new member with the new type at the end");
            CompareDefault(lockedMember.DefaultValue, member.DefaultValue, member.Symbol ?? current.Symbol, memberSubject, MemberDefaultAdvice);
        }

        for (int i = locked.Members.Count; i < current.Members.Count; i++)
        {
            DataMemberSchema member = current.Members[i];
            if (locked.Members.Any(m => m.Name == member.Name))
            {
                continue;
            }

            if (member.Required)
            {
                Incompatible(DurablyDiagnostics.RequiredMemberAppended, member.Symbol ?? current.Symbol, current.Name, member.Name, Text(i), member.Shape.ToString());
            }
            else
            {
                Compatible(member.Symbol ?? current.Symbol, "member '" + member.Name + "' appended to type '" + current.Name + "'");
            }
        }
    }

    private const string MemberDefaultAdvice = "add a new member with the new default at the end";

    private static string Signature(OperationSchema operation) =>
        string.Join(", ", operation.Parameters.Select(p => p.Name + ": " + p.Shape));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Incompatible(DiagnosticDescriptor rule, ISymbol? at, params string[] arguments) =>
        _findings.Add(SchemaFinding.Incompatible(rule, at, arguments));

    private void Compatible(ISymbol? at, string description) =>
        _findings.Add(SchemaFinding.Compatible(at, description));
}
