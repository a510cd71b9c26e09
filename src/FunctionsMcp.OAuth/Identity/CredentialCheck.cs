namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// The outcome of checking a bearer credential: a principal, or a reason safe to show the caller
/// (it never says whether a key id exists in another organization, only that the credential is not valid).
/// </summary>
public sealed record CredentialCheck(McpPrincipal? Principal, string? Failure)
{
    public static CredentialCheck Accepted(McpPrincipal principal) => new(principal, null);

    public static CredentialCheck Refused(string reason) => new(null, reason);

    public bool Succeeded => Principal is not null;
}

/// <summary>One kind of bearer credential (access keys, our JWTs).</summary>
public interface ICredentialAuthenticator
{
    /// <summary>True when the token has this authenticator's shape.</summary>
    bool CanAuthenticate(string token);

    Task<CredentialCheck> AuthenticateAsync(string token, CancellationToken cancellationToken);
}
