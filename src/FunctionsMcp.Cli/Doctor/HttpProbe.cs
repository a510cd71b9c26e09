using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// Plain HTTP as an MCP client does it, with what a diagnosis needs around it: a time limit per request, a cap on the
/// body, the TLS certificate seen, and redirects followed only within the origin and only to name where they lead
/// (a loop is reported, never followed forever). A request that gets no answer is a <see cref="Finding"/>, not an
/// exception. We use HttpClient rather than the MCP SDK's client because a diagnosis needs every status, header and
/// body as sent, including the ones a client library would turn into a generic error.
/// </summary>
internal sealed class HttpProbe : IDisposable
{
    /// <summary>What one exchange read before the response was disposed.</summary>
    private sealed record Exchange(int Status, string? MediaType, string Body, string? WwwAuthenticate, Uri? Location, DateTimeOffset? Date);

    public const int MaxRedirects = 5;
    public const int MaxBodyBytes = 1 << 20;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public HttpProbe(Uri home, TimeSpan timeout, TimeProvider time)
    {
        (Home, Timeout, _time) = (home, timeout, time);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            AutomaticDecompression = DecompressionMethods.All,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = Remember;
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("fmcp-doctor", "1.0"));
    }

    /// <summary>The origin being checked: URLs on it are shown as paths.</summary>
    public Uri Home { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The last server certificate seen: its subject, its expiry, and whether this machine trusts it for the host.</summary>
    public (string Subject, DateTime NotAfter, SslPolicyErrors Errors)? LastCertificate { get; private set; }

    /// <summary>A URL for a sentence: the path when it is on the origin being checked, else the whole URL.</summary>
    public string Show(Uri url) => SameOrigin(url, Home) ? url.PathAndQuery : url.AbsoluteUri;

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>
    /// Sends a request (made again for each same-origin redirect, with the same method and body) and reads the answer,
    /// or says why there was none.
    /// </summary>
    public async Task<(HttpAnswer? Answer, Finding? Failure)> SendAsync(
        HttpMethod method, Uri url, Func<HttpContent?>? content = null, Action<HttpRequestHeaders>? headers = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        var hops = new List<Uri>();
        Uri current = url;
        while (true)
        {
            using var request = new HttpRequestMessage(method, current) { Content = content?.Invoke() };
            headers?.Invoke(request.Headers);
            (Exchange? got, Finding? failure) = await ExchangeAsync(request, cancellationToken);
            if (got is null)
                return (null, failure);

            Uri? location = got.Location is { } l ? new Uri(current, l) : null;
            bool follow = got.Status is >= 300 and < 400 && location is not null && SameOrigin(location, url) && hops.Count < MaxRedirects;
            bool loop = follow && (location == url || hops.Contains(location!));
            if (follow)
                hops.Add(location!);
            if (follow && !loop)
            {
                current = location!;
                continue;
            }

            return (new HttpAnswer(url, current, got.Status, got.MediaType, got.Body, got.WwwAuthenticate, location, got.Date, hops, loop,
                (long)_time.GetElapsedTime(started).TotalMilliseconds), null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>One request and its whole answer, read within the time limit; the response is disposed here.</summary>
    private async Task<(Exchange? Got, Finding? Failure)> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri url = request.RequestUri!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            string body = await ReadCappedAsync(response, limit.Token);
            return (new Exchange(
                (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                response.Headers.WwwAuthenticate.Count == 0 ? null : response.Headers.WwwAuthenticate.ToString(),
                response.Headers.Location, response.Headers.Date), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new Finding(
                $"no answer from {Origin(url)} within {Timeout.TotalSeconds:0} s",
                "Check that the app is running and reachable from this machine (firewall, private endpoint); a cold start can be slow: retry, or raise --timeout."));
        }
        catch (HttpRequestException ex)
        {
            return (null, Unanswered(url, ex));
        }
        catch (IOException ex)
        {
            return (null, new Finding($"{Origin(url)} broke off its answer ({ex.Message.TrimEnd('.')})", "Retry; if it keeps happening, look at what sits between this machine and the app."));
        }
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < MaxBodyBytes && (read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            buffer.Write(chunk, 0, (int)Math.Min(read, MaxBodyBytes - buffer.Length));
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private Finding Unanswered(Uri url, HttpRequestException ex)
    {
        string origin = Origin(url);
        string reason = Innermost(ex).Message.TrimEnd('.');
        // Our callback refused the certificate, so the exception only says that: say why it was refused instead.
        if (LastCertificate is { Errors: not SslPolicyErrors.None } refused)
            reason = $"its certificate for {refused.Subject} {Refusal(refused.Errors, url.Host)}";
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new Finding(
                $"could not resolve {url.Host} ({reason})",
                "Check the host name: a deployment's MCP URL is the MCP_ENDPOINT value 'azd env get-values' prints."),
            HttpRequestError.SecureConnectionError => new Finding(
                $"TLS with {url.Host} failed: {reason}",
                $"Serve {url.Host} with a certificate that names it and that this machine trusts, or use the app's own https://<app>.azurewebsites.net address."),
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => new Finding(
                $"{origin} did not answer in HTTP ({reason})",
                "Check the scheme and port: http:// to an https port (or the reverse) gets no HTTP answer."),
            HttpRequestError.ConnectionError when Innermost(ex) is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new Finding(
                $"nothing answered at {origin} (connection refused)",
                IPAddress.TryParse(url.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip) || url.IsLoopback
                    ? "Start the app (dotnet run --project src/FunctionsMcp.Host) or check the port in the URL."
                    : "Check the host and port in the URL and that the app is running."),
            _ => new Finding($"nothing answered at {origin} ({reason})", "Check the URL and the network between this machine and the app."),
        };
    }

    private static string Refusal(SslPolicyErrors errors, string host) =>
        errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"does not name {host}"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? "is not trusted by this machine (self-signed, expired, or from an unknown authority)"
            : "is missing";

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }

    private bool Remember(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is X509Certificate2 seen)
            LastCertificate = (seen.GetNameInfo(X509NameType.SimpleName, forIssuer: false), seen.NotAfter.ToUniversalTime(), errors);
        return errors == SslPolicyErrors.None;
    }
}
