using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Storage;

/// <summary>Builds Azure.Data.Tables service clients from <see cref="TableStorageOptions"/>.</summary>
internal sealed class TableStorageClientFactory(IOptions<TableStorageOptions> options)
{
    private readonly Lazy<TokenCredential> _credential = new(() => CreateCredential(options.Value));

    public TableServiceClient Create(int? maxRetries = null, TimeSpan? requestTimeout = null)
    {
        TableStorageOptions settings = options.Value;
        TableClientOptions clientOptions = ClientOptions(maxRetries ?? settings.MaxRetries, requestTimeout ?? settings.RequestTimeout);
        return string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? new TableServiceClient(new Uri(settings.TableServiceUri!), _credential.Value, clientOptions)
            : new TableServiceClient(settings.ConnectionString, clientOptions);
    }

    /// <summary>
    /// Exponential retries of throttled and failed requests (Azure.Core's defaults: 408/429/500/502/503/504), a per-try
    /// timeout, and <see cref="StorageFailurePolicy"/> outside the retries so what is left becomes our typed failure.
    /// </summary>
    internal static TableClientOptions ClientOptions(int maxRetries, TimeSpan requestTimeout)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = maxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromSeconds(0.8);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        clientOptions.Retry.NetworkTimeout = requestTimeout;
        clientOptions.AddPolicy(new StorageFailurePolicy(), HttpPipelinePosition.PerCall);
        return clientOptions;
    }

    private static TokenCredential CreateCredential(TableStorageOptions settings) =>
        string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
}
