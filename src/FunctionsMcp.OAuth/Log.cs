using FunctionsMcp.OAuth.Authorization.Entra;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.OAuth;

/// <summary>The OAuth project's log lines. Identifiers only: never tokens, codes, keys, secrets or names.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Entra ID token refused: {Refusal} ({Failure}).")]
    public static partial void EntraIdTokenRefused(ILogger logger, IdTokenRefusal refusal, string failure);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Entra did not redeem the sign-in code: {ErrorCode}.")]
    public static partial void EntraCodeNotRedeemed(ILogger logger, string errorCode);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning,
        Message = "Settings form to {Path} refused: its CSRF token is missing or wrong (organization {OrganizationId}, user {UserId}).")]
    public static partial void SettingsCsrfRefused(ILogger logger, string path, string organizationId, string userId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Settings: user {UserId} of {OrganizationId} created access key {KeyId}.")]
    public static partial void SettingsKeyCreated(ILogger logger, string organizationId, string userId, string keyId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Settings: user {UserId} of {OrganizationId} revoked access key {KeyId}.")]
    public static partial void SettingsKeyRevoked(ILogger logger, string organizationId, string userId, string keyId);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Settings: user {UserId} of {OrganizationId} disconnected grant {GrantId}.")]
    public static partial void SettingsAppDisconnected(ILogger logger, string organizationId, string userId, string grantId);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Settings: admin {UserId} of {OrganizationId} created confidential client {ClientId}.")]
    public static partial void SettingsClientCreated(ILogger logger, string organizationId, string userId, string clientId);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information,
        Message = "Settings: admin {UserId} of {OrganizationId} deleted confidential client {ClientId}, revoking {Revoked} connections.")]
    public static partial void SettingsClientDeleted(ILogger logger, string organizationId, string userId, string clientId, int revoked);
}
