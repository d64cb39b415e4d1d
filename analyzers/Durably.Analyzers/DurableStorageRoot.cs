using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// Where a written location lives: walks a target or receiver expression (<c>this.Address.City</c>,
/// <c>_orders[id].Lines</c>, <c>_grid[1, 2]</c>) down to the first durable field or property it is
/// stored in, so a write to it can be judged as a change of durable state.
/// </summary>
internal readonly struct DurableStorageRoot
{
    private DurableStorageRoot(IMemberReferenceOperation reference, ISymbol member, bool isDirect)
    {
        Reference = reference;
        Member = member;
        IsDirect = isDirect;
    }

    /// <summary>The reference to the durable member (<c>_orders</c> in <c>_orders[id].Lines</c>).</summary>
    public IMemberReferenceOperation Reference { get; }

    /// <summary>The durable field or property (original definition).</summary>
    public ISymbol Member { get; }

    /// <summary>True when the written location is the durable member itself, not something held in it.</summary>
    public bool IsDirect { get; }

    /// <summary>The durable member's instance: null for static members.</summary>
    public IOperation? Instance => Reference.Instance;

    /// <summary>Whether the storage belongs to the object being initialized by an object initializer or <c>with</c>.</summary>
    public bool IsInitializerReceiver => ReceiverKind(Instance) == DurableReceiverKind.InitializedObject;

    /// <summary>Finds the durable member that stores <paramref name="location"/>, if any.</summary>
    /// <param name="location">The written location, or the object a mutating call changes.</param>
    /// <param name="facts">What is durable.</param>
    /// <param name="throughReference">
    /// True when the change happens in the object <paramref name="location"/> refers to (a mutating
    /// call on a reference), false when it writes <paramref name="location"/>'s own storage (an
    /// assignment target). A local is followed to the durable value it aliases only when the change
    /// reaches that value through a reference; writing a local (or a field of a struct copy) is not
    /// a change of durable state.
    /// </param>
    /// <param name="root">The durable member found.</param>
    /// <param name="aliasDepth">How many aliasing locals were followed to get here (bounded).</param>
    public static bool TryFind(IOperation? location, DurableCompilationFacts facts, bool throughReference, out DurableStorageRoot root, int aliasDepth = 0)
    {
        bool isDirect = true;
        bool crossed = throughReference;
        IOperation? current = location;
        while (current is not null)
        {
            switch (current)
            {
                case IConversionOperation conversion when conversion.Conversion.IsIdentity || conversion.Conversion.IsReference:
                    current = conversion.Operand;
                    continue;
                case IFieldReferenceOperation field:
                    if (facts.IsDurableMember(field.Field))
                    {
                        root = new DurableStorageRoot(field, field.Field.OriginalDefinition, isDirect);
                        return true;
                    }

                    crossed |= field.Instance?.Type?.IsReferenceType == true;
                    current = field.Instance;
                    break;
                case IPropertyReferenceOperation property:
                    if (facts.IsDurableMember(property.Property))
                    {
                        root = new DurableStorageRoot(property, property.Property.OriginalDefinition, isDirect);
                        return true;
                    }

                    crossed |= property.Instance?.Type?.IsReferenceType == true;
                    current = property.Instance;
                    break;
                case IArrayElementReferenceOperation element:
                    crossed = true;
                    current = element.ArrayReference;
                    break;
                case IInlineArrayAccessOperation inlineArray:
                    current = inlineArray.Instance;
                    break;
                case ILocalReferenceOperation local when crossed && aliasDepth < 4:
                    current = LocalAliases.FindAliasedValue(local, facts, aliasDepth);
                    aliasDepth++;
                    break;
                default:
                    current = null;
                    break;
            }

            isDirect = false;
        }

        root = default;
        return false;
    }

    /// <summary>Classifies the receiver of a member access or call.</summary>
    public static DurableReceiverKind ReceiverKind(IOperation? instance)
    {
        while (instance is IConversionOperation conversion && (conversion.Conversion.IsIdentity || conversion.Conversion.IsReference))
        {
            instance = conversion.Operand;
        }

        return instance switch
        {
            null => DurableReceiverKind.Static,
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => DurableReceiverKind.This,
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } => DurableReceiverKind.InitializedObject,
            _ => DurableReceiverKind.OtherInstance,
        };
    }
}

/// <summary>Whose state a member access touches.</summary>
internal enum DurableReceiverKind
{
    /// <summary>A static member: no instance.</summary>
    Static,

    /// <summary><c>this</c>, written or implicit.</summary>
    This,

    /// <summary>The object being created by an object initializer or a <c>with</c> expression.</summary>
    InitializedObject,

    /// <summary>Any other instance (<c>other.x</c>).</summary>
    OtherInstance,
}
