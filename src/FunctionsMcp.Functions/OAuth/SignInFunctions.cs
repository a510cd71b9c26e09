using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary>Sign-in: <c>/signin</c> (Entra ID, or the development form), and <c>/signin/callback</c>, where Entra ID sends the person back.</summary>
public static class SignInFunctions
{
    [Function("signin")]
    public static Task<IResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "signin")] HttpRequest request) =>
        SignInEndpoint.HandleAsync(request.HttpContext);

    [Function("signin-callback")]
    public static Task<IResult> EntraCallback([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signin/callback")] HttpRequest request) =>
        SignInEndpoint.HandleEntraCallbackAsync(request.HttpContext);
}
