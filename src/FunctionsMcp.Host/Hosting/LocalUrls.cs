namespace FunctionsMcp.Host.Hosting;

/// <summary>
/// Where the local host listens: <c>http://localhost:7071</c>, the address <c>func start</c> uses, so a local run and
/// Functions Core Tools give the same URLs; an explicit <c>urls</c> / <c>ASPNETCORE_URLS</c> setting wins.
/// </summary>
internal static class LocalUrls
{
    public const string Default = "http://localhost:7071";

    public static WebApplicationBuilder UseLocalUrls(this WebApplicationBuilder builder)
    {
        if (Select(builder.Configuration) is { } urls)
            builder.WebHost.UseUrls(urls);
        return builder;
    }

    /// <summary>The URLs to listen on, or null to keep an explicit <c>urls</c> / <c>ASPNETCORE_URLS</c> setting.</summary>
    public static string? Select(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) ? Default : null;
}
