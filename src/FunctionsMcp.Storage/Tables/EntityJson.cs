using System.Globalization;
using System.Text.Json;
using Azure;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Entity properties to and from the Table service's OData JSON. Types JSON cannot carry on its own
/// (Int64, DateTime, Guid, Binary, and Double so an integral value is not read back as Int32) are written
/// with a <c>Name@odata.type</c> annotation; see "Payload format for Table service operations".
/// </summary>
internal static class EntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] Write(string partitionKey, string rowKey, IEnumerable<KeyValuePair<string, object>> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(TableKeyRules.PartitionKey, partitionKey);
            writer.WriteString(TableKeyRules.RowKey, rowKey);
            foreach ((string name, object value) in properties)
            {
                if (TableKeyRules.IsSystemProperty(name))
                    continue;
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                if (double.IsFinite(d))
                    writer.WriteNumber(name, d);
                else
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            case DateTimeOffset dto:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, FormatDate(dto));
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new NotSupportedException(
                    $"Property '{name}' has type {value.GetType().Name}, which the Table service cannot store. " +
                    "Use string, int, long, double, bool, DateTimeOffset, Guid or byte[].");
        }
    }

    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads one entity object of a response.</summary>
    public static TableEntity Read(JsonElement element, ETag headerETag = default)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
        }

        var entity = new TableEntity { ETag = headerETag };
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = property.Name;
            if (name.EndsWith(TypeSuffix, StringComparison.Ordinal))
                continue;
            if (name == "odata.etag")
            {
                if (entity.ETag == default)
                    entity.ETag = new ETag(property.Value.GetString()!);
                continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal) || property.Value.ValueKind == JsonValueKind.Null)
                continue;

            switch (name)
            {
                case TableKeyRules.PartitionKey:
                    entity.PartitionKey = property.Value.GetString()!;
                    break;
                case TableKeyRules.RowKey:
                    entity.RowKey = property.Value.GetString()!;
                    break;
                case TableKeyRules.Timestamp:
                    entity.Timestamp = ParseDate(property.Value.GetString()!);
                    break;
                default:
                    entity[name] = ReadValue(property.Value, types.GetValueOrDefault(name));
                    break;
            }
        }

        return entity;
    }

    private static object ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetInt64(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => ParseDate(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => value.GetBytesFromBase64(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out int i) => i,
            JsonValueKind.Number => value.GetDouble(),
            _ => throw new FormatException($"Unexpected JSON value of kind {value.ValueKind} in a table entity."),
        },
    };

    private static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
