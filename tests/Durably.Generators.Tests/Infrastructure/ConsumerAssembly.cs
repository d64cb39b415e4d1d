using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace Durably.Generators.Tests.Infrastructure;

/// <summary>
/// A consumer project compiled in memory with the generator, emitted, and loaded into its own
/// collectible load context (Durably.dll itself is shared with the test), so that two versions
/// of the same class can be loaded side by side, as two releases of an application would be.
/// </summary>
internal sealed class ConsumerAssembly : IDisposable
{
    private readonly CollectibleContext _context;

    private ConsumerAssembly(CollectibleContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Compiles <paramref name="source"/> with the generator; fails the test on any warning or error.</summary>
    public static ConsumerAssembly Compile(string name, string source)
    {
        GeneratorRun run = GeneratorRun.Run(CompilationFactory.Create(name, [(name + ".cs", source)]));
        Assert.Empty(run.GeneratorDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());
        Assert.Empty(run.CompilationDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());

        using var image = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;

        var context = new CollectibleContext(name);
        return new ConsumerAssembly(context, context.LoadFromStream(image));
    }

    /// <summary>Calls a public static method that returns a task, and returns the task's result.</summary>
    public async Task<T> CallAsync<T>(string typeName, string method, params object?[] arguments)
    {
        Type type = Assembly.GetType(typeName, throwOnError: true)!;
        MethodInfo target = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, method);
        object? returned;
        try
        {
            returned = target.Invoke(null, arguments);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            throw invocation.InnerException;
        }

        var task = (Task)returned!;
        await task;
        return (T)task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    public void Dispose() => _context.Unload();

    private sealed class CollectibleContext(string name) : AssemblyLoadContext(name, isCollectible: true)
    {
        // Durably and the framework come from the default context: one runtime, shared types.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
