using System.Text.Json;
using Azure;
using Azure.Core;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// One table: entities, queries and transactions, shaped like Azure.Data.Tables' <c>TableClient</c>.
/// Failures throw <see cref="TableStorageException"/> with a <see cref="TableFailure"/>; reads of a missing
/// entity through <see cref="GetEntityIfExistsAsync{T}"/> return null instead.
/// </summary>
public class TableClient
{
    private static readonly RequestMethod s_merge = new("MERGE");
    private readonly TablePipeline _pipeline;

    internal TableClient(TablePipeline pipeline, string name)
    {
        TableKeyRules.EnsureTableName(name);
        _pipeline = pipeline;
        Name = name;
    }

    /// <summary>For mocking.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        Name = string.Empty;
    }

    /// <summary>The table name.</summary>
    public string Name { get; }

    internal TablePipeline Pipeline => _pipeline;

    /// <summary>Creates the table unless it exists; true when this call created it.</summary>
    public virtual async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        Response response = await _pipeline.SendAsync(message, $"Creating table {Name}", cancellationToken);
        return response.Status switch
        {
            201 or 204 => true,
            409 when TableErrors.Read(response).Code is "TableAlreadyExists" => false,
            _ => throw TableErrors.FromResponse(response, $"Creating table {Name}"),
        };
    }

    /// <summary>Deletes the table; false when it did not exist.</summary>
    public virtual async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Delete, $"Tables('{Name}')");
        Response response = await _pipeline.SendAsync(message, $"Deleting table {Name}", cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw TableErrors.FromResponse(response, $"Deleting table {Name}"),
        };
    }

    /// <summary>Inserts a new entity; <see cref="TableFailure.AlreadyExists"/> when its keys are taken.</summary>
    /// <returns>The new entity's ETag.</returns>
    public virtual async Task<ETag> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default) where T : ITableEntity
    {
        EnsureKeys(entity);
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message, entity);
        return await WriteAsync(message, "Adding an entity", expected: 204, cancellationToken);
    }

    /// <summary>Inserts or overwrites an entity without checking its version.</summary>
    public virtual async Task<ETag> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        EnsureKeys(entity);
        using HttpMessage message = _pipeline.CreateMessage(MethodFor(mode), TablePipeline.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        SetBody(message, entity);
        return await WriteAsync(message, "Upserting an entity", expected: 204, cancellationToken);
    }

    /// <summary>
    /// Updates an existing entity if its version still equals <paramref name="ifMatch"/> (<see cref="ETag.All"/>
    /// for any version): <see cref="TableFailure.PreconditionFailed"/> when another writer changed it first.
    /// </summary>
    public virtual async Task<ETag> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        EnsureKeys(entity);
        if (ifMatch == default)
            throw new ArgumentException("An update needs the ETag it expects, or ETag.All.", nameof(ifMatch));
        using HttpMessage message = _pipeline.CreateMessage(MethodFor(mode), TablePipeline.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch.ToString());
        SetBody(message, entity);
        return await WriteAsync(message, "Updating an entity", expected: 204, cancellationToken);
    }

    /// <summary>
    /// Deletes an entity if its version equals <paramref name="ifMatch"/> (default: any version).
    /// False when it did not exist.
    /// </summary>
    public virtual async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeyRules.EnsureKey(partitionKey, nameof(partitionKey));
        TableKeyRules.EnsureKey(rowKey, nameof(rowKey));
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Delete, TablePipeline.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch == default ? ETag.All.ToString() : ifMatch.ToString());
        Response response = await _pipeline.SendAsync(message, "Deleting an entity", cancellationToken);
        return response.Status switch
        {
            204 => true,
            404 when TableErrors.Read(response).Code is not "TableNotFound" => false,
            _ => throw TableErrors.FromResponse(response, "Deleting an entity"),
        };
    }

    /// <summary>Reads one entity; <see cref="TableFailure.NotFound"/> when it does not exist.</summary>
    public virtual async Task<T> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new() =>
        await GetEntityIfExistsAsync<T>(partitionKey, rowKey, selectProperties, cancellationToken)
        ?? throw new TableStorageException(TableFailure.NotFound, 404, "ResourceNotFound", $"The entity was not found in table {Name}.");

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    public virtual async Task<T?> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        TableKeyRules.EnsureKey(partitionKey, nameof(partitionKey));
        TableKeyRules.EnsureKey(rowKey, nameof(rowKey));
        using HttpMessage message = _pipeline.CreateMessage(RequestMethod.Get, TablePipeline.EntityPath(Name, partitionKey, rowKey));
        if (selectProperties is not null)
            message.Request.Uri.AppendQuery("$select", string.Join(",", selectProperties), true);
        Response response = await _pipeline.SendAsync(message, "Reading an entity", cancellationToken);
        if (response.Status == 404 && TableErrors.Read(response).Code is not "TableNotFound")
            return null;
        if (response.Status != 200)
            throw TableErrors.FromResponse(response, "Reading an entity");

        using JsonDocument document = JsonDocument.Parse(response.Content.ToMemory());
        ETag etag = response.Headers.ETag ?? default;
        return EntityMapper.FromEntity<T>(EntityJson.Read(document.RootElement, etag));
    }

    /// <summary>
    /// Queries entities page by page (each page at most <paramref name="maxPerPage"/>, and never more than
    /// 1,000). Enumerate it for every entity, or call <c>AsPages(continuationToken)</c> to resume a listing.
    /// </summary>
    public virtual AsyncPageable<T> QueryAsync<T>(TableFilter? filter = null, int? maxPerPage = null, IEnumerable<string>? selectProperties = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        if (maxPerPage is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), "A page holds 1 to 1000 entities.");
        return new TableQueryPageable<T>(this, filter, maxPerPage, selectProperties?.ToArray(), cancellationToken);
    }

    /// <summary>
    /// Applies all <paramref name="actions"/> atomically (one partition, at most 100, each entity once): either every
    /// one is applied or none is, and <see cref="TableTransactionFailedException"/> names the one refused.
    /// </summary>
    /// <returns>The new ETag of each action, in order (default for deletes).</returns>
    public virtual Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default) =>
        TableTransaction.SubmitAsync(this, actions.ToList(), cancellationToken);

    private static RequestMethod MethodFor(TableUpdateMode mode) => mode == TableUpdateMode.Merge ? s_merge : RequestMethod.Put;

    internal static void EnsureKeys(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeyRules.EnsureKey(entity.PartitionKey, TableKeyRules.PartitionKey);
        TableKeyRules.EnsureKey(entity.RowKey, TableKeyRules.RowKey);
    }

    private static void SetBody(HttpMessage message, ITableEntity entity)
    {
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(EntityJson.Write(entity.PartitionKey, entity.RowKey, EntityMapper.ToProperties(entity)));
    }

    private async Task<ETag> WriteAsync(HttpMessage message, string operation, int expected, CancellationToken cancellationToken)
    {
        Response response = await _pipeline.SendAsync(message, operation, cancellationToken);
        if (response.Status != expected && response.Status != 201)
            throw TableErrors.FromResponse(response, operation);
        return response.Headers.ETag ?? default;
    }
}
