using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Emitting;

/// <summary>Names and spellings every generated file uses.</summary>
internal static class GeneratedText
{
    public const string Writer = "global::Durably.Runtime.MessagePackWriter";
    public const string Reader = "global::Durably.Runtime.MessagePackReader";
    public const string FormatterInterface = "global::Durably.Runtime.IMessagePackFormatter";
    public const string DataTypeFormat = "global::Durably.Runtime.DataTypeFormat";

    /// <summary>The attribute every generated type carries, so tools (coverage, analyzers) can tell it from user code.</summary>
    public static string GeneratedCodeAttribute { get; } =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"Durably.Generators\", \"" + typeof(GeneratedText).Assembly.GetName().Version + "\")]";

    /// <summary>Hides generated helper types from completion lists.</summary>
    public const string EditorBrowsableNever = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A member name as written in C#: escaped with <c>@</c> when it is a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
