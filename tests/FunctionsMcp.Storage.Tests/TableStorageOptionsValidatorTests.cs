namespace FunctionsMcp.Storage.Tests;

public sealed class TableStorageOptionsValidatorTests
{
    [Theory]
    [InlineData("UseDevelopmentStorage=true", null, true, null)]
    [InlineData(null, "https://acct.table.core.windows.net", true, null)]
    [InlineData(null, null, false, "Storage is not configured")]
    [InlineData("UseDevelopmentStorage=true", "https://acct.table.core.windows.net", false, "Set only one of Storage:ConnectionString and Storage:TableServiceUri")]
    [InlineData(null, "http://acct.table.core.windows.net", false, "Storage:TableServiceUri 'http://acct.table.core.windows.net' must be an absolute https URL")]
    [InlineData(null, "acct", false, "Storage:TableServiceUri 'acct' must be an absolute https URL")]
    [InlineData("AccountName=x", null, false, "Storage:ConnectionString is not valid: it is not of the form")]
    public void Validate_NamesTheSettingAndTheFix(string? connectionString, string? uri, bool valid, string? expected)
    {
        var result = new TableStorageOptionsValidator().Validate(null, new TableStorageOptions { ConnectionString = connectionString, TableServiceUri = uri });

        Assert.Equal(valid, result.Succeeded);
        if (expected is not null)
            Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 3, "Storage:RequestTimeout")]
    [InlineData(30, -1, "Storage:MaxRetries")]
    [InlineData(30, 11, "Storage:MaxRetries")]
    public void Validate_RefusesOutOfRangeLimits(int timeoutSeconds, int retries, string setting)
    {
        var options = new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxRetries = retries };

        Assert.Contains(setting, new TableStorageOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
