using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Maps typed entities (public read/write properties) to and from entity properties. Enums are stored
/// as their names and decimals as invariant strings, since the service has no Edm type for either.
/// </summary>
internal static class EntityMapper
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_shapes = new();

    public static IEnumerable<KeyValuePair<string, object>> ToProperties(ITableEntity entity)
    {
        if (entity is TableEntity dictionary)
            return dictionary;

        var properties = new List<KeyValuePair<string, object>>();
        foreach (PropertyInfo property in Shape(entity.GetType()))
        {
            object? value = property.GetValue(entity);
            if (value is not null)
                properties.Add(new(property.Name, ToEdm(value)));
        }

        return properties;
    }

    public static T FromEntity<T>(TableEntity source) where T : class, ITableEntity, new()
    {
        if (source is T same)
            return same;

        var target = new T
        {
            PartitionKey = source.PartitionKey,
            RowKey = source.RowKey,
            Timestamp = source.Timestamp,
            ETag = source.ETag,
        };
        foreach (PropertyInfo property in Shape(typeof(T)))
        {
            if (source.TryGetValue(property.Name, out object? value))
                property.SetValue(target, FromEdm(value, property.PropertyType, property.Name));
        }

        return target;
    }

    private static PropertyInfo[] Shape(Type type) => s_shapes.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
        .Where(p => !TableKeyRules.IsSystemProperty(p.Name) && p.Name != nameof(ITableEntity.ETag))
        .Where(p => p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
        .ToArray());

    private static object ToEdm(object value) => value switch
    {
        Enum e => e.ToString(),
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        BinaryData data => data.ToArray(),
        _ => value,
    };

    private static object? FromEdm(object value, Type propertyType, string name)
    {
        Type type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        try
        {
            return type switch
            {
                _ when type.IsInstanceOfType(value) => value,
                _ when type.IsEnum => value is string s ? Enum.Parse(type, s, ignoreCase: true) : Enum.ToObject(type, value),
                _ when type == typeof(DateTime) => ((DateTimeOffset)value).UtcDateTime,
                _ when type == typeof(decimal) => decimal.Parse((string)value, NumberStyles.Number, CultureInfo.InvariantCulture),
                _ when type == typeof(Guid) => Guid.Parse((string)value),
                _ when type == typeof(BinaryData) => BinaryData.FromBytes((byte[])value),
                _ when type == typeof(string) => Convert.ToString(value, CultureInfo.InvariantCulture),
                _ => Convert.ChangeType(value, type, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"Stored property '{name}' ({value.GetType().Name}) cannot be read as {type.Name}.", ex);
        }
    }
}
