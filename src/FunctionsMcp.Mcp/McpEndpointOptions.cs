using Microsoft.Extensions.Options;

namespace FunctionsMcp.Mcp;

/// <summary>Which faces of the data models <c>tools/list</c> shows.</summary>
public enum ToolProfile
{
    /// <summary>Typed tools (list_participants, …) and the generic ones (discover_models, get_model_schema, perform_operation).</summary>
    Both,

    /// <summary>Only the typed tools.</summary>
    Typed,

    /// <summary>Only the generic tools: fewest tool definitions in the model's context.</summary>
    Generic,
}

/// <summary>The <c>/mcp</c> endpoint (configuration section <c>Mcp</c>).</summary>
public sealed class McpEndpointOptions
{
    public const string Section = "Mcp";

    /// <summary><c>Mcp:AllowedOrigins</c>: browser origins, besides our own, that may call <c>/mcp</c> (comma-separated in app settings).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary><c>Mcp:MaxRequestBytes</c>: the largest request body accepted (default 1 MiB); larger gets 413.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary><c>Mcp:ToolProfile</c>: Both (default), Typed or Generic.</summary>
    public ToolProfile ToolProfile { get; set; } = ToolProfile.Both;

    /// <summary><c>Mcp:StreamResponses</c>: answer requests as SSE streams (with progress) instead of single JSON bodies.</summary>
    public bool StreamResponses { get; set; }
}

internal sealed class McpEndpointOptionsValidator : IValidateOptions<McpEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, McpEndpointOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBytes is < 1024 or > 16 * 1024 * 1024)
            failures.Add($"Mcp:MaxRequestBytes {options.MaxRequestBytes} must be between 1024 and 16777216.");
        foreach (string origin in options.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
                failures.Add($"Mcp:AllowedOrigins entry '{origin}' must be an origin such as https://app.example.org (scheme, host and port only).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
