namespace FunctionsMcp.OAuth.Identity;

/// <summary>Organizations and their users.</summary>
public interface IIdentityStore
{
    Task<Organization?> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken);

    Task<User?> GetUserAsync(string organizationId, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<User>> ListUsersAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an organization.</summary>
    Task SaveOrganizationAsync(Organization organization, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a user.</summary>
    Task SaveUserAsync(User user, CancellationToken cancellationToken);
}
