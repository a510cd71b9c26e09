namespace FunctionsMcp.OAuth.Identity;

/// <summary>Whether a user may act now, as every credential's use checks it.</summary>
public enum Standing
{
    /// <summary>The user exists and is enabled, in an organization that exists and is not suspended.</summary>
    Active,

    /// <summary>The user is disabled or no longer exists.</summary>
    UserDisabled,

    /// <summary>The user's organization is suspended or no longer exists.</summary>
    OrganizationSuspended,
}

/// <summary>The one check of a user's standing that access keys, access tokens and <c>/token</c> share.</summary>
public static class IdentityStandingExtensions
{
    /// <summary>
    /// The user, read with their organization on every use of a credential, so that disabling a user or suspending an
    /// organization stops all of their credentials at once; null with the reason when they may not act.
    /// </summary>
    public static async Task<(User? User, Standing Standing)> GetActiveUserAsync(
        this IIdentityStore identities, string organizationId, string userId, CancellationToken cancellationToken)
    {
        Task<User?> user = identities.GetUserAsync(organizationId, userId, cancellationToken);
        Task<Organization?> organization = identities.GetOrganizationAsync(organizationId, cancellationToken);
        await Task.WhenAll(user, organization);
        if (user.Result is not { Disabled: false } active)
            return (null, Standing.UserDisabled);
        if (organization.Result is not { Suspended: false })
            return (null, Standing.OrganizationSuspended);
        return (active, Standing.Active);
    }
}
