using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;

namespace FunctionsMcp.Storage.Authorization;

/// <summary>Registered OAuth clients in Table Storage, keyed by client id, so every lookup is one point read.</summary>
internal sealed class TableClientStore(TableProvider tables) : IClientStore
{
    private const string Row = "client";

    internal sealed class ClientEntity : StoredEntity
    {
        public ClientEntity()
        {
            RowKey = Row;
        }

        public string Kind { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string RedirectUris { get; set; } = "[]";
        public string? ClientUri { get; set; }
        public string? SecretHash { get; set; }
        public string? OrganizationId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? JwksUri { get; set; }
        public string? Jwks { get; set; }

        public OAuthClient ToClient() => new(PartitionKey, Enum.Parse<ClientKind>(Kind), Name, JsonSerializer.Deserialize<string[]>(RedirectUris) ?? [],
            ClientUri, SecretHash, OrganizationId, CreatedAt, LastUsedAt) { JwksUri = JwksUri, Jwks = Jwks };
    }

    public async Task AddAsync(OAuthClient client, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        await table.AddEntityAsync(new ClientEntity
        {
            PartitionKey = client.Id,
            Kind = client.Kind.ToString(),
            Name = client.Name,
            RedirectUris = JsonSerializer.Serialize(client.RedirectUris),
            ClientUri = client.ClientUri,
            SecretHash = client.SecretHash,
            OrganizationId = client.OrganizationId,
            CreatedAt = client.CreatedAt,
            JwksUri = client.JwksUri,
            Jwks = client.Jwks,
        }, cancellationToken);
    }

    public async Task<OAuthClient?> GetAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(clientId))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        return (await table.FindAsync<ClientEntity>(clientId, Row, cancellationToken: cancellationToken))?.ToClient();
    }

    public async Task<IReadOnlyList<OAuthClient>> ListConfidentialAsync(string organizationId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        string filter = TableClient.CreateQueryFilter($"OrganizationId eq {organizationId} and Kind eq {nameof(ClientKind.Confidential)}");
        return await table.QueryAsync<ClientEntity>(filter, cancellationToken: cancellationToken)
            .Select(e => e.ToClient()).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(clientId))
            return false;
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        return await table.TryDeleteAsync(clientId, Row, ETag.All, cancellationToken);
    }

    public async Task<int> DeleteUnclaimedAsync(DateTimeOffset registeredBefore, int max, PruneMode mode, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        // A filter cannot ask for a missing property, so "nobody allowed it" (no LastUsedAt) is checked on each row read.
        string filter = TableClient.CreateQueryFilter($"Kind eq {nameof(ClientKind.Dynamic)} and CreatedAt lt {registeredBefore}");
        const string LastUsedAt = nameof(ClientEntity.LastUsedAt);
        return await RowPruning.DeleteAsync(
            table, filter, [LastUsedAt], row => !row.TryGetValue(LastUsedAt, out object? used) || used is null, max, mode, cancellationToken);
    }

    public async Task TouchAsync(string clientId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Clients, cancellationToken);
        await LastUsed.TouchAsync(table, clientId, Row, at, cancellationToken);
    }
}
