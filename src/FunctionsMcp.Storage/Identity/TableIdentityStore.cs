using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Storage.Identity;

/// <summary>
/// Organizations and users in Table Storage. Each write also drops the row from this instance's <see cref="IdentityCache"/>
/// (when given), failed or not (a timed-out write may still have landed), so a change made here applies to this instance's
/// next <c>/mcp</c> request; other instances see it within the cache's bound.
/// </summary>
internal sealed class TableIdentityStore(TableProvider tables, IdentityCache? cache = null) : IIdentityStore
{
    private const string OrganizationPartition = "organization";
    private const int MaxUpdateAttempts = 5;

    internal sealed class OrganizationEntity : StoredEntity
    {
        public OrganizationEntity()
        {
            PartitionKey = OrganizationPartition;
        }

        public string Name { get; set; } = string.Empty;
        public string? EntraTenantId { get; set; }
        public bool Suspended { get; set; }
        public int? RequestsPerMinutePerCredential { get; set; }
        public int? RequestsPerMinute { get; set; }

        public static OrganizationEntity From(Organization organization) => new()
        {
            RowKey = organization.Id,
            Name = organization.Name,
            EntraTenantId = organization.EntraTenantId,
            Suspended = organization.Suspended,
            RequestsPerMinutePerCredential = organization.RequestsPerMinutePerCredential,
            RequestsPerMinute = organization.RequestsPerMinute,
        };

        public Organization ToOrganization() => new(RowKey, Name, EntraTenantId, Suspended, RequestsPerMinutePerCredential, RequestsPerMinute);
    }

    internal sealed class UserEntity : StoredEntity
    {
        public string DisplayName { get; set; } = string.Empty;
        public string Email { get; set; } = string.Empty;
        public Role Role { get; set; }
        public bool Disabled { get; set; }

        public static UserEntity From(User user) => new()
        {
            PartitionKey = user.OrganizationId,
            RowKey = user.Id,
            DisplayName = user.DisplayName,
            Email = user.Email,
            Role = user.Role,
            Disabled = user.Disabled,
        };

        public User ToUser() => new(PartitionKey, RowKey, DisplayName, Email, Role, Disabled);
    }

    public async Task<Organization?> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(organizationId))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Organizations, cancellationToken);
        return (await table.FindAsync<OrganizationEntity>(OrganizationPartition, organizationId, cancellationToken: cancellationToken))?.ToOrganization();
    }

    public async Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Organizations, cancellationToken);
        return await table.QueryAsync<OrganizationEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OrganizationPartition}"), cancellationToken: cancellationToken)
            .Select(e => e.ToOrganization()).ToListAsync(cancellationToken);
    }

    public async Task<User?> GetUserAsync(string organizationId, string userId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(organizationId) || !TableKeys.IsValid(userId))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Users, cancellationToken);
        return (await table.FindAsync<UserEntity>(organizationId, userId, cancellationToken: cancellationToken))?.ToUser();
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(string organizationId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Users, cancellationToken);
        return await table.QueryAsync<UserEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organizationId}"), cancellationToken: cancellationToken)
            .Select(e => e.ToUser()).ToListAsync(cancellationToken);
    }

    public async Task SaveOrganizationAsync(Organization organization, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Organizations, cancellationToken);
        try
        {
            await table.UpsertEntityAsync(OrganizationEntity.From(organization), TableUpdateMode.Replace, cancellationToken);
        }
        finally
        {
            cache?.ForgetOrganization(organization.Id);
        }
    }

    public async Task SaveUserAsync(User user, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Users, cancellationToken);
        try
        {
            await table.UpsertEntityAsync(UserEntity.From(user), TableUpdateMode.Replace, cancellationToken);
        }
        finally
        {
            cache?.ForgetUser(user.OrganizationId, user.Id);
        }
    }

    public async Task<Updated<Organization>?> UpdateOrganizationAsync(
        string organizationId, Func<Organization, Organization> change, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(organizationId))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Organizations, cancellationToken);
        try
        {
            return await UpdateAsync(table, OrganizationPartition, organizationId, e => e.ToOrganization(), change, OrganizationEntity.From, cancellationToken);
        }
        finally
        {
            cache?.ForgetOrganization(organizationId);
        }
    }

    public async Task<Updated<User>?> UpdateUserAsync(string organizationId, string userId, Func<User, User> change, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(organizationId) || !TableKeys.IsValid(userId))
            return null;
        TableClient table = await tables.GetAsync(TableNames.Users, cancellationToken);
        try
        {
            return await UpdateAsync(table, organizationId, userId, e => e.ToUser(), change, UserEntity.From, cancellationToken);
        }
        finally
        {
            cache?.ForgetUser(organizationId, userId);
        }
    }

    /// <summary>
    /// Read, change, and replace only if the ETag read still matches; on a conflict (a sign-in or another administrator
    /// wrote the row meanwhile) read again and apply the change to what they wrote. A change already in place writes nothing.
    /// </summary>
    private static async Task<Updated<T>?> UpdateAsync<TEntity, T>(
        TableClient table, string partitionKey, string rowKey, Func<TEntity, T> read, Func<T, T> change, Func<T, TEntity> write,
        CancellationToken cancellationToken)
        where TEntity : StoredEntity
    {
        for (int attempt = 1; ; attempt++)
        {
            TEntity? stored = await table.FindAsync<TEntity>(partitionKey, rowKey, cancellationToken);
            if (stored is null)
                return null;
            T before = read(stored);
            T after = change(before);
            var updated = new Updated<T>(before, after);
            if (!updated.Changed)
                return updated;

            TEntity entity = write(after);
            if (entity.PartitionKey != partitionKey || entity.RowKey != rowKey)
                throw new ArgumentException("A change may not move a record to another id.", nameof(change));
            try
            {
                await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Failure == TableFailure.NotFound)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Failure == TableFailure.PreconditionFailed && attempt < MaxUpdateAttempts)
            {
            }
        }
    }
}
