using System.Text.Json;
using FunctionsMcp.OAuth;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.Hosting;

/// <summary><c>GET /</c> for the Functions host's readiness probe, and <c>GET /healthz</c> for people and monitors.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapReadinessProbe(this IEndpointRouteBuilder app)
    {
        // The Functions host polls "/" until any response arrives; answer cheaply, without touching storage.
        app.MapGet("/", (IOptions<ServerOptions> server) => TypedResults.Ok(new ReadinessResponse("FunctionsMcp", "ready", server.Value.PublicBaseUri.AbsoluteUri.TrimEnd('/'))));
        return app;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    internal sealed record ReadinessResponse(string Service, string Status, string BaseUrl);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
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
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
