using FunctionsMcp.OAuth.Audit;

namespace FunctionsMcp.Mcp.Protection;

/// <summary>
/// Audit entries waiting to be written, grouped by organization and UTC day: the <c>auditbyorg</c> partition an entry
/// lands in. A credential belongs to one organization, so a group also holds every waiting entry of each of its
/// credentials' <c>auditbycredential</c> partitions; written together, a group costs one transaction per partition
/// (the store splits it), and a group the store cannot take costs only its own entries. Used by one reader at a time.
/// </summary>
internal sealed class PendingAudit(int partitionBatch)
{
    private readonly Dictionary<(string Organization, DateOnly Day), List<AuditEntry>> _groups = [];

    /// <summary>How many entries wait, in every group.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the entry; returns its group, taken out, once it holds <c>partitionBatch</c> entries (a full transaction).</summary>
    public IReadOnlyList<AuditEntry>? Add(AuditEntry entry)
    {
        var key = (entry.OrganizationId, DateOnly.FromDateTime(entry.Time.UtcDateTime));
        if (!_groups.TryGetValue(key, out List<AuditEntry>? group))
            _groups[key] = group = [];
        group.Add(entry);
        Count++;
        if (group.Count < partitionBatch)
            return null;
        _groups.Remove(key);
        Count -= group.Count;
        return group;
    }

    /// <summary>Every group, taken out.</summary>
    public IReadOnlyList<IReadOnlyList<AuditEntry>> TakeAll()
    {
        List<IReadOnlyList<AuditEntry>> all = [.. _groups.Values];
        _groups.Clear();
        Count = 0;
        return all;
    }
}
