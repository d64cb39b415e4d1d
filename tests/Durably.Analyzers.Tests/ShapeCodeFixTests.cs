using Durably.Analyzers.CodeFixes;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.Tests;

/// <summary>The partial / private / non-static fixes, one at a time and with Fix All.</summary>
public sealed class ShapeCodeFixTests
{
    [Fact]
    public Task Make_partial_adds_the_modifier_before_class() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeDurableClassPartialCodeFix(),
            MakeDurableClassPartialCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public sealed class {|DS0005:Ledger|}
            {
            }
            """],
            ["""
            [DurableState]
            public sealed partial class Ledger
            {
            }
            """]);

    [Fact]
    public Task Make_partial_keeps_the_indentation_of_a_class_without_modifiers() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeDurableClassPartialCodeFix(),
            MakeDurableClassPartialCodeFix.EquivalenceKey,
            ["""
            namespace Bank
            {
                // The books.
                [DurableState]
                class {|DS0005:Ledger|} { }
            }
            """],
            ["""
            namespace Bank
            {
                // The books.
                [DurableState]
                partial class Ledger { }
            }
            """]);

    [Fact]
    public Task Fix_all_makes_every_durable_class_in_the_solution_partial() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new MakeDurableClassPartialCodeFix(),
            MakeDurableClassPartialCodeFix.EquivalenceKey,
            FixAllScope.Solution,
            ["[DurableState]\npublic class {|DS0005:A|} { }\n[DurableState]\ninternal class {|DS0005:B|} { }\n", "[DurableState]\npublic abstract class {|DS0005:C|} { }\n"],
            ["[DurableState]\npublic partial class A { }\n[DurableState]\ninternal partial class B { }\n", "[DurableState]\npublic abstract partial class C { }\n"]);

    [Fact]
    public Task Make_private_replaces_every_accessibility_modifier() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeOperationPrivateCodeFix(),
            MakeOperationPrivateCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                /// <summary>Adds.</summary>
                [Operation]
                protected internal void {|DS0006:Deposit|}(decimal amount) => _total += amount;
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                /// <summary>Adds.</summary>
                [Operation]
                private void Deposit(decimal amount) => _total += amount;
            }
            """]);

    [Fact]
    public Task Fix_all_makes_every_operation_in_the_document_private() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new MakeOperationPrivateCodeFix(),
            MakeOperationPrivateCodeFix.EquivalenceKey,
            FixAllScope.Document,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                public void {|DS0006:A|}(decimal amount) => _total += amount;

                [Operation]
                internal void {|DS0006:B|}(decimal amount) => _total -= amount;
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                private void A(decimal amount) => _total += amount;

                [Operation]
                private void B(decimal amount) => _total -= amount;
            }
            """]);

    [Fact]
    public Task Make_instance_removes_static_and_keeps_the_rest() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeOperationInstanceCodeFix(),
            MakeOperationInstanceCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private static int s_count;

                [Operation]
                private static void {|DS0007:Bump|}() => s_count++;

                [Operation] static void {|DS0007:Reset|}() => s_count = 0;
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private static int s_count;

                [Operation]
                private void Bump() => s_count++;

                [Operation] static void {|DS0007:Reset|}() => s_count = 0;
            }
            """]);

    [Fact]
    public Task Fix_all_removes_static_from_every_operation() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new MakeOperationInstanceCodeFix(),
            MakeOperationInstanceCodeFix.EquivalenceKey,
            FixAllScope.Project,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private static int s_count;

                [Operation]
                private static void {|DS0007:Bump|}() => s_count++;

                [Operation]
                static void {|DS0007:Reset|}() => s_count = 0;
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private static int s_count;

                [Operation]
                private void Bump() => s_count++;

                [Operation]
                void Reset() => s_count = 0;
            }
            """]);
}
