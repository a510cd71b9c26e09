using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Protection;

/// <summary>Request limits for <c>/mcp</c> (configuration section <c>RateLimits</c>); organizations may override both.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

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
        if (options.RequestsPerMinutePerCredential is < 1 or > 100_000)
            failures.Add($"RateLimits:RequestsPerMinutePerCredential {options.RequestsPerMinutePerCredential} must be between 1 and 100000.");
        if (options.RequestsPerMinutePerOrganization is < 1 or > 1_000_000)
            failures.Add($"RateLimits:RequestsPerMinutePerOrganization {options.RequestsPerMinutePerOrganization} must be between 1 and 1000000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
