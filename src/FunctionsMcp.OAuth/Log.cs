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
}
