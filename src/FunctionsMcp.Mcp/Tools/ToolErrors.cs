using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>Tool execution errors: a result with <c>isError</c> whose one text block tells the model what to do next.</summary>
internal static class ToolErrors
{
    public static CallToolResult Result(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };
}
