using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Tests.Common;

/// <summary>
/// One real Azurite per test assembly, on a free loopback port, in memory, stopped after the run.
/// If Azurite cannot be installed or started, every test that needs it fails (it is never skipped).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine);
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTableName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];
}
