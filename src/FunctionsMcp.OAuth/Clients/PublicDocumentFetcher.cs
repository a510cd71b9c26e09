using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Http;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Fetches the JSON documents a client points us at (its Client ID Metadata Document, its JWKS) with SSRF protection:
/// https only, on port 443; every address the host resolves to must be public (checked when connecting, so a DNS
/// answer cannot change between check and use); at most 3 redirects, each checked the same way; 5 seconds and 16 KiB
/// at most. What a caller accepts is cached per the response's <c>Cache-Control</c> (5 minutes to a day) and used for
/// up to a day more when the host cannot be reached or answers with something else.
/// </summary>
public sealed class PublicDocumentFetcher(HttpClient http, TimeProvider time)
{
    public const int MaxBytes = 16 * 1024;
    private const int MaxRedirects = 3;
    private static readonly TimeSpan s_minFresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_maxFresh = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<(Type, string), (object Value, DateTimeOffset FetchedAt, DateTimeOffset FreshUntil, DateTimeOffset StaleUntil)> _cache = new();

    /// <summary>Tests serve documents from a loopback port; in the app the port is always 443.</summary>
    internal bool AllowAnyPort { get; init; }

    /// <summary>
    /// The document at <paramref name="url"/> as <paramref name="read"/> accepts it, or why there is none.
    /// <paramref name="what"/> names the document in errors ("the client metadata document"). With
    /// <paramref name="refetchAfter"/>, a fresh cached copy older than that is fetched again (a JWKS missing a new key).
    /// </summary>
    public async Task<(T? Value, string? Error)> GetAsync<T>(
        string url, string what, Func<JsonObject, (T? Value, string? Error)> read, CancellationToken cancellationToken, TimeSpan? refetchAfter = null)
        where T : class
    {
        DateTimeOffset now = time.GetUtcNow();
        var key = (typeof(T), url);
        bool cached = _cache.TryGetValue(key, out var entry);
        if (cached && now < entry.FreshUntil && (refetchAfter is null || now - entry.FetchedAt < refetchAfter))
            return ((T)entry.Value, null);

        (JsonObject? document, string? error, TimeSpan fresh) = await FetchAsync(url, what, cancellationToken);
        if (document is not null)
        {
            (T? value, error) = read(document);
            if (value is not null)
            {
                _cache[key] = (value, now, now + fresh, now + fresh + s_maxFresh);
                return (value, null);
            }
        }

        return cached && now < entry.StaleUntil ? ((T)entry.Value, null) : (null, error);
    }

    /// <summary>The handler fetches go through: connections only to addresses <paramref name="allowed"/> accepts.</summary>
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

    private async Task<(JsonObject? Document, string? Error, TimeSpan Fresh)> FetchAsync(string url, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        Uri next = new(url);
        try
        {
            for (int hop = 0; hop <= MaxRedirects; hop++)
            {
                if (next.Scheme != Uri.UriSchemeHttps || (next.Port != 443 && !AllowAnyPort) || !string.IsNullOrEmpty(next.UserInfo))
                    return (null, $"{what} must be served over https on port 443 ({next.GetLeftPart(UriPartial.Path)} is not)", default);
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    next = new Uri(next, location);
                    continue;
                }

                if (BotCheck.Describe(response) is { } challenge)
                    return (null, $"{what} at {url} could not be read: {challenge}", default);
                if (!response.IsSuccessStatusCode)
                    return (null, $"{what} at {url} gave HTTP {(int)response.StatusCode}", default);
                await using Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                byte[]? body = await CappedBody.ReadAsync(stream, response.Content.Headers.ContentLength, MaxBytes, timeout.Token);
                if (body is null)
                    return (null, $"{what} at {url} is larger than {MaxBytes} bytes", default);
                if (Parse(body) is not { } document)
                    return (null, $"{what} at {url} is not a JSON object{BotCheck.DescribeBody(body)}", default);
                return (document, null, Freshness(response.Headers.CacheControl));
            }

            return (null, $"{what} at {url} redirects more than {MaxRedirects} times", default);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{what} at {url} could not be fetched: {(ex is OperationCanceledException ? "it took too long" : ex.Message)}", default);
        }
    }

    private static JsonObject? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan Freshness(CacheControlHeaderValue? cacheControl)
    {
        TimeSpan maxAge = cacheControl?.NoStore == true || cacheControl?.NoCache == true ? TimeSpan.Zero : cacheControl?.MaxAge ?? s_minFresh;
        return maxAge < s_minFresh ? s_minFresh : maxAge > s_maxFresh ? s_maxFresh : maxAge;
    }
}
