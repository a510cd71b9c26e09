using Microsoft.IdentityModel.JsonWebTokens;

namespace FunctionsMcp.OAuth.Authorization.Entra;

/// <summary>Why an ID token from Entra was refused.</summary>
internal enum IdTokenRefusal
{
    /// <summary>Not a JWT at all.</summary>
    Unreadable,

    /// <summary>Signature, issuer, signing-key issuer or audience failed.</summary>
    Invalid,

    /// <summary>Outside its lifetime (with two minutes' skew).</summary>
    Expired,

    /// <summary>A v1.0 issuer: our sign-in only ever asks Entra's v2.0 endpoints.</summary>
    NotV2,

    /// <summary>Its tenant is not one of <c>Entra:TenantId</c> / <c>Entra:AllowedTenants</c>.</summary>
    TenantNotAllowed,

    /// <summary>Its nonce is not the one this sign-in sent.</summary>
    NonceMismatch,
}

/// <summary>The outcome of checking an ID token: the token, or why it was refused.</summary>
internal sealed record IdTokenCheck(JsonWebToken? Token, IdTokenRefusal? Refusal)
{
    public static IdTokenCheck Accepted(JsonWebToken token) => new(token, null);

    public static IdTokenCheck Refused(IdTokenRefusal refusal) => new(null, refusal);

    /// <summary>The sentence shown to the person, or null when accepted.</summary>
    public string? Problem => Refusal switch
    {
        null => null,
        IdTokenRefusal.Unreadable => "Microsoft Entra ID returned an ID token that could not be read.",
        IdTokenRefusal.Expired => "Microsoft Entra ID returned an ID token that has expired. Try again.",
        IdTokenRefusal.TenantNotAllowed => "Your organization's Microsoft Entra tenant is not allowed to sign in to this server. Ask your administrator.",
        IdTokenRefusal.NonceMismatch => "Microsoft Entra ID returned an ID token for another sign-in (its nonce differs). Start again from your app.",
        _ => "Microsoft Entra ID returned an ID token that is not valid for this app.",
    };
}
