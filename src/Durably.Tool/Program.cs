using System.CommandLine;
using Durably.Tool;
using Durably.Tool.Commands;

var root = new RootCommand(
    "durably: look at the logs of Durably applications. Read-only and safe on a live log: no lock is taken and nothing is written; "
    + "repairing is recovery's job (opening the log), not the tool's.")
{
    StatusCommand.Create(),
    VerifyCommand.Create(),
    DumpCommand.Create(),
};

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
    {
        Console.Error.WriteLine("durably: " + error.Message);
    }

    Console.Error.WriteLine("Try 'durably --help'.");
    return ExitCodes.Usage;
}

return parsed.Invoke();
