using System.Diagnostics;
using OpenTelemetry;

namespace FunctionsMcp.Functions.Telemetry;

/// <summary>
/// Takes the entity keys out of the URLs of Table Storage requests before any span is exported. A point read, update or
/// delete names its entity in the path (<c>/participants(PartitionKey='…',RowKey='ndis_43…')</c>), and some of our row
/// keys hold an NDIS number or a name; the Azure SDK already redacts query strings, not paths. The table name stays.
/// </summary>
internal sealed class TableKeyRedaction : BaseProcessor<Activity>
{
    /// <summary>The URL attribute of current semantic conventions, and the older one.</summary>
    private static readonly string[] s_urlTags = ["url.full", "http.url"];

    public const string Redacted = "(REDACTED)";

    public override void OnEnd(Activity data)
    {
        foreach (string tag in s_urlTags)
        {
            if (data.GetTagItem(tag) is string url && Redact(url) is { } redacted)
                data.SetTag(tag, redacted);
        }
    }

    /// <summary>The URL with its last path segment's key predicate replaced, or null when it has none.</summary>
    public static string? Redact(string url)
    {
        int queryAt = url.IndexOf('?', StringComparison.Ordinal);
        int pathEnd = queryAt < 0 ? url.Length : queryAt;
        int segmentAt = url.LastIndexOf('/', pathEnd - 1);
        int keysAt = url.IndexOf('(', segmentAt + 1);
        if (segmentAt < 0 || keysAt < 0 || keysAt >= pathEnd)
            return null;
        return string.Concat(url.AsSpan(0, keysAt), Redacted, url.AsSpan(pathEnd));
    }
}
