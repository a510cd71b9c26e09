using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>
/// When the app stops (Functions scaling in, a deployment), hands this instance's unused rate-limit blocks back to the
/// shared counters, so other instances can admit them in this window. An instance that stops without this (a crash)
/// loses only what it held: at most 2.5% of each limit, until the window ends.
/// </summary>
internal sealed partial class RateLimitHandBack(RateLimiter limiter, ILogger<RateLimitHandBack> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await limiter.HandBackAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stopping goes on: what was not handed back is lost only until the window ends.
            LogHandBackFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unused rate-limit blocks were not handed back; other instances admit that much less until the window ends.")]
    private static partial void LogHandBackFailed(ILogger logger, Exception exception);
}
