using System.Net;
using FunctionsMcp.Mcp.Tests.Authorization;
using FunctionsMcp.OAuth.Settings;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>Signing in to the settings pages, the session cookie, its expiry and sign-out, through real HTTP.</summary>
public sealed class SettingsSessionTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    [Fact]
    public async Task Settings_LeadsToAiAndMcp()
    {
        using HttpResponseMessage response = await Browser.Http.GetAsync("/settings", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/mcp", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WithoutASession_ThePageSendsToTheSameSignInAsAuthorize_AndBackToThePageAskedFor()
    {
        using HttpResponseMessage first = await Browser.Http.GetAsync("/settings/mcp", Cancel);
        string signIn = first.Headers.Location!.OriginalString;
        using HttpResponseMessage form = await Browser.Http.GetAsync(signIn, Cancel);
        string back = await Browser.OAuth.SignInAsync(signIn, Coordinator);
        string page = await Browser.GetPageAsync(back);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/signin?request=fmar_", signIn, StringComparison.Ordinal);
        Assert.Contains("Development sign-in", await form.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal("/settings/mcp", back);
        Assert.Contains($"Signed in as <strong>C</strong> (Coordinator) at <strong>Test {Tenant.OrganizationId}</strong>.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASettingsSignIn_CannotBeContinuedAtConsent()
    {
        using HttpResponseMessage first = await Browser.Http.GetAsync("/settings/mcp", Cancel);
        string request = first.Headers.Location!.OriginalString["/signin?request=".Length..];

        using HttpResponseMessage consent = await Browser.Http.GetAsync($"/consent?request={request}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, consent.StatusCode);
        Assert.Contains("This sign-in is for the settings pages, not for an app.", await consent.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSessionCookie_IsNeverACredentialAtMcp()
    {
        await Browser.OpenAsync("/settings/mcp", Coordinator);
        Assert.Contains(Browser.OAuth.Cookies.GetCookies(new Uri(Server.BaseUrl)), c => c.Name == SettingsSessions.PlainCookie);

        // The browser sends its cookies (the settings session among them) and no Authorization header.
        using HttpResponseMessage response = await Browser.Http.SendAsync(LegacyCall(bearer: null, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdleSession_Expires_AndTheNextPageSignsInAgainThenReturnsToThePageAskedFor()
    {
        await Browser.OpenAsync("/settings/mcp", Coordinator);
        Time.Advance(SettingsSessions.IdleTimeout);
        const string Asked = "/settings/mcp/activity?key=abcdefghijklmnopqrst";

        using HttpResponseMessage expired = await Browser.Http.GetAsync(Asked, Cancel);
        string back = await Browser.OAuth.SignInAsync(expired.Headers.Location!.OriginalString, Coordinator);

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/signin?request=", expired.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(Asked, back);
        using HttpResponseMessage after = await Browser.Http.GetAsync(back, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task ASessionInUse_StaysPastTheIdleLimit_ButNotPastItsAbsoluteCap()
    {
        await Browser.OpenAsync("/settings/mcp", Coordinator);
        TimeSpan step = SettingsSessions.IdleTimeout - TimeSpan.FromMinutes(5);
        TimeSpan elapsed = TimeSpan.Zero;
        while (elapsed + step < SettingsSessions.MaxLifetime)
        {
            Time.Advance(step);
            elapsed += step;
            await Browser.GetPageAsync("/settings/mcp");
        }

        Time.Advance(SettingsSessions.MaxLifetime - elapsed);
        using HttpResponseMessage capped = await Browser.Http.GetAsync("/settings/mcp", Cancel);

        Assert.True(elapsed > SettingsSessions.IdleTimeout * 2);
        Assert.Equal(HttpStatusCode.Redirect, capped.StatusCode);
        Assert.StartsWith("/signin?request=", capped.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostedAfterTheSessionEnded_ChangesNothing_AndOffersToSignInAgain()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        Time.Advance(SettingsSessions.IdleTimeout);

        (HttpResponseMessage response, string html) = await CreateKeyAsync(Browser, page, "Too late");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Your settings session has ended, so nothing was changed.", html, StringComparison.Ordinal);
        Assert.Contains("""<a id="sign-in-again" href="/settings/mcp">""", html, StringComparison.Ordinal);
        Assert.Empty(await Keys.ListAsync(Tenant.OrganizationId, TestTenant.Coordinator, Cancel));
    }

    [Fact]
    public async Task SigningOut_EndsTheSessionOnEveryInstance()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        await using McpTestServer other = SignInServer.StartServer(Azurite, Time, settings: null, services: null);
        using var elsewhere = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(other.BaseUrl) };
        string session = Browser.OAuth.Cookies.GetCookies(new Uri(Server.BaseUrl))[SettingsSessions.PlainCookie]!.Value;
        HttpRequestMessage Open() => new(HttpMethod.Get, "/settings/mcp") { Headers = { { "Cookie", $"{SettingsSessions.PlainCookie}={session}" } } };
        using HttpResponseMessage before = await elsewhere.SendAsync(Open(), Cancel);

        using HttpResponseMessage signedOut = await Browser.SubmitAsync(page, "/settings/signout");
        using HttpResponseMessage after = await elsewhere.SendAsync(Open(), Cancel);
        using HttpResponseMessage here = await Browser.Http.GetAsync("/settings/mcp", Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Contains("You are signed out of the settings pages.", await signedOut.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, here.StatusCode);
    }

    [Fact]
    public async Task ADisabledUser_IsSignedOut_AtTheirNextPage()
    {
        await Browser.OpenAsync("/settings/mcp", Coordinator);
        var identities = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OAuth.Identity.IIdentityStore>(Server.Services);
        await identities.SaveUserAsync(new OAuth.Identity.User(Tenant.OrganizationId, TestTenant.Coordinator, "C", "c@example.org", OAuth.Identity.Role.Coordinator, Disabled: true), Cancel);

        using HttpResponseMessage response = await Browser.Http.GetAsync("/settings/mcp", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("you have been signed out", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
