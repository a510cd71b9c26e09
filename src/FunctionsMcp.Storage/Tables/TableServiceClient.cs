using Azure;
using Azure.Core;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// The account's table service: creates table clients and lists or deletes tables. Shaped like
/// Azure.Data.Tables' <c>TableServiceClient</c>; one instance per process, table clients share its pipeline.
/// </summary>
public class TableServiceClient
{
    private readonly TablePipeline _pipeline;

    /// <summary>From a connection string (Azurite's <c>UseDevelopmentStorage=true</c>, or account name and key).</summary>
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
    {
        TableConnectionString parsed = TableConnectionString.Parse(connectionString);
        _pipeline = TablePipeline.Create(parsed.TableEndpoint, parsed.Credential, options);
    }

    /// <summary>From an account endpoint and key, signed with Shared Key Lite.</summary>
    public TableServiceClient(Uri endpoint, TableSharedKeyCredential credential, TableClientOptions? options = null) =>
        _pipeline = TablePipeline.Create(endpoint, credential, options);

    /// <summary>From an https endpoint and an Entra credential (managed identity in Azure, where shared keys are off).</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null) =>
        _pipeline = TablePipeline.Create(endpoint, credential, options);

    /// <summary>For mocking.</summary>
    protected TableServiceClient() => _pipeline = null!;

    /// <summary>The table endpoint.</summary>
    public virtual Uri Endpoint => _pipeline.Endpoint;

    /// <summary>A client for one table (nothing is sent until it is used).</summary>
    public virtual TableClient GetTableClient(string tableName) => new(_pipeline, tableName);

    /// <summary>Creates a table unless it exists; true when this call created it.</summary>
    public virtual Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Deletes a table; false when it did not exist.</summary>
    public virtual Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).DeleteAsync(cancellationToken);

    /// <summary>Lists up to <paramref name="max"/> table names in name order.</summary>
    public virtual async Task<IReadOnlyList<string>> GetTableNamesAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Get, "Tables");
        message.Request.Uri.AppendQuery("$top", max.ToString(System.Globalization.CultureInfo.InvariantCulture), false);
        Response response = await _pipeline.SendAsync(message, "Listing tables", cancellationToken);
        if (response.Status != 200)
            throw TableErrors.FromResponse(response, "Listing tables");

        using var document = System.Text.Json.JsonDocument.Parse(response.Content.ToMemory());
        return document.RootElement.GetProperty("value").EnumerateArray()
            .Select(table => table.GetProperty("TableName").GetString()!)
            .ToList();
    }
}
