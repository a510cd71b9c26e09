using FunctionsMcp.FunctionHost;

namespace FunctionsMcp.Host.Tests.FunctionHost;

public sealed class HostJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fmcp-hostjson-").FullName;

    private string Write(string json)
    {
        string path = Path.Combine(_folder, "host.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void RoutePrefix_IsReadFromTheHttpExtension() =>
        Assert.Equal("", HostJson.ReadRoutePrefix(Write("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""")));

    [Fact]
    public void RoutePrefix_DefaultsToApiLikeTheHost() =>
        Assert.Equal("api", HostJson.ReadRoutePrefix(Write("""{ "version": "2.0", /* no http section */ }""")));

    [Fact]
    public void AMissingHostJson_SaysWhereItWasLookedFor()
    {
        string path = Path.Combine(_folder, "missing", "host.json");

        var error = Assert.Throws<FileNotFoundException>(() => HostJson.ReadRoutePrefix(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAppsHostJson_ServesFunctionsAtTheRoot() =>
        Assert.Equal("", HostJson.ReadRoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
