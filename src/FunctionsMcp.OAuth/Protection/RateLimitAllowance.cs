namespace FunctionsMcp.OAuth.Protection;

/// <summary>
/// What this instance holds of one organization's current window: requests claimed from the shared counters and not
/// yet used, for the organization and each of its credentials. Every field is guarded by <see cref="Lock"/>.
/// </summary>
internal sealed class RateLimitAllowance
{
    /// <summary>Guards everything below; never held across an await.</summary>
    public Lock Lock { get; } = new();

    /// <summary>The window the shares below belong to.</summary>
    public long Window { get; private set; } = long.MinValue;

    /// <summary>The organization's share, used by all its credentials on this instance.</summary>
    public RateLimitShare Organization { get; private set; } = new();

    /// <summary>Each credential's share.</summary>
    public Dictionary<string, RateLimitShare> Credentials { get; } = new(StringComparer.Ordinal);

    /// <summary>The one claim in flight for this organization (single flight), or null.</summary>
    public Task? Claim { get; set; }

    /// <summary>Moves to <paramref name="window"/> when it is later: what was held of the ended window is worth nothing now.</summary>
    public void Enter(long window)
    {
        if (window <= Window)
            return;
        Window = window;
        Organization = new RateLimitShare();
        Credentials.Clear();
    }

    public RateLimitShare Credential(string credentialId)
    {
        if (!Credentials.TryGetValue(credentialId, out RateLimitShare? share))
            Credentials[credentialId] = share = new RateLimitShare();
        return share;
    }

    /// <summary>Takes what a claim granted for <paramref name="window"/> (ignored once the window has moved on).</summary>
    public void Apply(long window, string credentialId, RateLimitGrant grant, DateTimeOffset now)
    {
        if (window != Window)
            return;
        RateLimitShare credential = Credential(credentialId);
        credential.Apply(grant.Credential, grant.CredentialCount, grant.RefusedBy == RateLimitScope.Credential, now);
        Organization.Apply(grant.Organization, grant.OrganizationCount, grant.RefusedBy == RateLimitScope.Organization, now);
    }

    /// <summary>Takes every unused request out of this instance's hands, to give back to the shared counters.</summary>
    public (long Window, int Organization, Dictionary<string, int> Credentials) TakeUnused()
    {
        var credentials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string id, RateLimitShare share) in Credentials)
        {
            if (share.Units > 0)
                credentials[id] = share.TakeAll();
        }

        return (Window, Organization.TakeAll(), credentials);
    }
}

/// <summary>One counter's share on this instance.</summary>
internal sealed class RateLimitShare
{
    /// <summary>Requests claimed and not yet used.</summary>
    public int Units { get; set; }

    /// <summary>The shared count the last claim saw: what every instance has claimed in this window.</summary>
    public int Shared { get; private set; }

    /// <summary>When the shared counter last had nothing left to give, or null.</summary>
    public DateTimeOffset? ExhaustedAt { get; private set; }

    /// <summary>Requests still possible as this instance sees them: what nobody has claimed plus what it holds.</summary>
    public int Remaining(int limit) => Math.Max(0, limit - Shared + Units);

    /// <summary>True when the shared counter said no less than <paramref name="recheck"/> ago.</summary>
    public bool ExhaustedSince(DateTimeOffset now, TimeSpan recheck) => ExhaustedAt is { } at && now - at < recheck;

    public void Apply(int granted, int sharedCount, bool refused, DateTimeOffset now)
    {
        Units += granted;
        Shared = sharedCount;
        if (refused)
            ExhaustedAt = now;
        else if (granted > 0)
            ExhaustedAt = null;
    }

    public int TakeAll()
    {
        int units = Units;
        Units = 0;
        Shared -= units;
        return units;
    }
}

/// <summary>Which limit refused a request (the words <c>RateLimit</c> headers and refusals use).</summary>
public static class RateLimitScope
{
    public const string Credential = "credential";
    public const string Organization = "organization";
}
