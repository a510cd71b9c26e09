using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.Health;

/// <summary>
/// <c>/healthz</c> for people and monitors, and the root, which names the service. The root's template is the one that
/// works under the Functions host: an empty route is mapped to the function's name, and an unconstrained optional
/// parameter would capture every other one-segment route.
/// </summary>
public static class HealthFunctions
{
    [Function("healthz")]
    public static Task<IResult> Healthz([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        HealthEndpoints.HandleHealthzAsync(request.HttpContext);

    [Function("root")]
    public static Task<IResult> Root([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{page:regex(^$)?}")] HttpRequest request) =>
        HealthEndpoints.HandleRootAsync(request.HttpContext);
}
