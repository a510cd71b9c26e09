using FunctionsMcp.OAuth.Http;

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
    int LatencyMs)
{
    /// <summary>
    /// The most characters a text field keeps. Method, tool and client names are the client's to choose, up to the
    /// size of a request body; uncut, one of them could outgrow a Table Storage property (32K characters) or entity
    /// (1 MiB) and fail the transaction that carries its neighbours.
    /// </summary>
    public const int MaxTextLength = 200;

    /// <summary>This entry with its free-text fields cut to <see cref="MaxTextLength"/> (the ids that key partitions are ours and kept whole).</summary>
    public AuditEntry Bounded() => this with
    {
        UserId = BoundedText.Cut(UserId, MaxTextLength),
        CredentialKind = BoundedText.Cut(CredentialKind, MaxTextLength),
        ClientId = BoundedText.CutOrNull(ClientId, MaxTextLength),
        Method = BoundedText.CutOrNull(Method, MaxTextLength),
        Tool = BoundedText.CutOrNull(Tool, MaxTextLength),
        Outcome = BoundedText.Cut(Outcome, MaxTextLength),
    };
}

/// <summary>
/// One page of a credential's requests, newest first, and where the next (older) page starts: an opaque cursor, not a
/// secret (it names a position in the trail), or null when this is the last page.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

/// <summary>
/// The audit trail, kept so that "this organization, this day" and "this credential, recently" are each one
/// partition read, newest first.
/// </summary>
public interface IAuditStore
{
    /// <summary>Writes the entries; one that cannot be written never keeps the others out.</summary>
    /// <returns>The entries that could not be written (empty when all were).</returns>
    Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadOrganizationDayAsync(string organizationId, DateOnly day, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadCredentialAsync(string credentialId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="max"/> of a credential's requests, newest first, starting after <paramref name="after"/>
    /// (a <see cref="AuditPage.Next"/> of an earlier page; null for the newest). Null when <paramref name="after"/> is not
    /// a cursor this store hands out.
    /// </summary>
    Task<AuditPage?> ReadCredentialPageAsync(string credentialId, string? after, int max, CancellationToken cancellationToken);
}
