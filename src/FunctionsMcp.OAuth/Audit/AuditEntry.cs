namespace FunctionsMcp.OAuth.Audit;

/// <summary>
/// One audited MCP request: who, with which credential or client, which method and tool, how it ended and how
/// long it took. Never arguments, results, tokens or personal data.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string OrganizationId,
    string UserId,
    string CredentialKind,
    string CredentialId,
    string? ClientId,
    string? Method,
    string? Tool,
    string Outcome,
    int Status,
    int LatencyMs);

/// <summary>
/// The audit trail, kept so that "this organization, this day" and "this credential, recently" are each one
/// partition read, newest first.
/// </summary>
public interface IAuditStore
{
    Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadOrganizationDayAsync(string organizationId, DateOnly day, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadCredentialAsync(string credentialId, int max, CancellationToken cancellationToken);
}
