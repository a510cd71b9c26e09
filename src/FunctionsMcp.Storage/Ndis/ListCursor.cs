using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Where a listing stopped: which of its key ranges, and the row key of the last row the page took in it (the next
/// page starts after it). Sent to clients as opaque base64url; one that does not decode, or points outside its range,
/// is refused as invalid, never trusted.
/// </summary>
internal sealed record ListCursor(int Range, string? After)
{
    // Marks this shape, so a cursor of the earlier shape (range and storage continuation) is refused, not misread.
    private const string Shape = "k";

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
        new[] { Shape, Range.ToString(System.Globalization.CultureInfo.InvariantCulture), After ?? string.Empty })));

    public static bool TryDecode(string? text, IReadOnlyList<KeyRange> ranges, out ListCursor cursor)
    {
        cursor = new ListCursor(0, null);
        if (string.IsNullOrEmpty(text))
            return true;
        try
        {
            string[]? parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)));
            if (parts is not [Shape, string rangeText, string after]
                || !int.TryParse(rangeText, System.Globalization.CultureInfo.InvariantCulture, out int range) || range < 0 || range >= ranges.Count)
                return false;
            KeyRange r = ranges[range];
            if (after.Length > 0 && (string.CompareOrdinal(after, r.From) < 0 || string.CompareOrdinal(after, r.To) >= 0))
                return false;
            cursor = new ListCursor(range, after.Length == 0 ? null : after);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}
