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

/// <summary>The one check of a user's standing that access keys, access tokens, <c>/token</c> and the settings pages share.</summary>
public static class IdentityStandingExtensions
{
    /// <summary>
    /// The user and their organization, read fresh, so that disabling a user or suspending an organization stops all of their
    /// credentials at once; both null with the reason when they may not act. <c>/mcp</c> reads them through
    /// <see cref="IdentityCache"/> instead.
    /// </summary>
    public static async Task<(User? User, Organization? Organization, Standing Standing)> GetActiveUserAsync(
        this IIdentityStore identities, string organizationId, string userId, CancellationToken cancellationToken)
    {
        Task<User?> user = identities.GetUserAsync(organizationId, userId, cancellationToken);
        Task<Organization?> organization = identities.GetOrganizationAsync(organizationId, cancellationToken);
        await Task.WhenAll(user, organization);
        return Judge(user.Result, organization.Result);
    }

    /// <summary>The standing of <paramref name="user"/> in <paramref name="organization"/> (either may be missing).</summary>
    internal static (User? User, Organization? Organization, Standing Standing) Judge(User? user, Organization? organization)
    {
        if (user is not { Disabled: false } active)
            return (null, null, Standing.UserDisabled);
        if (organization is not { Suspended: false } open)
            return (null, null, Standing.OrganizationSuspended);
        return (active, open, Standing.Active);
    }
}
