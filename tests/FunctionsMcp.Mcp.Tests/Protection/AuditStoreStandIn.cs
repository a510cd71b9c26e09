using FunctionsMcp.OAuth.Audit;

namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>
/// What the audit tests' stand-in stores share: each says what a write does; reads go to the real store it wraps, and a
/// stand-in that wraps none refuses them (those tests never read back).
/// </summary>
internal abstract class AuditStoreStandIn(IAuditStore? inner = null) : IAuditStore
{
    protected IAuditStore Inner => inner ?? throw new NotSupportedException("This stand-in keeps nothing to read.");

    public abstract Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadOrganizationDayAsync(string organizationId, DateOnly day, int max, CancellationToken cancellationToken) =>
        Inner.ReadOrganizationDayAsync(organizationId, day, max, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadCredentialAsync(string credentialId, int max, CancellationToken cancellationToken) =>
        Inner.ReadCredentialAsync(credentialId, max, cancellationToken);

    public Task<AuditPage?> ReadCredentialPageAsync(string credentialId, string? after, int max, CancellationToken cancellationToken) =>
        Inner.ReadCredentialPageAsync(credentialId, after, max, cancellationToken);
}
