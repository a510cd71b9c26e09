using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>Who may register as an OAuth client, and for how long an unused registration lasts (configuration section <c>OAuthClients</c>).</summary>
public sealed class OAuthClientOptions
{
    public const string Section = "OAuthClients";

    /// <summary><c>OAuthClients:RedirectHostsAllowed</c>: when set, the only https redirect hosts allowed (<c>*.example.org</c> for subdomains); loopback and the Claude and ChatGPT callbacks stay allowed.</summary>
    public string[] RedirectHostsAllowed { get; set; } = [];

    /// <summary><c>OAuthClients:RedirectHostsDenied</c>: redirect hosts refused outright (<c>*.example.org</c> for subdomains).</summary>
    public string[] RedirectHostsDenied { get; set; } = [];

    /// <summary><c>OAuthClients:DynamicRegistration</c>: whether clients may register themselves (RFC 7591; default true).</summary>
    public bool DynamicRegistration { get; set; } = true;

    /// <summary><c>OAuthClients:UnusedRegistrationLifetime</c>: how long a dynamic registration no user has allowed stays valid (default 1.00:00:00).</summary>
    public TimeSpan UnusedRegistrationLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary><c>OAuthClients:MetadataDocuments</c>: whether an https URL may be a <c>client_id</c> (Client ID Metadata Documents; default true).</summary>
    public bool MetadataDocuments { get; set; } = true;
}

internal sealed class OAuthClientOptionsValidator : IValidateOptions<OAuthClientOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthClientOptions options)
    {
        var failures = new List<string>();
        foreach (string host in options.RedirectHostsAllowed.Concat(options.RedirectHostsDenied))
        {
            string bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(bare) is UriHostNameType.Unknown or UriHostNameType.Basic)
                failures.Add($"OAuthClients redirect host '{host}' is not a host name (use e.g. app.example.org or *.example.org).");
        }

        if (options.UnusedRegistrationLifetime < TimeSpan.FromMinutes(10) || options.UnusedRegistrationLifetime > TimeSpan.FromDays(30))
            failures.Add($"OAuthClients:UnusedRegistrationLifetime {options.UnusedRegistrationLifetime} must be between 00:10:00 and 30.00:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
