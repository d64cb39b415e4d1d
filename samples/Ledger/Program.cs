using System.CommandLine;
using LedgerSample.Commands;

var root = new RootCommand("Durably Ledger: a bank ledger kept durable by a write-ahead log in two copies")
{
    InitCommand.Create(),
    LoadCommand.Create(),
    CheckCommand.Create(),
    SnapshotCommand.Create(),
    DemoCommand.Create(),
    CrashCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
