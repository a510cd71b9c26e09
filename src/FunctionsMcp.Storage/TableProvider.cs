using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>
/// The app's tables, one cached client per table. With <paramref name="createTables"/> (the default, and locally) each
/// table is created on its first use; a failed creation is not cached, so the next call retries once storage is back.
/// In Azure infra/ creates them (<see cref="TableNames.All"/>) and <c>Storage:CreateTables</c> is false, so no instance
/// spends its first requests creating tables.
/// </summary>
public sealed class TableProvider(TableServiceClient service, bool createTables = true)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        Lazy<Task<TableClient>> entry = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (RequestFailedException)
        {
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, entry));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        TableClient table = service.GetTableClient(name);
        if (createTables)
            await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }
}

/// <summary>Every table the app keeps, and how its keys are laid out.</summary>
public static class TableNames
{
    /// <summary>PK <c>organization</c>, RK organization id.</summary>
    public const string Organizations = "organizations";

    /// <summary>PK organization id, RK user id: "this organization's users" is one partition.</summary>
    public const string Users = "users";

    /// <summary>PK key id, RK <c>key</c>: every request's lookup is a point read.</summary>
    public const string AccessKeys = "accesskeys";

    /// <summary>PK organization id; RK <c>p_&lt;id&gt;</c> for records, <c>ndis_…</c>, <c>name_…</c>, <c>word_…</c>, <c>end_…</c> for index rows.</summary>
    public const string Participants = "participants";

    /// <summary>PK organization id; RK <c>g_&lt;participantId&gt;_&lt;goalId&gt;</c> for goals, <c>gid_&lt;goalId&gt;</c> for their id index, <c>a_&lt;goalId&gt;_…</c> for activities (newest first).</summary>
    public const string Goals = "goals";

    /// <summary>PK organization id; RK <c>c_&lt;participantId&gt;_&lt;planId&gt;</c> for care plans, <c>cid_&lt;planId&gt;</c> for their id index, <c>cur_&lt;participantId&gt;</c> naming the current plan.</summary>
    public const string CarePlans = "careplans";

    /// <summary>PK organization id; RK <c>f_&lt;participantId&gt;_&lt;fundingLineId&gt;</c> for funding lines (a participant's are one range), <c>fid_&lt;fundingLineId&gt;</c> for their id index, written together.</summary>
    public const string Funding = "funding";

    /// <summary>PK organization id; RK <c>m_&lt;participantId&gt;_&lt;id&gt;</c> (a participant's medications) and <c>id_&lt;id&gt;</c> (by id), written together.</summary>
    public const string Medications = "medications";

    /// <summary>PK organization id; RK <c>s_&lt;id&gt;</c> for records, <c>name_…</c> and <c>word_…</c> for list rows.</summary>
    public const string Staff = "staff";

    /// <summary>PK <c>catalogue</c> (shared by every organization); RK <c>i_&lt;item number&gt;</c>, <c>cat_…</c> and <c>word_…</c>.</summary>
    public const string Catalogue = "catalogue";

    /// <summary>PK <c>req_</c>, <c>code_</c>, <c>rt_</c>, <c>jti_</c>, <c>consent_</c> or <c>ses_</c> (settings sessions) + a hash, RK <c>s</c>: the authorization server's short-lived state and consents.</summary>
    public const string AuthorizationState = "oauthstate";

    /// <summary>PK client id, RK <c>client</c>: registered OAuth clients (dynamic and confidential), each a point read.</summary>
    public const string Clients = "oauthclients";

    /// <summary>PK organization id, RK grant id: checking a token's grant is a point read; an organization's grants are one partition.</summary>
    public const string Grants = "oauthgrants";

    /// <summary>PK organization id, RK <c>organization</c> or <c>credential_&lt;id&gt;</c>: the current rate window's counts.</summary>
    public const string RateLimits = "ratelimits";

    /// <summary>PK organization id + <c>_yyyyMMdd</c>, RK inverted ticks: one organization's day, newest first.</summary>
    public const string AuditByOrganization = "auditbyorg";

    /// <summary>PK credential id, RK inverted ticks: one credential's recent requests, newest first.</summary>
    public const string AuditByCredential = "auditbycredential";

    /// <summary>Every table above: what infra/modules/storage.bicep creates in Azure (a test compares the two).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Organizations, Users, AccessKeys, Participants, Goals, CarePlans, Funding, Medications, Staff, Catalogue,
        AuthorizationState, Clients, Grants, RateLimits, AuditByOrganization, AuditByCredential,
    ];
}
