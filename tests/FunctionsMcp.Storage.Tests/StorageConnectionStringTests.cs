namespace FunctionsMcp.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net", "https://acct.table.core.windows.net/")]
    [InlineData($"AccountName=acct;AccountKey={Key}", "https://acct.table.core.windows.net/")]
    [InlineData($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:41234/devstoreaccount1;", "http://127.0.0.1:41234/devstoreaccount1")]
    public void AcceptedForms_GiveTheTableEndpoint(string value, string endpoint)
    {
        Assert.True(StorageConnectionString.TryGetTableEndpoint(value, out Uri? parsed, out _));
        Assert.Equal(new Uri(endpoint), parsed);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("AccountName=acct", "it is not of the form")]
    [InlineData("AccountName=acct;AccountKey=not base64!;TableEndpoint=http://127.0.0.1:1/acct", "AccountKey is not valid base64")]
    [InlineData("just-some-text", "it is not of the form")]
    public void Malformed_SaysWhatIsWrong(string value, string expected)
    {
        Assert.False(StorageConnectionString.TryGetTableEndpoint(value, out _, out string? error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_NeverEchoesAKey()
    {
        string secretish = "SuperSecretKeyMaterialThatIsLong0123456789";

        Assert.False(StorageConnectionString.TryGetTableEndpoint(secretish, out _, out string? error));

        Assert.DoesNotContain(secretish, error, StringComparison.Ordinal);
    }
}
