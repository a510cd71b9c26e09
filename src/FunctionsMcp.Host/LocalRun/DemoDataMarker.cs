using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Storage;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// Whether this Azurite already holds the demo data: one row, written when a load has finished, naming the demo set's
/// <see cref="Version"/>. A start that finds it skips the load (about three seconds of storage writes) and only replaces
/// the demo key; a missing row (a new data folder, a load that stopped half-way) or an older version loads again.
/// </summary>
internal sealed class DemoDataMarker(TableProvider tables)
{
    /// <summary>Change it whenever the demo records change, so the next start loads the new ones.</summary>
    public const string Version = "2026-12-02";

    private const string TableName = "localrun";
    private const string Partition = "demo";
    private const string Row = "loaded";

    private readonly Lazy<Task<bool>> _loaded = new(() => ReadAsync(tables));

    internal sealed class MarkerEntity : StoredEntity
    {
        public string Version { get; set; } = string.Empty;

        public int ParticipantsPerOrganization { get; set; }

        public int StaffPerOrganization { get; set; }
    }

    /// <summary>True when a complete load of this <see cref="Version"/> and these sizes is recorded (read once per start).</summary>
    public Task<bool> IsLoadedAsync(CancellationToken cancellationToken) => _loaded.Value.WaitAsync(cancellationToken);

    /// <summary>Records that a load of this version has finished.</summary>
    public async Task MarkLoadedAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(Current(), TableUpdateMode.Replace, cancellationToken);
    }

    private static async Task<bool> ReadAsync(TableProvider tables)
    {
        TableClient table = await tables.GetAsync(TableName, CancellationToken.None);
        NullableResponse<MarkerEntity> found = await table.GetEntityIfExistsAsync<MarkerEntity>(Partition, Row, cancellationToken: CancellationToken.None);
        MarkerEntity expected = Current();
        return found.HasValue
            && found.Value!.Version == expected.Version
            && found.Value.ParticipantsPerOrganization == expected.ParticipantsPerOrganization
            && found.Value.StaffPerOrganization == expected.StaffPerOrganization;
    }

    private static MarkerEntity Current() => new()
    {
        PartitionKey = Partition,
        RowKey = Row,
        Version = Version,
        ParticipantsPerOrganization = DemoDataService.DemoParticipantsPerOrganization,
        StaffPerOrganization = DemoCareDataService.DemoStaffPerOrganization,
    };
}
