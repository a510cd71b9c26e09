using Azure.Data.Tables;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Storage.Identity;

/// <summary>Organizations and users in Table Storage.</summary>
internal sealed class TableIdentityStore(TableProvider tables) : IIdentityStore
{
    private const string OrganizationPartition = "organization";

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

        public Organization ToOrganization() => new(RowKey, Name, EntraTenantId, Suspended, RequestsPerMinutePerCredential, RequestsPerMinute);
    }

    internal sealed class UserEntity : StoredEntity
    {
        public string DisplayName { get; set; } = string.Empty;
        public string Email { get; set; } = string.Empty;
        public Role Role { get; set; }
        public bool Disabled { get; set; }

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
        await table.UpsertEntityAsync(new OrganizationEntity
        {
            RowKey = organization.Id,
            Name = organization.Name,
            EntraTenantId = organization.EntraTenantId,
            Suspended = organization.Suspended,
            RequestsPerMinutePerCredential = organization.RequestsPerMinutePerCredential,
            RequestsPerMinute = organization.RequestsPerMinute,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task SaveUserAsync(User user, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Users, cancellationToken);
        await table.UpsertEntityAsync(new UserEntity
        {
            PartitionKey = user.OrganizationId,
            RowKey = user.Id,
            DisplayName = user.DisplayName,
            Email = user.Email,
            Role = user.Role,
            Disabled = user.Disabled,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}
