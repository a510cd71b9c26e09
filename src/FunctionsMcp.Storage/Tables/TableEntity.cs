using System.Collections;
using Azure;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// A dictionary entity: any set of properties of the Edm types the service stores
/// (string, int, long, double, bool, DateTimeOffset, Guid, byte[]).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Named like Azure.Data.Tables.TableEntity so a later swap is mechanical.")]
public sealed class TableEntity : ITableEntity, IDictionary<string, object>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates an empty entity.</summary>
    public TableEntity()
    {
    }

    /// <summary>Creates an entity with its keys.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>Gets or sets a property; setting null removes it (the service stores no nulls).</summary>
    public object this[string key]
    {
        get => _properties[key];
        set
        {
            if (value is null)
                _properties.Remove(key);
            else
                _properties[key] = value;
        }
    }

    /// <summary>The property as a string, or null when absent.</summary>
    public string? GetString(string key) => Get<string>(key);

    /// <summary>The property as an int, or null when absent.</summary>
    public int? GetInt32(string key) => _properties.TryGetValue(key, out object? v) ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The property as a long, or null when absent.</summary>
    public long? GetInt64(string key) => _properties.TryGetValue(key, out object? v) ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The property as a double, or null when absent.</summary>
    public double? GetDouble(string key) => _properties.TryGetValue(key, out object? v) ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The property as a bool, or null when absent.</summary>
    public bool? GetBoolean(string key) => _properties.TryGetValue(key, out object? v) ? (bool)v : null;

    /// <summary>The property as a DateTimeOffset, or null when absent.</summary>
    public DateTimeOffset? GetDateTimeOffset(string key) => _properties.TryGetValue(key, out object? v) ? (DateTimeOffset)v : null;

    /// <summary>The property as a Guid, or null when absent.</summary>
    public Guid? GetGuid(string key) => _properties.TryGetValue(key, out object? v) ? (Guid)v : null;

    /// <summary>The property as bytes, or null when absent.</summary>
    public byte[]? GetBinary(string key) => Get<byte[]>(key);

    private T? Get<T>(string key) where T : class => _properties.TryGetValue(key, out object? v) ? (T)v : null;

    /// <inheritdoc />
    public ICollection<string> Keys => _properties.Keys;

    /// <inheritdoc />
    public ICollection<object> Values => _properties.Values;

    /// <inheritdoc />
    public int Count => _properties.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public void Add(string key, object value) => _properties.Add(key, value ?? throw new ArgumentNullException(nameof(value)));

    /// <inheritdoc />
    public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    public void Clear() => _properties.Clear();

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_properties).Contains(item);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    /// <inheritdoc />
    public bool Remove(string key) => _properties.Remove(key);

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_properties).Remove(item);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) =>
        _properties.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
