using System.CommandLine;
using Durably.Tool.Inspection;

namespace Durably.Tool.Commands;

/// <summary>The arguments and options every command takes: the copies' directories and <c>--json</c>.</summary>
internal static class LogArguments
{
    internal static readonly Argument<string> Primary = new("primary")
    {
        Description = "The directory of the log's primary copy",
    };

    internal static readonly Argument<string?> Secondary = new("secondary")
    {
        Description = "The directory of the log's secondary copy (omit for a single-copy log)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    internal static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable output: one JSON object (dump: one per line)",
    };

    internal static Command WithLogArguments(this Command command)
    {
        command.Arguments.Add(Primary);
        command.Arguments.Add(Secondary);
        command.Options.Add(Json);
        return command;
    }

    internal static LogLocation Location(ParseResult result) =>
        new(result.GetValue(Primary)!, result.GetValue(Secondary));
}
