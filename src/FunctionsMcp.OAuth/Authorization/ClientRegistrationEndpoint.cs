using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// Dynamic client registration (RFC 7591) at <c>/register</c>, for public clients (Claude, ChatGPT, mcp-remote, the
/// Inspector). A registration is cheap (clients register on every fresh connection) and expires unless a user
/// allows the client. Errors are RFC 7591 JSON: <c>invalid_redirect_uri</c> or <c>invalid_client_metadata</c>.
/// </summary>
internal static class ClientRegistrationEndpoint
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>POST (and the CORS preflight) of <c>/register</c>.</summary>
    public static Task<IResult> HandleAsync(HttpContext context) =>
        PublicCors.IsPreflight(context) ? PublicCors.PreflightAsync(context)
            : RegisterAsync(context, context.Service<ClientRegistry>(), context.RequestAborted);

    private static async Task<IResult> RegisterAsync(HttpContext context, ClientRegistry registry, CancellationToken cancellationToken)
    {
        PublicCors.Allow(context);
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasJsonContentType())
            return Refuse("invalid_client_metadata", "send the registration as JSON (Content-Type: application/json)");
        if (context.Request.ContentLength > MaxBodyBytes)
            return Refuse("invalid_client_metadata", $"the registration is larger than {MaxBodyBytes} bytes");

        JsonObject? request;
        try
        {
            byte[] body = await CappedBody.ReadAsync(context.Request.Body, context.Request.ContentLength, MaxBodyBytes, cancellationToken)
                ?? throw new JsonException("too large");
            request = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
            return Refuse("invalid_client_metadata", $"the registration must be one JSON object of at most {MaxBodyBytes} bytes");

        (_, JsonObject? response, RegistrationError? error) = await registry.RegisterAsync(request, cancellationToken);
        return error is not null ? Refuse(error.Error, error.Description) : Results.Json(response, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);
}
