using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// Users and organizations as the <c>/mcp</c> credential checks see them: each row read through <see cref="IIdentityStore"/>
/// and reused for <see cref="IdentityCacheOptions.Seconds"/>, so a request reads only its key or grant row (still read every
/// time, so a revocation applies on the very next request). Disabling a user, changing a role, suspending an organization or
/// changing its limits therefore applies within that bound on every instance; this instance forgets a row it writes itself
/// (see <see cref="ForgetUser"/>), so its own changes apply at once. Sign-in, consent, <c>/token</c>, the settings pages and
/// the CLI read fresh rows (rare, and they must see a change at once).
/// </summary>
/// <remarks>
/// The store is passed to each read rather than to the constructor because the store tells this cache about its own writes.
/// </remarks>
public sealed class IdentityCache
{
    private readonly RowCache<(string Organization, string User), User> _users;
    private readonly RowCache<string, Organization> _organizations;

    public IdentityCache(IOptions<IdentityCacheOptions> options, TimeProvider time)
    {
        IdentityCacheOptions settings = options.Value;
        var lifetime = TimeSpan.FromSeconds(settings.Seconds);
        _users = new(lifetime, settings.MaxEntries, time);
        _organizations = new(lifetime, settings.MaxEntries, time);
    }

    /// <summary>As <see cref="IdentityStandingExtensions.GetActiveUserAsync"/>, reusing rows read within the bound.</summary>
    public async Task<(User? User, Organization? Organization, Standing Standing)> GetActiveUserAsync(
        IIdentityStore identities, string organizationId, string userId, CancellationToken cancellationToken)
    {
        Task<User?> user = _users.GetAsync((organizationId, userId), (key, ct) => identities.GetUserAsync(key.Organization, key.User, ct), cancellationToken);
        Task<Organization?> organization = _organizations.GetAsync(organizationId, identities.GetOrganizationAsync, cancellationToken);
        await Task.WhenAll(user, organization);
        return IdentityStandingExtensions.Judge(user.Result, organization.Result);
    }

    /// <summary>Drops the user's row, so this instance's next request reads it again (called after this instance wrote it).</summary>
    public void ForgetUser(string organizationId, string userId) => _users.Forget((organizationId, userId));

    /// <summary>Drops the organization's row, so this instance's next request reads it again (called after this instance wrote it).</summary>
    public void ForgetOrganization(string organizationId) => _organizations.Forget(organizationId);
}
