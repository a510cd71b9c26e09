using System.Text.RegularExpressions;
using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Catalogue;

/// <summary>The unit a support item is priced and claimed in.</summary>
public enum CatalogueUnit
{
    Hour,
    Each,
    Day,
    Week,
    Month,
    Year,
}

/// <summary>Price limits (AUD, GST-free) by region; null where the item has no price limit (quoted or agreed).</summary>
public sealed record PriceLimits(decimal? National, decimal? Remote, decimal? VeryRemote);

/// <summary>
/// One item of the NDIS Support Catalogue: shared reference data, the same for every organization.
/// The category (01–15) is the first part of the item number; the registration group the third.
/// </summary>
public sealed record CatalogueItem(
    string ItemNumber,
    string Name,
    string SupportCategory,
    string SupportCategoryName,
    string SupportPurpose,
    string RegistrationGroup,
    string RegistrationGroupName,
    CatalogueUnit Unit,
    PriceLimits PriceLimits);

/// <summary>A catalogue search: words that prefix words of the name, a support category, a page size and a cursor.</summary>
public sealed record CatalogueQuery(string? Search, string? SupportCategory, int PageSize, string? Cursor);

/// <summary>
/// The support categories of the NDIS Pricing Arrangements and Price Limits (01–15), and the shape of a support item
/// number: support category, sequence number, registration group, outcome domain, support purpose, separated by
/// underscores (e.g. <c>01_011_0107_1_1</c>). Sequence numbers are three digits, or nine for assistive technology and
/// consumables items (e.g. <c>03_090000911_0103_1_1</c>).
/// </summary>
public static partial class SupportCatalogue
{
    public const string ItemNumberPattern = "^[0-9]{2}_[0-9]{3}([0-9]{6})?_[0-9]{4}_[1-8]_[1-3]$";
    public const string CategoryPattern = "^(0[1-9]|1[0-5])$";

    private static readonly Dictionary<string, (string Name, string Purpose)> s_categories = new(StringComparer.Ordinal)
    {
        ["01"] = ("Assistance with Daily Life", "Core"),
        ["02"] = ("Transport", "Core"),
        ["03"] = ("Consumables", "Core"),
        ["04"] = ("Assistance with Social, Economic and Community Participation", "Core"),
        ["05"] = ("Assistive Technology", "Capital"),
        ["06"] = ("Home Modifications and Specialist Disability Accommodation", "Capital"),
        ["07"] = ("Support Coordination", "Capacity Building"),
        ["08"] = ("Improved Living Arrangements", "Capacity Building"),
        ["09"] = ("Increased Social and Community Participation", "Capacity Building"),
        ["10"] = ("Finding and Keeping a Job", "Capacity Building"),
        ["11"] = ("Improved Relationships", "Capacity Building"),
        ["12"] = ("Improved Health and Wellbeing", "Capacity Building"),
        ["13"] = ("Improved Learning", "Capacity Building"),
        ["14"] = ("Improved Life Choices", "Capacity Building"),
        ["15"] = ("Improved Daily Living Skills", "Capacity Building"),
    };

    /// <summary>The category numbers, 01 to 15.</summary>
    public static IReadOnlyCollection<string> Categories => s_categories.Keys;

    public static bool IsItemNumber(string? value) => value is not null && value.Length <= 30 && ItemNumberRegex().IsMatch(value)
        && s_categories.ContainsKey(value[..2]);

    public static bool IsCategory(string? value) => value is not null && s_categories.ContainsKey(value);

    public static string CategoryName(string category) => s_categories[category].Name;

    public static string PurposeOf(string category) => s_categories[category].Purpose;

    public static FieldError ItemNumberError(string? value) => new("item_number",
        $"'{value}' is not an NDIS support item number: it is support category (01-15), sequence number (3 or 9 digits), registration group (4 digits), outcome domain (1-8) and support purpose (1-3), joined by underscores, e.g. 01_011_0107_1_1");

    public static FieldError CategoryError(string? value) => new("support_category",
        $"'{value}' is not a support category: use its two-digit number, 01 to 15 (e.g. 01 for Assistance with Daily Life, 15 for Improved Daily Living Skills)");

    [GeneratedRegex(ItemNumberPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ItemNumberRegex();
}

/// <summary>Where the shared catalogue is kept.</summary>
public interface ICatalogueStore
{
    Task<RecordOutcome<RecordPage<CatalogueItem>>> SearchAsync(CatalogueQuery query, CancellationToken cancellationToken);

    Task<CatalogueItem?> GetAsync(string itemNumber, CancellationToken cancellationToken);

    /// <summary>Stores the items; an item already stored as given is left untouched. Returns how many were written.</summary>
    Task<int> LoadAsync(IEnumerable<CatalogueItem> items, CancellationToken cancellationToken);
}

/// <summary>Reading the shared catalogue: item numbers and categories are checked before storage is touched.</summary>
public sealed class CatalogueService(ICatalogueStore store)
{
    public async Task<RecordOutcome<RecordPage<CatalogueItem>>> SearchAsync(CatalogueQuery query, CancellationToken cancellationToken)
    {
        string? category = string.IsNullOrWhiteSpace(query.SupportCategory) ? null : query.SupportCategory.Trim();
        if (category is not null && !SupportCatalogue.IsCategory(category))
            return RecordOutcome<RecordPage<CatalogueItem>>.Invalid([SupportCatalogue.CategoryError(category)]);
        return await store.SearchAsync(query with
        {
            SupportCategory = category,
            PageSize = Paging.Size(query.PageSize),
            Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(),
        }, cancellationToken);
    }

    public async Task<RecordOutcome<CatalogueItem>> GetAsync(string itemNumber, CancellationToken cancellationToken)
    {
        string number = itemNumber?.Trim() ?? string.Empty;
        if (!SupportCatalogue.IsItemNumber(number))
            return RecordOutcome<CatalogueItem>.Invalid([SupportCatalogue.ItemNumberError(itemNumber)]);
        return await store.GetAsync(number, cancellationToken) is { } found
            ? RecordOutcome<CatalogueItem>.Ok(found)
            : RecordOutcome<CatalogueItem>.NotFound($"support item {number} is not in the catalogue");
    }
}
