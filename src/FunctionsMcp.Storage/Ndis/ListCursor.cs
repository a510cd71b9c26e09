using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FunctionsMcp.Storage.Ndis;

/// <summary>
/// Where a listing stopped: which of its key ranges, and the storage continuation inside it. Sent to clients
/// as opaque base64url; one that does not decode is refused as invalid, never trusted.
/// </summary>
internal sealed record ListCursor(int Range, string? Continuation)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { Range.ToString(System.Globalization.CultureInfo.InvariantCulture), Continuation ?? string.Empty })));

    public static bool TryDecode(string? text, int ranges, out ListCursor cursor)
    {
        cursor = new ListCursor(0, null);
        if (string.IsNullOrEmpty(text))
            return true;
        try
        {
            string[]? parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)));
            if (parts is not { Length: 2 } || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int range) || range < 0 || range >= ranges)
                return false;
            cursor = new ListCursor(range, parts[1].Length == 0 ? null : parts[1]);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}
