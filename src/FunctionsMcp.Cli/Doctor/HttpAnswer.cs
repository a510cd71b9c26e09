using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// An HTTP answer as <c>doctor</c> saw it: where it came from, its status, media type and body (at most
/// <see cref="HttpProbe.MaxBodyBytes"/>), the headers the checks read, and the same-origin redirects followed to get it
/// from <paramref name="Requested"/> (<paramref name="Loop"/> when one led back to a URL already visited).
/// </summary>
internal sealed partial record HttpAnswer(
    Uri Requested, Uri Url, int Status, string? MediaType, string Body, string? WwwAuthenticate, Uri? Location, DateTimeOffset? Date,
    IReadOnlyList<Uri> Redirects, bool Loop, long Ms)
{
    public bool IsRedirect => Status is >= 300 and < 400 || Redirects.Count > 0;

    public bool IsHtml => MediaType is "text/html" || (MediaType is null && Body.TrimStart().StartsWith('<'));

    public bool IsJson => MediaType is { } type && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>The status and what the body is, for a sentence: <c>200 with an HTML page titled "…"</c>.</summary>
    public string Described => IsHtml
        ? $"{Status} with an HTML page{(Title() is { } title ? $" titled \"{title}\"" : "")}"
        : $"{Status}{(MediaType is null ? "" : " " + MediaType)}";

    /// <summary>The body as a JSON object, or what is wrong with it; never throws on what a server sent.</summary>
    public (JsonObject? Json, string? Problem) JsonObject()
    {
        try
        {
            return JsonNode.Parse(Body) is JsonObject json ? (json, null) : (null, "JSON that is not an object");
        }
        catch (JsonException ex)
        {
            return (null, $"a body that is not valid JSON ({ex.Message.Split('.')[0]})");
        }
    }

    /// <summary>A string member of a JSON object, or null when it is absent or not a string.</summary>
    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private string? Title()
    {
        Match match = TitlePattern().Match(Body);
        if (!match.Success)
            return null;
        string title = WebUtility.HtmlDecode(match.Groups[1].Value).ReplaceLineEndings(" ").Trim();
        return title.Length == 0 ? null : title.Length > 80 ? title[..80] + "…" : title;
    }

    [GeneratedRegex("<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TitlePattern();
}
