using FunctionsMcp.Storage.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsMcp.Storage;

/// <summary>
/// Reports whether the table endpoint answers and accepts our credential, by listing one table.
/// Uses its own client without retries so an outage is reported in seconds, not after the backoff.
/// </summary>
internal sealed class TableStorageHealthCheck(TableStorageClientFactory factory) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TableServiceClient client = factory.Create(maxRetries: 0, requestTimeout: s_timeout);
        try
        {
            await client.GetTableNamesAsync(max: 1, cancellationToken);
            return HealthCheckResult.Healthy($"Table endpoint {client.Endpoint} answered.");
        }
        catch (TableStorageException ex)
        {
            string fix = ex.Failure switch
            {
                TableFailure.Unreachable or TableFailure.Timeout =>
                    "Check Storage:ConnectionString or Storage:TableServiceUri, and that Azurite is running locally.",
                TableFailure.Forbidden =>
                    "The credential was refused: check the account key, or that the app's identity has the Storage Table Data Contributor role.",
                _ => "Check the storage account and its settings.",
            };
            return HealthCheckResult.Unhealthy($"{ex.Message} {fix}");
        }
    }
}
