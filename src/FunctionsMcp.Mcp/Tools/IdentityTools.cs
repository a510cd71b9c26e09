using System.ComponentModel;
using FunctionsMcp.OAuth.Identity;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>Tools about the caller itself.</summary>
internal sealed class IdentityTools(McpCallContext call)
{
    /// <summary>How the caller signed in, as whoami names it (snake_case on the wire: access_key, oauth_token).</summary>
    public enum CredentialName
    {
        AccessKey,
        OauthToken,
    }

    /// <summary>What <c>whoami</c> returns (snake_case on the wire, like every tool's result).</summary>
    public sealed record WhoAmIResult(string OrganizationId, string UserId, Role Role, IReadOnlyList<string> Scopes, CredentialName Credential);

    [McpServerTool(Name = "whoami", Title = "Who am I", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the organization, staff member, role and scopes this connection acts with. Call it when a tool is missing or refused.")]
    public WhoAmIResult WhoAmI()
    {
        McpPrincipal principal = call.Principal;
        return new WhoAmIResult(principal.OrganizationId, principal.UserId, principal.Role, principal.Scopes,
            principal.Credential == CredentialKind.AccessKey ? CredentialName.AccessKey : CredentialName.OauthToken);
    }
}
