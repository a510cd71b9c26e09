using Azure.Core;
using Azure.Identity;
using FunctionsMcp.Storage.Tables;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Storage;

/// <summary>Builds table service clients from <see cref="TableStorageOptions"/>.</summary>
internal sealed class TableStorageClientFactory(IOptions<TableStorageOptions> options, TimeProvider timeProvider)
{
    private readonly Lazy<TokenCredential> _credential = new(() => CreateCredential(options.Value));

    public TableServiceClient Create(int? maxRetries = null, TimeSpan? requestTimeout = null)
    {
        TableStorageOptions settings = options.Value;
        var clientOptions = new TableClientOptions
        {
            RequestTimeout = requestTimeout ?? settings.RequestTimeout,
            TimeProvider = timeProvider,
        };
        clientOptions.Retry.MaxRetries = maxRetries ?? settings.MaxRetries;

        return string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? new TableServiceClient(new Uri(settings.TableServiceUri!), _credential.Value, clientOptions)
            : new TableServiceClient(settings.ConnectionString, clientOptions);
    }

    private static TokenCredential CreateCredential(TableStorageOptions settings) =>
        string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
}
