using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Functions.Health;

/// <summary>What <c>/healthz</c> and the root answer.</summary>
internal static class HealthEndpoints
{
    /// <summary>The root names the service and its public URL, without touching storage.</summary>
    public static Task<IResult> HandleRootAsync(HttpContext context) =>
        Task.FromResult<IResult>(TypedResults.Ok(new ServiceResponse("FunctionsMcp", "ready", context.Service<IOptions<ServerOptions>>().Value.PublicBaseUri.AbsoluteUri.TrimEnd('/'))));

    /// <summary>Runs the health checks: 200 when healthy or degraded, 503 when unhealthy, each check with its description.</summary>
    public static async Task<IResult> HandleHealthzAsync(HttpContext context)
    {
        HealthReport report = await context.Service<HealthCheckService>().CheckHealthAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    durationMs = (int)entry.Value.Duration.TotalMilliseconds,
                }),
        };
        return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    internal sealed record ServiceResponse(string Service, string Status, string BaseUrl);
}
