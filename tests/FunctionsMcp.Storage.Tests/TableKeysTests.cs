namespace FunctionsMcp.Storage.Tests;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData(null)]
    public void ForbiddenKeys_AreNotValid(string? key) => Assert.False(TableKeys.IsValid(key));

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("Zoë Ngā 日本語 😀")]
    [InlineData("")]
    public void OrdinaryKeys_AreValid(string key) => Assert.True(TableKeys.IsValid(key));

    [Fact]
    public void KeysOver1KiB_AreNotValid()
    {
        Assert.True(TableKeys.IsValid(new string('k', TableKeys.MaxLength)));
        Assert.False(TableKeys.IsValid(new string('k', TableKeys.MaxLength + 1)));
    }
}
