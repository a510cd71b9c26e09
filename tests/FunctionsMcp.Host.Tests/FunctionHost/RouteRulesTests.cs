using System.Reflection;
using FunctionsMcp.FunctionHost;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Host.Tests.FunctionHost;

/// <summary>The route shapes the Functions host breaks are refused before anything is served.</summary>
public sealed class RouteRulesTests
{
    private static readonly MethodInfo s_method = typeof(RouteRulesTests).GetMethod(nameof(Placeholder), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<IResult> Placeholder(HttpRequest request) => Task.FromResult(Results.Ok(request.Path.Value));

    private static HttpFunction Function(string name, string? route, params string[] methods) =>
        new(name, route, methods, AuthorizationLevel.Anonymous, s_method);

    private static IReadOnlyList<string> Problems(params HttpFunction[] functions) => RouteRules.Problems(functions, "");

    [Theory]
    [InlineData("", "empty route")]
    [InlineData("/mcp", "starts with '/'")]
    [InlineData("~/mcp", "starts with '~'")]
    [InlineData("admin/keys", "starts with 'admin'")]
    [InlineData("administer", "starts with 'admin'")]
    [InlineData("Runtime/status", "starts with 'runtime'")]
    [InlineData("{page?}", "unconstrained optional parameter 'page'")]
    [InlineData("files/{*path}", "catch-all parameter 'path'")]
    [InlineData("files/{**path:minlength(1)}", "catch-all parameter 'path'")]
    [InlineData("a/{", "not a valid template")]
    public void ARouteTheHostBreaks_IsRefusedNamingTheFunction(string route, string expected)
    {
        string problem = Assert.Single(Problems(Function("f", route, "get")));

        Assert.StartsWith("Function 'f':", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AFunctionNeedingAFunctionKey_IsRefused()
    {
        var function = new HttpFunction("keyed", "keyed", ["get"], AuthorizationLevel.Function, s_method);

        Assert.Contains("needs function keys", Assert.Single(Problems(function)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReservedPrefixRule_AppliesToTheRouteAsServed_PrefixIncluded()
    {
        Assert.Empty(RouteRules.Problems([Function("f", "admin", "get")], "api"));
        Assert.Single(RouteRules.Problems([Function("f", "status", "get")], "runtime"));
    }

    [Theory]
    [InlineData("mcp", "MCP", "post", "post")]
    [InlineData("items/{id}", "items/new", "get", "get")]
    [InlineData("items/{id}", "items/{name}", "get", "get")]
    [InlineData("x/{id:int}", "x/{name}", "get", "get")]
    [InlineData("a/{b:regex(^[a-z]+$)?}", "a", "get", "get")]
    [InlineData("token", "token", "", "get")]
    public void TwoRoutesThatCanMatchTheSameRequest_AreRefused(string first, string second, string firstMethod, string secondMethod)
    {
        HttpFunction a = firstMethod.Length == 0 ? Function("a", first) : Function("a", first, firstMethod);

        string problem = Assert.Single(Problems(a, Function("b", second, secondMethod)));

        Assert.Contains("Functions 'a' and 'b'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mcp", "mcp", "post", "get")]
    [InlineData("signin", "signin/callback", "get", "get")]
    [InlineData(".well-known/oauth-protected-resource", ".well-known/oauth-protected-resource/mcp", "get", "get")]
    [InlineData("{page:regex(^$)?}", "mcp", "get", "get")]
    [InlineData("items/{id:regex(^[0-9]+$)}", "items/new", "get", "get")]
    public void DisjointRoutesOrMethods_AreAccepted(string first, string second, string firstMethod, string secondMethod) =>
        Assert.Empty(Problems(Function("a", first, firstMethod), Function("b", second, secondMethod)));

    [Fact]
    public void TheRootTemplateThatWorksOnTheHost_IsAccepted() =>
        Assert.Empty(Problems(Function("root", "{page:regex(^$)?}", "get")));

    [Fact]
    public void NoRoute_IsServedAtTheFunctionName_AfterThePrefix()
    {
        Assert.Equal("api/status", Function("status", null, "get").Template("api"));
        Assert.Equal("status", Function("status", null, "get").Template(""));
        Assert.Equal("api/items/{id}", Function("x", "items/{id}").Template("/api/"));
    }
}
