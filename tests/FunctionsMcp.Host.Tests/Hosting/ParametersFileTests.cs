using System.Text.Json.Nodes;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// <c>infra/main.parameters.json</c> holds to the compiled template's parameters, and a wrong or missing parameter is
/// named in a sentence, as Azure Resource Manager names it before anything is deployed.
/// </summary>
public sealed class ParametersFileTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    private static readonly string s_file = Path.Combine(Repository.GetRoot(AppContext.BaseDirectory), "infra", "main.parameters.json");

    [Fact]
    public void TheCommittedParametersFile_FitsTheTemplate_AndSetsEveryRequiredParameterFromAzd()
    {
        JsonObject file = Committed();

        Assert.Empty(ParameterFileCheck.Problems(infra.Main.Parameters, file));
        Assert.Equal("${AZURE_ENV_NAME}", (string?)file["parameters"]!["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)file["parameters"]!["location"]!["value"]);
    }

    [Theory]
    [InlineData("instanceMemoryMb", "1024", "instanceMemoryMb is not a parameter of main.bicep")]
    [InlineData("instanceMemoryMB", "1024", "instanceMemoryMB is 1024, which is not one of the allowed values 512, 2048, 4096")]
    [InlineData("maximumInstanceCount", "10", "maximumInstanceCount is 10, below its minimum 40")]
    [InlineData("alwaysReadyInstanceCount", "1001", "alwaysReadyInstanceCount is 1001, above its maximum 1000")]
    [InlineData("httpPerInstanceConcurrency", "\"16\"", "httpPerInstanceConcurrency must be of type int")]
    [InlineData("environmentName", "\"\"", "environmentName has length 0, below its minimum length 1")]
    [InlineData("allowedOrigins", "\"https://a.example\"", "allowedOrigins must be of type array")]
    public void AWrongParameter_IsNamedWithWhatIsWrong(string name, string json, string expected)
    {
        JsonObject file = Committed();
        file["parameters"]![name] = new JsonObject { ["value"] = JsonNode.Parse(json) };

        string problem = Assert.Single(ParameterFileCheck.Problems(infra.Main.Parameters, file));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRequiredParameter_IsNamed()
    {
        JsonObject file = Committed();
        file["parameters"]!.AsObject().Remove("location");

        Assert.Equal(["location has no default in main.bicep and main.parameters.json does not set it"], ParameterFileCheck.Problems(infra.Main.Parameters, file));
    }

    [Fact]
    public void TheLimitsTheReadmeStates_AreTheTemplatesConstraints()
    {
        JsonObject parameters = infra.Main.Parameters;

        Assert.Equal("[512,2048,4096]", parameters["instanceMemoryMB"]!["allowedValues"]!.ToJsonString());
        Assert.Equal((40, 1000), ((int)parameters["maximumInstanceCount"]!["minValue"]!, (int)parameters["maximumInstanceCount"]!["maxValue"]!));
        Assert.Equal((0, 1000), ((int)parameters["alwaysReadyInstanceCount"]!["minValue"]!, (int)parameters["alwaysReadyInstanceCount"]!["maxValue"]!));
        Assert.Equal((1, 1000), ((int)parameters["httpPerInstanceConcurrency"]!["minValue"]!, (int)parameters["httpPerInstanceConcurrency"]!["maxValue"]!));
        Assert.Equal(1, (int)parameters["environmentName"]!["minLength"]!);
        Assert.Equal(1, (int)parameters["location"]!["minLength"]!);
    }

    private static JsonObject Committed() => JsonNode.Parse(File.ReadAllText(s_file))!.AsObject();
}
