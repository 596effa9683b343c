using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MimeKit;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Account e-mail over SMTP (an in-process server): door staff who had no account get a link to choose a
/// password; the portal's "forgot your password" form and Identity's own endpoints send working links.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccountMailTests(PortalFactory portal)
{
    [Fact]
    public async Task NewDoorStaff_GetAMailWithAPasswordLink_SetAPassword_AndCheckIn()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        var staffEmail = $"door-{Guid.NewGuid():N}@test.local";

        Assert.Equal(HttpStatusCode.Created, (await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/staff", new { email = staffEmail })).StatusCode);

        var mail = await MailAsync(staffEmail, "You check tickets in at Sale ");
        Assert.Contains($"/organizer/events/{sale.EventId}/check-in", mail.TextBody);
        var (email, resetCode) = ResetLink(mail);
        Assert.Equal(staffEmail, email);

        var page = await PostFormAsync("/account/reset-password?" + LinkQuery(mail), "reset-password", new()
        {
            ["Input.Email"] = email, ["Input.Code"] = resetCode, ["Input.Password"] = "Door-Pass-123", ["Input.Confirm"] = "Door-Pass-123",
        });
        Assert.Contains("data-testid=\"reset-done\"", page);

        var staff = await portal.SignedInAsync(staffEmail, "Door-Pass-123");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync("/api/v1/check-ins", new { code, device = "Staff phone" })).StatusCode);
        // Taken off and added back: not told again within the hour (an organizer cannot use the form to send mail).
        var userId = (await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/staff")).BodyAsync()).GetProperty("staff")[0].GetProperty("userId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await sale.Organizer.DeleteAsync($"/api/v1/events/{sale.EventId}/staff/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/staff", new { email = staffEmail })).StatusCode);
        // The link was for one use: the same code cannot set the password again.
        var again = await PostFormAsync("/account/reset-password?" + LinkQuery(mail), "reset-password", new()
        {
            ["Input.Email"] = email, ["Input.Code"] = resetCode, ["Input.Password"] = "Other-Pass-123", ["Input.Confirm"] = "Other-Pass-123",
        });
        Assert.Contains("This link has expired or was used already", again);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(portal.MailTo(staffEmail), m => m.Subject?.StartsWith("You check tickets in", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ChangingTheAddressThroughTheApi_SendsALinkToTheNewAddress_ThatMovesTheAccount()
    {
        var email = await portal.CreateUserAsync();
        var client = await portal.SignedInAsync(email);
        var newEmail = $"moved-{Guid.NewGuid():N}@test.local";

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/manage/info", new { newEmail })).StatusCode);

        var mail = await MailAsync(newEmail, "Confirm your new e-mail address");
        Assert.Empty(portal.MailTo(email));
        var link = LinkRegex().Matches(mail.TextBody ?? "").Select(m => m.Value).Single(l => l.Contains("changedEmail=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await portal.Anonymous().GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = newEmail, password = DemoData.Password })).StatusCode);
    }

    [Fact]
    public async Task TheForgotPasswordForm_AnswersAlike_SendsOneLinkAMinute_ThatSetsThePassword()
    {
        var email = await portal.CreateUserAsync();
        var nobody = $"nobody-{Guid.NewGuid():N}@test.local";

        var unknown = await PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = nobody });
        var known = await PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });
        await PostFormAsync("/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });

        // The page says the same either way: it does not tell who has an account.
        Assert.Contains($"If an account uses {nobody}, a link", unknown);
        Assert.Contains($"If an account uses {email}, a link", known);
        var mail = await MailAsync(email, "Choose a new TicketPortal password");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(portal.MailTo(email));
        Assert.Empty(portal.MailTo(nobody));

        var (_, resetCode) = ResetLink(mail);
        var page = await PostFormAsync("/account/reset-password?" + LinkQuery(mail), "reset-password", new()
        {
            ["Input.Email"] = email, ["Input.Code"] = resetCode, ["Input.Password"] = "Brand-New-123", ["Input.Confirm"] = "Brand-New-123",
        });
        Assert.Contains("data-testid=\"reset-done\"", page);
        Assert.Equal(HttpStatusCode.OK, (await portal.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Brand-New-123" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoData.Password })).StatusCode);
    }

    [Fact]
    public async Task IdentitysEndpoints_ConfirmTheAddress_AndResetThePassword_ByTheMailedLinks()
    {
        var email = $"api-{Guid.NewGuid():N}@test.local";
        var api = portal.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "First-Pass-123" })).StatusCode);

        var confirmation = await MailAsync(email, "Confirm your e-mail address");
        var confirmLink = LinkRegex().Matches(confirmation.TextBody ?? "").Select(m => m.Value).Single(l => l.Contains("/api/v1/auth/confirmEmail", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri(confirmLink).PathAndQuery)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email })).StatusCode);
        var (_, resetCode) = ResetLink(await MailAsync(email, "Choose a new TicketPortal password"));
        var reset = await api.PostAsJsonAsync("/api/v1/auth/resetPassword", new { email, resetCode, newPassword = "Second-Pass-123" });
        Assert.True(reset.StatusCode == HttpStatusCode.OK, await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Second-Pass-123" })).StatusCode);
    }

    private async Task<MimeMessage> MailAsync(string address, string subjectStart)
    {
        var found = await Eventually.ReadUntilAsync(
            () => Task.FromResult(portal.MailTo(address).FirstOrDefault(m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true)),
            m => m is not null, TimeSpan.FromSeconds(30));
        return found ?? throw new Xunit.Sdk.XunitException($"No mail '{subjectStart}…' reached {address}.");
    }

    private static string LinkQuery(MimeMessage mail) =>
        new Uri(LinkRegex().Matches(mail.TextBody ?? "").Select(m => m.Value).First(l => l.Contains("/account/reset-password", StringComparison.Ordinal))).Query.TrimStart('?');

    private static (string Email, string Code) ResetLink(MimeMessage mail)
    {
        var query = System.Web.HttpUtility.ParseQueryString(LinkQuery(mail));
        return (query["email"]!, query["code"]!);
    }

    /// <summary>Posts one of the portal's account forms as a browser would: its antiforgery token and form name.</summary>
    private async Task<string> PostFormAsync(string path, string formName, Dictionary<string, string> fields)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        var form = await browser.GetStringAsync(path);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync(path, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkRegex();
}
