using Azure.Core;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Pipeline options for the table clients: retries with exponential backoff for throttling
/// (408/429/500/502/503/504, Azure.Core's default classifier) and a per-request timeout.
/// </summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>Creates options with the defaults: 3 retries from 0.8 s up to 30 s, 30 s per request.</summary>
    public TableClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromSeconds(0.8);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        RequestTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>How long one try may wait for the service before it counts as timed out.</summary>
    public TimeSpan RequestTimeout
    {
        get => Retry.NetworkTimeout;
        set => Retry.NetworkTimeout = value;
    }

    /// <summary>The clock used to date signed requests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
