using System.Text.Json.Nodes;
using FunctionsMcp.OAuth;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>The bearer credential to try the MCP calls with: an access key, or an OAuth access token.</summary>
internal sealed record DoctorCredential(string Bearer, bool IsAccessKey);

/// <summary>
/// One run of <c>doctor</c>: the MCP URL checked, the HTTP probe, and what earlier steps found that later ones need
/// (the unauthenticated answer, the URLs the server names for itself, the authorization server's metadata).
/// </summary>
internal sealed class DoctorSession(Uri mcpUrl, HttpProbe probe, DoctorCredential? credential, TimeProvider time, CancellationToken cancellationToken)
{
    /// <summary>The setting that decides every public URL the server names, as an environment variable.</summary>
    public const string BaseUrlSetting = ServerOptions.Section + "__" + nameof(ServerOptions.BaseUrl);

    public Uri McpUrl => mcpUrl;

    /// <summary>The MCP URL as a string, which the resource metadata's <c>resource</c> must equal exactly (RFC 9728 §3.3).</summary>
    public string Resource { get; } = mcpUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The origin reached, such as <c>https://func-abc.azurewebsites.net</c>.</summary>
    public string Origin { get; } = mcpUrl.GetLeftPart(UriPartial.Authority);

    public HttpProbe Probe => probe;

    public DoctorCredential? Credential => credential;

    public TimeProvider Time => time;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>What <c>POST /mcp</c> without a credential answered, and this machine's time when it did.</summary>
    public HttpAnswer? Unauthenticated { get; set; }

    public DateTimeOffset UnauthenticatedAt { get; set; }

    /// <summary>Each URL the server gave for itself, with where it gave it (for the base URL step).</summary>
    public List<(string Where, string Url)> NamedUrls { get; } = [];

    /// <summary>The first authorization server the resource metadata lists.</summary>
    public string? AuthorizationServer { get; set; }

    public JsonObject? AuthorizationServerMetadata { get; set; }

    /// <summary>The fix when the server names another address than the one reached.</summary>
    public string BaseUrlFix(string named) =>
        $"Set {BaseUrlSetting} to {Origin} (the address clients reach) and restart the app; or, if {named} is the right address, give clients {named}/mcp.";

    /// <summary>True when <paramref name="url"/> is on the origin reached.</summary>
    public bool IsHome(string url) => Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && HttpProbe.SameOrigin(uri, mcpUrl);

    /// <summary>The origin of <paramref name="url"/>, or the text itself when it is not an absolute URL.</summary>
    public static string OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri.GetLeftPart(UriPartial.Authority) : url;
}
