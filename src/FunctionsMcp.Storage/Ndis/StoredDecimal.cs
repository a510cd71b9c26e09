using System.Globalization;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Money columns as invariant strings (<c>1234.50</c>), exact and with their scale. The Table service has no decimal
/// type, and Azure.Data.Tables writes a <see cref="decimal"/> property as a lossy Double and does not read it back, so
/// entities keep these columns as strings, in the same format the rows already hold.
/// </summary>
internal static class StoredDecimal
{
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal? ParseOrNull(string? value) => value is null ? null : Parse(value);
}
