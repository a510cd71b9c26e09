using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// A loopback reverse proxy in front of Azurite's table endpoint that counts the requests passing through. Each app
/// under test gets its own proxy in its connection string, so storage work is counted per process without touching
/// the app. Forwarding verbatim keeps Shared Key signatures valid: they cover the account and path, not the host.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    // Per connection, not end to end: the proxy must not pass these on (RFC 9110 §7.6.1).
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private long _requests;

    private CountingProxy(WebApplication app, HttpClient upstream, Uri target)
    {
        _app = app;
        _upstream = upstream;
        _target = target;
    }

    /// <summary>Requests forwarded so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The requests forwarded so far, by verb and table (a transaction's table read from its body).</summary>
    public StorageTally Tally { get; } = new();

    public int Port { get; private set; }

    /// <summary>A development-account connection string whose table endpoint is this proxy.</summary>
    public string ConnectionString => LocalDev.AzuriteProcess.ConnectionStringFor(Port);

    /// <summary>Starts a proxy on a free 127.0.0.1 port forwarding to <paramref name="target"/> (scheme, host and port are used).</summary>
    public static async Task<CountingProxy> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var proxy = new CountingProxy(app, upstream, target);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync(cancellationToken);
        proxy.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        // The raw target, not the decoded path: entity keys are percent-encoded and must reach Azurite as they were signed.
        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, rawTarget));
        StorageKind kind = StorageTally.Classify(context.Request.Method, rawTarget);
        int operations = 1;
        if (kind.Verb is StorageKind.Batch or StorageKind.Create)
        {
            // A transaction or a table creation names its table only in its body: read it (a few KB), then forward the same bytes.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            string body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            string table;
            if (kind.Verb == StorageKind.Batch)
                (table, operations) = StorageTally.ReadBatch(body);
            else
                table = StorageTally.ReadCreatedTable(body);
            kind = kind with { Table = table };
            request.Content = new ByteArrayContent(buffer.ToArray());
        }
        // Any content header means a body (possibly empty) whose headers, such as a signed Content-Type, must arrive as sent.
        else if (context.Request.ContentLength is not null || context.Request.ContentType is not null || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        Tally.Add(kind, operations);
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in context.Request.Headers)
        {
            if (!s_hopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        using HttpResponseMessage response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_hopByHop.Contains(name))
                context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// Waits until none of <paramref name="proxies"/> has forwarded a request for <paramref name="quiet"/> (half a second
    /// unless told; ten seconds at most in all): work an app leaves for later, such as a queued audit entry, is then
    /// counted with the calls that caused it.
    /// </summary>
    public static async Task SettleAsync(IReadOnlyList<CountingProxy> proxies, CancellationToken cancellationToken, TimeSpan? quiet = null)
    {
        TimeSpan quietFor = quiet ?? TimeSpan.FromMilliseconds(500);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        long seen = proxies.Sum(p => p.Requests);
        DateTime quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow - quietSince < quietFor)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            long now = proxies.Sum(p => p.Requests);
            if (now != seen)
                (seen, quietSince) = (now, DateTime.UtcNow);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
