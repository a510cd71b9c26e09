using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
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
            await foreach (Page<TableItem> _ in client.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
                break;
            return HealthCheckResult.Healthy($"Table endpoint {client.Uri} answered.");
        }
        catch (RequestFailedException ex)
        {
            string fix = ex.Failure switch
            {
                TableFailure.Unreachable or TableFailure.Timeout =>
                    "Check Storage:ConnectionString or Storage:TableServiceUri, and that Azurite is running locally.",
                TableFailure.Forbidden =>
                    "The credential was refused: check the account key, or that the app's identity has the Storage Table Data Contributor role.",
                _ => "Check the storage account and its settings.",
            };
            // Our typed failure is one sentence; the library's message spans lines of headers, so it is summarized.
            string what = ex is TableStorageException ? ex.Message : $"The table endpoint answered {ex.Status} {ex.ErrorCode}.";
            return HealthCheckResult.Unhealthy($"{what} {fix}");
        }
    }
}
