using System.ComponentModel;
using FunctionsMcp.OAuth.Identity;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>Tools about the caller itself.</summary>
internal sealed class IdentityTools(McpCallContext call)
{
    /// <summary>What <c>whoami</c> returns.</summary>
    public sealed record WhoAmIResult(
        [property: Description("The organization every call acts in.")] string OrganizationId,
        [property: Description("The staff member the credential belongs to.")] string UserId,
        [property: Description("Their role: SupportWorker, Coordinator or Admin.")] string Role,
        [property: Description("The data scopes this connection may use right now.")] IReadOnlyList<string> Scopes,
        [property: Description("How the caller signed in: AccessKey or OAuthToken.")] string Credential);

    [McpServerTool(Name = "whoami", Title = "Who am I", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows which organization and staff member this connection acts for, their role, and the data scopes it may use. Call it when unsure why a tool is missing or refused.")]
    public WhoAmIResult WhoAmI()
    {
        McpPrincipal principal = call.Principal;
        return new WhoAmIResult(principal.OrganizationId, principal.UserId, principal.Role.ToString(), principal.Scopes, principal.Credential.ToString());
    }
}
