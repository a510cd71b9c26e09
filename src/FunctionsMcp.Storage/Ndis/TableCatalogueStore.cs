using Azure.Data.Tables;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>A catalogue row: the record (RK <c>i_&lt;number&gt;</c>) and each index row carry the whole item.</summary>
internal sealed class CatalogueEntity : StoredEntity
{
    public string ItemNumber { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string SupportCategory { get; set; } = string.Empty;
    public string SupportCategoryName { get; set; } = string.Empty;
    public string SupportPurpose { get; set; } = string.Empty;
    public string RegistrationGroup { get; set; } = string.Empty;
    public string RegistrationGroupName { get; set; } = string.Empty;
    public CatalogueUnit Unit { get; set; }
    public string? PriceNational { get; set; }
    public string? PriceRemote { get; set; }
    public string? PriceVeryRemote { get; set; }

    /// <summary>The normalized words of the name, space-separated, for search de-duplication.</summary>
    public string Words { get; set; } = string.Empty;

    public static CatalogueEntity From(string rowKey, CatalogueItem item) => new()
    {
        PartitionKey = CatalogueKeys.Partition,
        RowKey = rowKey,
        ItemNumber = item.ItemNumber,
        Name = item.Name,
        SupportCategory = item.SupportCategory,
        SupportCategoryName = item.SupportCategoryName,
        SupportPurpose = item.SupportPurpose,
        RegistrationGroup = item.RegistrationGroup,
        RegistrationGroupName = item.RegistrationGroupName,
        Unit = item.Unit,
        PriceNational = StoredDecimal.Format(item.PriceLimits.National),
        PriceRemote = StoredDecimal.Format(item.PriceLimits.Remote),
        PriceVeryRemote = StoredDecimal.Format(item.PriceLimits.VeryRemote),
        Words = string.Join(' ', SearchKeys.Words(item.Name)),
    };

    public CatalogueItem ToItem() => new(
        ItemNumber, Name, SupportCategory, SupportCategoryName, SupportPurpose, RegistrationGroup, RegistrationGroupName, Unit,
        new PriceLimits(StoredDecimal.ParseOrNull(PriceNational), StoredDecimal.ParseOrNull(PriceRemote), StoredDecimal.ParseOrNull(PriceVeryRemote)));
}

/// <summary>Keys of the shared <c>catalogue</c> table: one partition, <c>catalogue</c>.</summary>
internal static class CatalogueKeys
{
    public const string Partition = "catalogue";
    public const string RecordPrefix = "i_";
    public const string WordPrefix = "word_";

    public static string Record(string itemNumber) => RecordPrefix + itemNumber;

    public static string CategoryPrefix(string category) => $"cat_{category}_";

    /// <summary>Every row an item has: the record, by category, and by each word of its name.</summary>
    public static IReadOnlyList<string> Rows(CatalogueItem item)
    {
        var rows = new List<string> { Record(item.ItemNumber), CategoryPrefix(item.SupportCategory) + item.ItemNumber };
        rows.AddRange(SearchKeys.Words(item.Name).Select(word => $"{WordPrefix}{word}_{item.ItemNumber}"));
        return rows;
    }
}

/// <summary>The NDIS Support Catalogue in Table Storage: shared reference data, the same for every organization.</summary>
internal sealed class TableCatalogueStore(TableProvider tables) : ICatalogueStore
{
    public async Task<RecordOutcome<RecordPage<CatalogueItem>>> SearchAsync(CatalogueQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> terms = SearchKeys.Terms(query.Search);
        if (query.Search is not null && terms.Count == 0)
            return RecordOutcome<RecordPage<CatalogueItem>>.Invalid([new FieldError("search", "has no letters or digits to search for")]);

        TableClient table = await tables.GetAsync(TableNames.Catalogue, cancellationToken);
        KeyRange range = (terms.Count, query.SupportCategory) switch
        {
            ( > 0, { } category) => KeyRange.Prefix(CatalogueKeys.WordPrefix + terms[0], TableClient.CreateQueryFilter($"SupportCategory eq {category}")),
            ( > 0, null) => KeyRange.Prefix(CatalogueKeys.WordPrefix + terms[0]),
            (_, { } category) => KeyRange.Prefix(CatalogueKeys.CategoryPrefix(category)),
            _ => KeyRange.Prefix(CatalogueKeys.RecordPrefix),
        };
        return await RangePager.ReadAsync<CatalogueEntity, CatalogueItem>(
            table, CatalogueKeys.Partition, [range], query.PageSize, query.Cursor,
            row => RangePager.MatchesOnce(row.RowKey, CatalogueKeys.WordPrefix, row.Words, terms), row => row.ToItem(), cancellationToken);
    }

    public async Task<CatalogueItem?> GetAsync(string itemNumber, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Catalogue, cancellationToken);
        return (await table.FindAsync<CatalogueEntity>(CatalogueKeys.Partition, CatalogueKeys.Record(itemNumber), cancellationToken: cancellationToken))?.ToItem();
    }

    public async Task<int> LoadAsync(IEnumerable<CatalogueItem> items, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Catalogue, cancellationToken);
        int written = 0;
        foreach (CatalogueItem item in items)
        {
            CatalogueItem? stored = (await table.FindAsync<CatalogueEntity>(CatalogueKeys.Partition, CatalogueKeys.Record(item.ItemNumber), cancellationToken: cancellationToken))?.ToItem();
            if (stored == item)
                continue;

            // A changed item replaces its rows in one transaction, dropping index rows of its old name or category.
            IReadOnlyList<string> rows = CatalogueKeys.Rows(item);
            var actions = new List<TableTransactionAction>();
            if (stored is not null)
            {
                actions.AddRange(CatalogueKeys.Rows(stored).Except(rows, StringComparer.Ordinal)
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new CatalogueEntity { PartitionKey = CatalogueKeys.Partition, RowKey = row })));
            }

            actions.AddRange(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CatalogueEntity.From(row, item))));
            await TableBatches.SubmitAtomicAsync(table, actions, cancellationToken);
            written++;
        }

        return written;
    }
}
