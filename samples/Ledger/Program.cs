using System.CommandLine;
using LedgerSample;
using LedgerSample.Commands;

ParentWatch.Start();
var root = new RootCommand("Durably Ledger: a bank ledger kept durable by a write-ahead log in two copies")
{
    InitCommand.Create(),
    LoadCommand.Create(),
    CheckCommand.Create(),
    SnapshotCommand.Create(),
    DemoCommand.Create(),
    CrashCommand.Create(),
    AotProbeCommand.Create(),
};
// Every failure is one line on stderr and a documented exit code (README), never a stack trace:
// the commands map the log's exceptions; anything else ends here.
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return FailureReport.Report(e) ?? FailureReport.Unexpected(e);
}
