using System.Diagnostics;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>What the endpoint learns about one request as it goes, for the audit trail. Never arguments or results.</summary>
internal sealed class McpRequestRecord(long startTimestamp)
{
    public long StartTimestamp { get; } = startTimestamp;

    public McpPrincipal? Principal { get; set; }

    /// <summary>The JSON-RPC method, cut to <see cref="AuditEntry.MaxTextLength"/>: it is the client's text, and is logged and queued.</summary>
    public string? Method { get; set => field = BoundedText.CutOrNull(value, AuditEntry.MaxTextLength); }

    /// <summary>The tool called, cut like <see cref="Method"/>.</summary>
    public string? Tool { get; set => field = BoundedText.CutOrNull(value, AuditEntry.MaxTextLength); }

    public string Outcome { get; set; } = "ok";

    public int Status { get; set; }

    /// <summary>The access check that refused the request (401/403/429), if one did: <see cref="McpRejection.Refusal"/>.</summary>
    public string? Refusal { get; set; }

    /// <summary>True once a batch has handed each of its items to the recorder as a request of its own.</summary>
    public bool RecordedPerItem { get; set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartTimestamp);
}

/// <summary>Hands finished requests to whatever records them (the audit log, the metrics); never blocks the response.</summary>
internal sealed class McpRequestRecorder(IEnumerable<IMcpRequestObserver> observers)
{
    public void Complete(McpRequestRecord record)
    {
        foreach (IMcpRequestObserver observer in observers)
            observer.OnCompleted(record);
    }
}

/// <summary>Told about every finished request.</summary>
internal interface IMcpRequestObserver
{
    void OnCompleted(McpRequestRecord record);
}
