using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FunctionsMcp.Mcp.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer …</c> and asks each credential kind (access keys, our tokens) whether it
/// recognises the token. The principal it yields is the request's only source of tenancy.
/// </summary>
internal sealed class BearerAuthentication(IEnumerable<ICredentialAuthenticator> authenticators)
{
    /// <summary>The principal, or null with the reason (null reason: no credential was sent at all).</summary>
    public async Task<(McpPrincipal? Principal, string? Failure)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? header = request.Headers[HeaderNames.Authorization];
        if (string.IsNullOrEmpty(header))
            return (null, null);
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return (null, "Use 'Authorization: Bearer <token>'.");

        string token = header[7..].Trim();
        foreach (ICredentialAuthenticator authenticator in authenticators)
        {
            if (!authenticator.CanAuthenticate(token))
                continue;
            CredentialCheck check = await authenticator.AuthenticateAsync(token, cancellationToken);
            return (check.Principal, check.Failure);
        }

        return (null, "The bearer token is not one this server issued.");
    }
}
