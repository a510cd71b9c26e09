using System.Collections.Concurrent;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Tests.Hosting;

/// <summary>The <c>/mcp</c> endpoint and its tools are built as the app starts, off the first request's path, with no storage round trip.</summary>
public sealed class McpWarmupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AtStartUp_TheEndpointAndItsToolsAreBuiltInTheBackground_WithoutReachingStorage()
    {
        var logs = new LogLines();
        // Storage that nobody listens on: building anything that made a storage request would fail and be logged.
        await using McpTestServer server = McpTestServer.Start(azurite,
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(1), ["Storage:MaxRetries"] = "0" },
            services => services.AddSingleton<ILoggerProvider>(logs));

        await server.Services.GetRequiredService<McpWarmup>().Warmed.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Contains(logs.Lines, line => line.StartsWith("Built the MCP endpoint and its tools, and answered a practice call", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Could not build the MCP endpoint", StringComparison.Ordinal));
    }

    private sealed class LogLines : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
