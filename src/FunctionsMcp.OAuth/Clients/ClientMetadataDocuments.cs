using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Client ID Metadata Documents: a <c>client_id</c> that is an https URL names a JSON document describing the
/// client. It is fetched with SSRF protection: https only, on port 443; every address the host resolves to must be
/// public (checked when connecting, so a DNS answer cannot change between check and use); at most 3 redirects, each
/// checked the same way; 5 seconds and 16 KiB at most. The document must name itself as <c>client_id</c>, a name, and
/// redirect URIs the <see cref="RedirectUriPolicy"/> accepts. Documents are cached per their <c>Cache-Control</c>
/// (5 minutes to a day) and a cached one is used for up to a day when the host cannot be reached.
/// </summary>
public sealed class ClientMetadataDocuments(HttpClient http, RedirectUriPolicy redirects, TimeProvider time)
{
    public const int MaxBytes = 16 * 1024;
    private const int MaxRedirects = 3;
    private static readonly TimeSpan s_minFresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_maxFresh = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, (OAuthClient Client, DateTimeOffset FreshUntil, DateTimeOffset StaleUntil)> _cache = new(StringComparer.Ordinal);

    /// <summary>Tests serve documents from a loopback port; in the app the port is always 443.</summary>
    internal bool AllowAnyPort { get; init; }

    /// <summary>True when <paramref name="clientId"/> has the shape of a metadata document URL (https with a path).</summary>
    public static bool IsDocumentUrl(string? clientId) =>
        clientId is not null && clientId.StartsWith("https://", StringComparison.Ordinal)
        && Uri.TryCreate(clientId, UriKind.Absolute, out Uri? uri) && uri.AbsolutePath.Length > 1;

    /// <summary>The client the document at <paramref name="url"/> describes, or why it cannot be used.</summary>
    public async Task<(OAuthClient? Client, string? Error)> GetAsync(string url, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        bool cached = _cache.TryGetValue(url, out var entry);
        if (cached && now < entry.FreshUntil)
            return (entry.Client, null);

        (OAuthClient? client, string? error, TimeSpan fresh) = await FetchAsync(url, cancellationToken);
        if (client is not null)
        {
            _cache[url] = (client, now + fresh, now + fresh + s_maxFresh);
            return (client, null);
        }

        return cached && now < entry.StaleUntil ? (entry.Client, null) : (null, error);
    }

    /// <summary>The handler metadata fetches go through: connections only to addresses <paramref name="allowed"/> accepts.</summary>
    public static SocketsHttpHandler Handler(Func<IPAddress, bool> allowed) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            if (addresses.Length == 0 || !addresses.All(allowed))
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to an address that is not public");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private async Task<(OAuthClient? Client, string? Error, TimeSpan Fresh)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        Uri next = new(url);
        try
        {
            for (int hop = 0; hop <= MaxRedirects; hop++)
            {
                if (next.Scheme != Uri.UriSchemeHttps || (next.Port != 443 && !AllowAnyPort) || !string.IsNullOrEmpty(next.UserInfo))
                    return (null, $"the client metadata document must be served over https on port 443 ({next.GetLeftPart(UriPartial.Path)} is not)", default);
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    next = new Uri(next, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                    return (null, $"fetching the client metadata document at {url} gave HTTP {(int)response.StatusCode}", default);
                await using Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                byte[]? body = await CappedBody.ReadAsync(stream, response.Content.Headers.ContentLength, MaxBytes, timeout.Token);
                if (body is null)
                    return (null, $"the client metadata document at {url} is larger than {MaxBytes} bytes", default);
                (OAuthClient? client, string? error) = Parse(url, body);
                return (client, error, Freshness(response.Headers.CacheControl));
            }

            return (null, $"the client metadata document at {url} redirects more than {MaxRedirects} times", default);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"the client metadata document at {url} could not be fetched: {(ex is OperationCanceledException ? "it took too long" : ex.Message)}", default);
        }
    }

    private (OAuthClient? Client, string? Error) Parse(string url, byte[] body)
    {
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is null)
            return (null, $"the client metadata document at {url} is not a JSON object");
        if (Text(document, "client_id") != url)
            return (null, $"the client metadata document at {url} names a different client_id");
        if (Text(document, "token_endpoint_auth_method") is { } method && method != "none")
            return (null, $"the client metadata document at {url} asks for '{method}'; documents describe public clients ('none')");
        if (document["redirect_uris"] is not JsonArray uris || uris.Count is 0 or > 10 || uris.Any(u => u?.GetValueKind() != JsonValueKind.String))
            return (null, $"the client metadata document at {url} needs redirect_uris: 1 to 10 URIs");
        string[] redirectUris = [.. uris.Select(u => u!.GetValue<string>())];
        if (redirectUris.Select(redirects.Check).FirstOrDefault(e => e is not null) is { } refused)
            return (null, refused);

        string name = Text(document, "client_name") is { Length: > 0 and <= 200 } given ? given : new Uri(url).Host;
        string? clientUri = Text(document, "client_uri") is { Length: <= 2000 } home && home.StartsWith("https://", StringComparison.Ordinal) ? home : null;
        return (new OAuthClient(url, ClientKind.MetadataDocument, name, redirectUris, clientUri, SecretHash: null, OrganizationId: null, time.GetUtcNow()), null);
    }

    private static string? Text(JsonObject document, string name) =>
        document[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static TimeSpan Freshness(CacheControlHeaderValue? cacheControl)
    {
        TimeSpan maxAge = cacheControl?.NoStore == true || cacheControl?.NoCache == true ? TimeSpan.Zero : cacheControl?.MaxAge ?? s_minFresh;
        return maxAge < s_minFresh ? s_minFresh : maxAge > s_maxFresh ? s_maxFresh : maxAge;
    }
}
