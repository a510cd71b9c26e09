namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// The scopes a tool needs, declared beside it. <c>tools/list</c> hides a tool whose scopes the caller lacks,
/// and calling it anyway answers HTTP 403 with an <c>insufficient_scope</c> challenge.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresScopeAttribute(params string[] scopes) : Attribute
{
    public IReadOnlyList<string> Scopes { get; } = scopes;
}
