using Azure.Data.Tables;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Storage.Settings;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Settings;

/// <summary>
/// Settings sessions in Azurite: kept by hash, extended without resurrecting a signed-out one, ended at once. The sessions
/// table is the state table pruning tests empty, so these run in their collection.
/// </summary>
[Collection(Authorization.StatePruningTests.StateTables)]
public sealed class TableSettingsSessionStoreTests(AzuriteFixture azurite)
{
    private readonly TableSettingsSessionStore _store = new(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
    private readonly DateTimeOffset _now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewHash() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    [Fact]
    public async Task ASession_IsReadBackByItsHash_AndExtended()
    {
        string hash = NewHash();
        await _store.AddAsync(new SettingsSession(hash, "org", "user", _now, _now.AddMinutes(30)), Cancel);

        await _store.ExtendAsync(hash, _now.AddMinutes(45), Cancel);

        Assert.Equal(new SettingsSession(hash, "org", "user", _now, _now.AddMinutes(45)), await _store.GetAsync(hash, Cancel));
        Assert.Null(await _store.GetAsync(NewHash(), Cancel));
        Assert.Null(await _store.GetAsync("not/a#key", Cancel));
    }

    [Fact]
    public async Task ExtendingASignedOutSession_DoesNotBringItBack()
    {
        string hash = NewHash();
        await _store.AddAsync(new SettingsSession(hash, "org", "user", _now, _now.AddMinutes(30)), Cancel);

        await _store.DeleteAsync(hash, Cancel);
        await _store.ExtendAsync(hash, _now.AddHours(1), Cancel);
        await _store.DeleteAsync(hash, Cancel);

        Assert.Null(await _store.GetAsync(hash, Cancel));
    }
}
