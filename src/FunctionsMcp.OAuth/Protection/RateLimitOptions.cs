using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>Request limits for <c>/mcp</c> (configuration section <c>RateLimits</c>); organizations may override both.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The largest per-credential limit, in requests a minute, a setting or an organization's override may give.</summary>
    public const int MaxPerCredential = 100_000;

    /// <summary>The largest organization-wide limit, in requests a minute, a setting or an organization's override may give.</summary>
    public const int MaxPerOrganization = 1_000_000;

    /// <summary><c>RateLimits:Enabled</c>: off only for benchmarks and trusted test rigs (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>RateLimits:RequestsPerMinutePerCredential</c>: per access key or OAuth grant (default 60).</summary>
    public int RequestsPerMinutePerCredential { get; set; } = 60;

    /// <summary><c>RateLimits:RequestsPerMinutePerOrganization</c>: for all of an organization's credentials together (default 600).</summary>
    public int RequestsPerMinutePerOrganization { get; set; } = 600;
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.RequestsPerMinutePerCredential is < 1 or > RateLimitOptions.MaxPerCredential)
            failures.Add($"RateLimits:RequestsPerMinutePerCredential {options.RequestsPerMinutePerCredential} must be between 1 and {RateLimitOptions.MaxPerCredential}.");
        if (options.RequestsPerMinutePerOrganization is < 1 or > RateLimitOptions.MaxPerOrganization)
            failures.Add($"RateLimits:RequestsPerMinutePerOrganization {options.RequestsPerMinutePerOrganization} must be between 1 and {RateLimitOptions.MaxPerOrganization}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
