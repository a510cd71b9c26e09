using Azure.Data.Tables;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests;

/// <summary>Gives each test class its own fresh table in the shared Azurite.</summary>
public abstract class TableTestBase(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected TableClient Table { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(AzuriteFixture.UniqueTableName());
        await Table.CreateIfNotExistsAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await Table.DeleteAsync(CancellationToken.None);
        GC.SuppressFinalize(this);
    }
}
