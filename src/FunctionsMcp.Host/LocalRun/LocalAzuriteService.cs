using FunctionsMcp.LocalDev;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// The local run's storage: in Development, with <c>LocalRun:StartAzurite</c> on and storage pointing at a
/// loopback port where nothing listens, starts the repository's pinned Azurite (installing it with npm the
/// first time) with its data in a git-ignored folder, and stops it when the app stops. An Azurite that is
/// already listening (a VS Code task, another terminal) is used as it is.
/// </summary>
internal sealed partial class LocalAzuriteService(
    IOptions<LocalRunOptions> localRun,
    IOptions<TableStorageOptions> storage,
    IHostEnvironment environment,
    ILogger<LocalAzuriteService> logger) : IHostedService, IAsyncDisposable
{
    private readonly Lock _stopGate = new();
    private AzuriteProcess? _azurite;
    private Task? _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!localRun.Value.StartAzurite)
            return;
        if (!environment.IsDevelopment())
        {
            LogNotDevelopment(logger, environment.EnvironmentName);
            return;
        }

        if (!StorageConnectionString.TryGetTableEndpoint(storage.Value.ConnectionString, out Uri? endpoint, out _) || !endpoint.IsLoopback)
        {
            LogNotLoopback(logger);
            return;
        }

        int port = endpoint.Port;
        if (await AzuriteProcess.IsListeningAsync(port, cancellationToken))
        {
            LogAlreadyListening(logger, port);
            return;
        }

        string root = Repository.FindRoot(environment.ContentRootPath) ?? Repository.GetRoot(AppContext.BaseDirectory);
        string data = Path.GetFullPath(Path.Combine(root, localRun.Value.AzuriteDataFolder));
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root, port, data), message => LogNpm(logger, message), cancellationToken);
        LogStarted(logger, port, data);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    // Both the host's StopAsync and the container's dispose call this, possibly at once: the first starts the stop,
    // and every caller waits for that same stop, so nobody returns while Azurite is still shutting down.
    public ValueTask DisposeAsync()
    {
        lock (_stopGate)
            _stopping ??= StopAzuriteAsync();
        return new ValueTask(_stopping);
    }

    private async Task StopAzuriteAsync()
    {
        if (_azurite is not { } azurite)
            return;
        await azurite.DisposeAsync();
        LogStopped(logger, azurite.TablePort);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LocalRun:StartAzurite is ignored in the {Environment} environment: it works only in Development.")]
    private static partial void LogNotDevelopment(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage is not a loopback Azurite endpoint, so no local Azurite is started.")]
    private static partial void LogNotLoopback(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the Azurite already listening on 127.0.0.1:{Port}.")]
    private static partial void LogAlreadyListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started Azurite on 127.0.0.1:{Port} with data in {DataFolder}; it stops when the app stops.")]
    private static partial void LogStarted(ILogger logger, int port, string dataFolder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped the Azurite on 127.0.0.1:{Port}.")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogNpm(ILogger logger, string message);
}

internal static class LocalRunExtensions
{
    public static IServiceCollection AddLocalRun(this IServiceCollection services)
    {
        services.AddOptions<LocalRunOptions>().BindConfiguration(LocalRunOptions.Section);
        services.AddSingleton<LocalAzuriteService>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalAzuriteService>());
        // After Azurite, so the demo data has somewhere to go.
        services.AddSingleton<DemoDataMarker>();
        services.AddHostedService<DemoDataService>();
        services.AddHostedService<DemoCareDataService>();
        return services;
    }
}
