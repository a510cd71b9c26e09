using FunctionsMcp.OAuth;
using FunctionsMcp.Storage;
using Microsoft.Extensions.Configuration;

namespace FunctionsMcp.Cli;

/// <summary>
/// The settings a run uses: the app's own keys (from the environment), overridden by <c>--storage</c> and <c>--url</c>,
/// and, where neither sets them, the local defaults, each with a note saying it was used.
/// </summary>
/// <param name="Configuration">What the services bind.</param>
/// <param name="StorageNote">Said on stderr when the local Azurite is used because nothing else was set.</param>
/// <param name="BaseUrlNote">Said on stderr when the local base URL is used because nothing else was set.</param>
internal sealed record CliSettings(IConfiguration Configuration, string? StorageNote, string? BaseUrlNote)
{
    public const string LocalStorage = "UseDevelopmentStorage=true";
    public const string LocalBaseUrl = "http://localhost:7071";

    private const string ConnectionStringKey = TableStorageOptions.Section + ":" + nameof(TableStorageOptions.ConnectionString);
    private const string TableServiceUriKey = TableStorageOptions.Section + ":" + nameof(TableStorageOptions.TableServiceUri);
    private const string BaseUrlKey = ServerOptions.Section + ":" + nameof(ServerOptions.BaseUrl);

    public static CliSettings Resolve(IConfiguration environment, string? storageOption, string? urlOption)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? storageNote = null, baseUrlNote = null;

        if (storageOption is not null)
        {
            // --storage wins over both storage settings, so an inherited Storage__TableServiceUri cannot clash with it.
            overrides[ConnectionStringKey] = storageOption;
            overrides[TableServiceUriKey] = string.Empty;
        }
        else if (string.IsNullOrWhiteSpace(environment[ConnectionStringKey]) && string.IsNullOrWhiteSpace(environment[TableServiceUriKey]))
        {
            overrides[ConnectionStringKey] = LocalStorage;
            storageNote = $"note: no storage is set (Storage__ConnectionString, Storage__TableServiceUri or --storage): using {LocalStorage}, the local Azurite.";
        }

        if (urlOption is not null)
        {
            overrides[BaseUrlKey] = urlOption;
        }
        else if (string.IsNullOrWhiteSpace(environment[BaseUrlKey]))
        {
            overrides[BaseUrlKey] = LocalBaseUrl;
            baseUrlNote = $"note: Server__BaseUrl (or --url) is not set: using {LocalBaseUrl}.";
        }

        IConfiguration configuration = new ConfigurationBuilder()
            .AddConfiguration(environment)
            .AddInMemoryCollection(overrides)
            .Build();
        return new CliSettings(configuration, storageNote, baseUrlNote);
    }
}
