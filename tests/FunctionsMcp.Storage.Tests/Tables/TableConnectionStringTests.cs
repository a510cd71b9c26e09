using FunctionsMcp.Storage.Tables;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10002/devstoreaccount1", "devstoreaccount1")]
    [InlineData("usedevelopmentstorage=TRUE;", "http://127.0.0.1:10002/devstoreaccount1", "devstoreaccount1")]
    [InlineData($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net", "https://acct.table.core.windows.net/", "acct")]
    [InlineData($"AccountName=acct;AccountKey={Key}", "https://acct.table.core.windows.net/", "acct")]
    [InlineData($"AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn", "https://acct.table.core.chinacloudapi.cn/", "acct")]
    [InlineData($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:41234/devstoreaccount1;", "http://127.0.0.1:41234/devstoreaccount1", "devstoreaccount1")]
    public void Parse_AcceptedForms_GiveTheTableEndpointAndAccount(string value, string endpoint, string account)
    {
        TableConnectionString parsed = TableConnectionString.Parse(value);

        Assert.Equal(new Uri(endpoint), parsed.TableEndpoint);
        Assert.Equal(account, parsed.Credential.AccountName);
    }

    [Theory]
    [InlineData("", "the connection string is empty")]
    [InlineData("AccountKey=abc", "AccountName is missing")]
    [InlineData("AccountName=acct", "AccountKey is missing")]
    [InlineData("AccountName=acct;AccountKey=not base64!", "AccountKey is not valid base64")]
    [InlineData($"AccountName=acct;AccountKey={Key};TableEndpoint=nowhere", "TableEndpoint 'nowhere' is not an absolute http or https URL")]
    [InlineData($"AccountName=acct;AccountKey={Key};DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol 'ftp' must be http or https")]
    [InlineData("just-some-text", "the part 'just-some-text' is not of the form Name=Value")]
    public void TryParse_Malformed_SaysWhatIsWrong(string value, string expected)
    {
        Assert.False(TableConnectionString.TryParse(value, out _, out string? error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NeverEchoesAKey()
    {
        string secretish = "SuperSecretKeyMaterialThatIsLong0123456789";

        Assert.False(TableConnectionString.TryParse(secretish, out _, out string? error));

        Assert.DoesNotContain(secretish, error, StringComparison.Ordinal);
    }
}
