namespace FunctionsMcp.OAuth.Grants;

/// <summary>
/// The OAuth connections people made by allowing an app, as the admin CLI and the settings page see and end them. Every
/// access and refresh token of a connection points back to its grant, so revoking the grant stops them all on their next
/// use. A grant is found within its organization and, when an owner is named, only among that person's grants: anyone
/// else's reads exactly like one that does not exist.
/// </summary>
public sealed class GrantService(IGrantStore grants, TimeProvider time)
{
    /// <summary>Why a grant stopped, as lists show it.</summary>
    public const string DisconnectedReason = "disconnected by the user";
    public const string AdministratorReason = "revoked by an administrator";
    public const string ClientDeletedReason = "client deleted by an administrator";

    /// <summary>The organization's grants, or only <paramref name="userId"/>'s, newest first.</summary>
    public Task<IReadOnlyList<Grant>> ListAsync(string organizationId, string? userId, CancellationToken cancellationToken) =>
        grants.ListAsync(organizationId, userId, cancellationToken);

    /// <summary>The grant <paramref name="id"/> of the organization (and of <paramref name="ownerId"/>, when given), or null.</summary>
    public async Task<Grant?> FindAsync(string organizationId, string? ownerId, string id, CancellationToken cancellationToken) =>
        await grants.GetAsync(organizationId, id, cancellationToken) is { } grant && (ownerId is null || grant.UserId == ownerId) ? grant : null;

    /// <summary>
    /// Revokes the grant (found as <see cref="FindAsync"/> finds it); one already revoked keeps its first reason. Returns
    /// the grant as it was before, or null when there is no such grant.
    /// </summary>
    public async Task<Grant?> RevokeAsync(string organizationId, string? ownerId, string id, string reason, CancellationToken cancellationToken) =>
        await FindAsync(organizationId, ownerId, id, cancellationToken) is { } grant
        && await grants.RevokeAsync(organizationId, id, reason, time.GetUtcNow(), cancellationToken)
            ? grant
            : null;

    /// <summary>
    /// Disconnects an app: revokes the organization's active grants of <paramref name="clientId"/> (only
    /// <paramref name="userId"/>'s when given) and returns them.
    /// </summary>
    public async Task<IReadOnlyList<Grant>> RevokeClientAsync(
        string organizationId, string? userId, string clientId, string reason, CancellationToken cancellationToken)
    {
        Grant[] active = [.. (await grants.ListAsync(organizationId, userId, cancellationToken)).Where(g => g.ClientId == clientId && g.IsActive)];
        foreach (Grant grant in active)
            await grants.RevokeAsync(organizationId, grant.Id, reason, time.GetUtcNow(), cancellationToken);
        return active;
    }
}
