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

    /// <summary>
    /// Applies <paramref name="change"/> to the organization as stored now and saves the result only if nobody wrote it
    /// since it was read (read again and retried when somebody did), so an administrator's change never silently undoes
    /// another. Null when there is no such organization; otherwise the organization before and after.
    /// </summary>
    Task<Updated<Organization>?> UpdateOrganizationAsync(string organizationId, Func<Organization, Organization> change, CancellationToken cancellationToken);

    /// <summary>As <see cref="UpdateOrganizationAsync"/>, for a user.</summary>
    Task<Updated<User>?> UpdateUserAsync(string organizationId, string userId, Func<User, User> change, CancellationToken cancellationToken);
}

/// <summary>A record before and after a change; <see cref="Changed"/> is false when the change was already in place.</summary>
public sealed record Updated<T>(T Before, T After)
{
    public bool Changed => !EqualityComparer<T>.Default.Equals(Before, After);
}
