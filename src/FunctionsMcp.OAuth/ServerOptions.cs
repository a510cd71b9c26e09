using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth;

/// <summary>
/// The public face of the server (configuration section <c>Server</c>). Behind the Functions proxy the
/// request's Host header is 127.0.0.1, so every public URL (issuer, resource, metadata) is built from here.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary><c>Server:BaseUrl</c>: the public URL, e.g. <c>https://func-abc.azurewebsites.net</c>; locally <c>http://localhost:7071</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The validated base URL without a trailing slash.</summary>
    public Uri PublicBaseUri => new(BaseUrl!.TrimEnd('/'));

    /// <summary>The base URL as a string without a trailing slash: the OAuth issuer, identical everywhere.</summary>
    public string Issuer => BaseUrl!.TrimEnd('/');

    /// <summary>The MCP endpoint URL: the protected resource (RFC 9728 <c>resource</c>), no trailing slash.</summary>
    public string McpResource => Issuer + "/mcp";
}

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            return ValidateOptionsResult.Fail(
                "Server:BaseUrl is not set: set it to the app's public URL, such as https://<app>.azurewebsites.net (http://localhost:7071 locally).");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return ValidateOptionsResult.Fail(
                $"Server:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL: use the full public URL, such as https://<app>.azurewebsites.net.");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return ValidateOptionsResult.Fail($"Server:BaseUrl '{options.BaseUrl}' must not have a query or fragment.");

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return ValidateOptionsResult.Fail($"Server:BaseUrl '{options.BaseUrl}' must use https unless it is a loopback address.");

        return ValidateOptionsResult.Success;
    }
}

public static class ServerOptionsExtensions
{
    public static IServiceCollection AddServerOptions(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        return services;
    }
}
