using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.Clients;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Tests.Common;

/// <summary>
/// A real https server on a loopback port with a self-signed certificate, standing in for the hosts that publish
/// client metadata documents and key sets. <see cref="Fetcher"/> builds a fetcher that trusts exactly this
/// certificate and lets loopback through (the app's own fetcher never does).
/// </summary>
public sealed class HttpsDocumentHost : IAsyncDisposable
{
    private readonly Dictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly string _thumbprint;
    private int _requests;

    private HttpsDocumentHost(WebApplication app, int port, string thumbprint)
    {
        _app = app;
        Port = port;
        _thumbprint = thumbprint;
    }

    public int Port { get; }

    /// <summary>How many requests reached the host.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => $"https://localhost:{Port}{path}";

    public static async Task<HttpsDocumentHost> StartAsync(CancellationToken cancellationToken)
    {
        int port = AzuriteProcess.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null))));
        var host = new HttpsDocumentHost(builder.Build(), port, certificate.GetCertHashString());
        host._app.Run(host.HandleAsync);
        await host._app.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Answers <paramref name="path"/> with <paramref name="handler"/> from now on.</summary>
    public void Route(string path, Func<HttpContext, Task> handler)
    {
        lock (_routes)
            _routes[path] = handler;
    }

    /// <summary>Serves <paramref name="json"/> at <paramref name="path"/>.</summary>
    public void Serve(string path, string json, string? cacheControl = null) => Route(path, async context =>
    {
        context.Response.ContentType = "application/json";
        if (cacheControl is not null)
            context.Response.Headers.CacheControl = cacheControl;
        await context.Response.WriteAsync(json);
    });

    /// <summary>Stops answering <paramref name="path"/> (404 from then on).</summary>
    public void Remove(string path)
    {
        lock (_routes)
            _routes.Remove(path);
    }

    /// <summary>A fetcher that trusts this host's certificate, connects only where <paramref name="allowed"/> says, and accepts any port.</summary>
    public PublicDocumentFetcher Fetcher(TimeProvider time, Func<IPAddress, bool>? allowed = null)
    {
        SocketsHttpHandler handler = PublicDocumentFetcher.Handler(allowed ?? (_ => true));
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _thumbprint;
        return new PublicDocumentFetcher(new HttpClient(handler), time) { AllowAnyPort = true };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Func<HttpContext, Task>? handler;
        lock (_routes)
            _routes.TryGetValue(context.Request.Path, out handler);
        if (handler is not null)
            return handler(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
