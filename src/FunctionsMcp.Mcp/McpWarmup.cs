using System.Diagnostics;
using FunctionsMcp.Mcp.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp;

/// <summary>
/// Builds the <c>/mcp</c> endpoint and everything it holds (the tool catalogue with every tool's schema, the credential
/// checks, the storage client) on a background thread as the app starts, then answers one practice call in memory
/// (<see cref="McpEndpoint.WarmAsync"/>), instead of leaving both to a cold instance's first request: measured, the
/// catalogue alone took 1.2–1.5 s of reflection and compilation there. Start-up does not wait for it, and it makes no
/// storage round trip. A first request that arrives sooner waits for the part still being built rather than building it
/// again; a failure here is logged, and the first request reports it as it would have.
/// </summary>
internal sealed partial class McpWarmup(IServiceProvider services, ILogger<McpWarmup> logger) : IHostedService
{
    /// <summary>The background build; finished (never faulted) once the endpoint is built or the attempt failed.</summary>
    internal Task Warmed { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Warmed = Task.Run(Warm, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task Warm()
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            McpEndpoint endpoint = services.GetRequiredService<McpEndpoint>();
            if (!await endpoint.WarmAsync(services, CancellationToken.None))
                throw new InvalidOperationException("The practice call was not answered with a result.");
            TimeSpan took = Stopwatch.GetElapsedTime(started);
            LogWarmed(logger, (long)took.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            LogWarmupFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the MCP endpoint and its tools, and answered a practice call, in the background in {Milliseconds} ms.")]
    private static partial void LogWarmed(ILogger logger, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not build the MCP endpoint in the background; the first request will try again.")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
