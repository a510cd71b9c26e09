using System.Net;
using System.Reflection;
using FunctionsMcp.FunctionHost;
using FunctionsMcp.LocalDev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Host.Tests.FunctionHost;

/// <summary>Functions of every shape the local host serves, for <see cref="FunctionEndpointsTests"/>.</summary>
public static class SampleFunctions
{
    [Function("echo")]
    public static Task<IResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{id}")] HttpRequest request, string id) =>
        Task.FromResult<IResult>(TypedResults.Ok(new { id, method = request.Method }));

    [Function("written")]
    public static async Task Written([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "written")] HttpRequest request, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.StatusCode = StatusCodes.Status202Accepted;
        await request.HttpContext.Response.WriteAsync("written by the function", cancellationToken);
    }
}

/// <summary>An instance function whose class needs a service: the local host creates it from the request's services.</summary>
public sealed class ClockFunction(TimeProvider time)
{
    [Function("clock")]
    public IResult Now([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "clock")] HttpRequest request) =>
        TypedResults.Text(time.GetUtcNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class FunctionEndpointsTests
{
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    }

    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(Action<WebApplication> map)
    {
        int port = AzuriteProcess.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FixedTime());
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return (app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    [Fact]
    public async Task Functions_AreServedAtPrefixPlusRoute_WithRouteValuesAndTheirResults()
    {
        (WebApplication app, HttpClient http) = await StartAsync(a => a.MapFunctions(typeof(SampleFunctions).Assembly, "api"));
        await using (app)
        using (http)
        {
            using HttpResponseMessage echo = await http.PostAsync("api/echo/42", null, TestContext.Current.CancellationToken);
            using HttpResponseMessage written = await http.GetAsync("api/written", TestContext.Current.CancellationToken);
            using HttpResponseMessage clock = await http.GetAsync("api/clock", TestContext.Current.CancellationToken);
            using HttpResponseMessage unprefixed = await http.GetAsync("echo/42", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.Equal("""{"id":"42","method":"POST"}""", await echo.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.Accepted, written.StatusCode);
            Assert.Equal("written by the function", await written.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("2031", await clock.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        }
    }

    [Theory]
    [InlineData("PUT", "api/echo/1")]
    [InlineData("DELETE", "api/echo/1")]
    [InlineData("OPTIONS", "api/echo/1")]
    [InlineData("POST", "api/written")]
    public async Task AMethodTheFunctionDoesNotList_Is404LikeTheHost_Not405(string method, string path)
    {
        (WebApplication app, HttpClient http) = await StartAsync(a => a.MapFunctions(typeof(SampleFunctions).Assembly, "api"));
        await using (app)
        using (http)
        {
            using HttpResponseMessage response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    public static Task<IResult> NeedsFunctionContext([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context) =>
        Task.FromResult(Results.Ok());

    public static string ReturnsText([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "text";

    [Fact]
    public async Task FunctionsTheLocalHostCannotServe_AreRefusedAtStartup_AllProblemsAtOnce()
    {
        MethodInfo Method(string name) => typeof(FunctionEndpointsTests).GetMethod(name)!;
        HttpFunction[] functions =
        [
            new("context", "context", ["get"], AuthorizationLevel.Anonymous, Method(nameof(NeedsFunctionContext))),
            new("text", "text", ["get"], AuthorizationLevel.Anonymous, Method(nameof(ReturnsText))),
            new("root", "", ["get"], AuthorizationLevel.Anonymous, Method(nameof(ReturnsText))),
        ];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(a => a.MapFunctions(functions, "")));

        Assert.Contains("parameter 'context' of type FunctionContext cannot be bound", error.Message, StringComparison.Ordinal);
        Assert.Contains("return type String is not served", error.Message, StringComparison.Ordinal);
        Assert.Contains("Function 'root': an empty route", error.Message, StringComparison.Ordinal);
    }
}
