using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionsMcp.Ndis.Catalogue;

/// <summary>
/// A sample of the NDIS Support Catalogue (about forty items), shipped as the embedded resource
/// <c>sample-catalogue.json</c>; its README says where the figures come from and how far they were checked.
/// </summary>
public static class SampleCatalogue
{
    private const string ResourceName = "FunctionsMcp.Ndis.Catalogue.sample-catalogue.json";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<IReadOnlyList<CatalogueItem>> s_items = new(Read);

    public static IReadOnlyList<CatalogueItem> Items => s_items.Value;

    private sealed record Row(string ItemNumber, string Name, string RegistrationGroupName, CatalogueUnit Unit, decimal? National, decimal? Remote, decimal? VeryRemote);

    private static List<CatalogueItem> Read()
    {
        using Stream stream = typeof(SampleCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        List<Row> rows = JsonSerializer.Deserialize<List<Row>>(stream, s_json) ?? [];
        return rows.Select(row =>
        {
            if (!SupportCatalogue.IsItemNumber(row.ItemNumber))
                throw new InvalidOperationException($"{ResourceName}: {SupportCatalogue.ItemNumberError(row.ItemNumber)}");
            string category = row.ItemNumber[..2];
            string group = row.ItemNumber.Split('_')[2];
            return new CatalogueItem(row.ItemNumber, row.Name, category, SupportCatalogue.CategoryName(category), SupportCatalogue.PurposeOf(category),
                group, row.RegistrationGroupName, row.Unit, new PriceLimits(row.National, row.Remote, row.VeryRemote));
        }).ToList();
    }
}
