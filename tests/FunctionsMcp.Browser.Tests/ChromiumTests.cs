namespace FunctionsMcp.Browser.Tests;

/// <summary>Which Chromium the tests launch, and the sentence a machine without one gets (never a silent skip).</summary>
public sealed class ChromiumTests
{
    [Fact]
    public void WithoutChromium_TheTestsFail_SayingToInstallIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.Find(null, _ => false));

        Assert.Contains("apt-get install chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains(Chromium.PathVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChromiumPath_WhenSet_IsUsedInsteadOfDebians()
    {
        Assert.Equal("/opt/chromium/chrome", Chromium.Find("/opt/chromium/chrome", path => path == "/opt/chromium/chrome"));
        Assert.Equal(Chromium.DebianPath, Chromium.Find("", path => path == Chromium.DebianPath));
    }

    [Fact]
    public void ChromiumPath_NamingNoFile_IsAnError_NotAFallBackToDebians()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.Find("/nowhere/chromium", path => path == Chromium.DebianPath));

        Assert.Contains("/nowhere/chromium", error.Message, StringComparison.Ordinal);
    }
}
