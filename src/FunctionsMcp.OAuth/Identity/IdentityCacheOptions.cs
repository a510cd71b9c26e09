using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// How long a <c>/mcp</c> credential check may reuse a user or organization row it read (configuration section
/// <c>IdentityCache</c>), and how many it holds. This is the bound within which disabling a user, changing a role, suspending
/// an organization or changing its limits applies on every instance; revoking a key or disconnecting an app is not cached
/// (the key or grant row is read on every request).
/// </summary>
public sealed class IdentityCacheOptions
{
    public const string Section = "IdentityCache";

    /// <summary>The longest <see cref="Seconds"/> allowed: beyond a minute a disabled user keeps working too long.</summary>
    public const int MaxSeconds = 60;

    /// <summary>The most <see cref="MaxEntries"/> allowed.</summary>
    public const int MaxMaxEntries = 1_000_000;

    /// <summary>
    /// <c>IdentityCache:Seconds</c>: how long a user or organization row read for a <c>/mcp</c> request is reused (default 5,
    /// 0 to 60; 0 reads both rows on every request).
    /// </summary>
    public int Seconds { get; set; } = 5;

    /// <summary><c>IdentityCache:MaxEntries</c>: the most users, and separately the most organizations, held at once (default 10,000).</summary>
    public int MaxEntries { get; set; } = 10_000;
}

internal sealed class IdentityCacheOptionsValidator : IValidateOptions<IdentityCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityCacheOptions options)
    {
        var failures = new List<string>();
        if (options.Seconds is < 0 or > IdentityCacheOptions.MaxSeconds)
            failures.Add($"IdentityCache:Seconds {options.Seconds} must be between 0 and {IdentityCacheOptions.MaxSeconds}: it is how long a change to a user "
                + "or an organization may take to apply at /mcp (0 reads them on every request).");
        if (options.MaxEntries is < 1 or > IdentityCacheOptions.MaxMaxEntries)
            failures.Add($"IdentityCache:MaxEntries {options.MaxEntries} must be between 1 and {IdentityCacheOptions.MaxMaxEntries}: "
                + "it is how many users (and how many organizations) one instance keeps.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
