using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Payments;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class SandboxWebhookTargetTests(PortalFactory portal)
{
    [Fact]
    public async Task SandboxWebhooks_GoToThePortalsOwnAddress_WhateverHostTheBuyersRequestNamed()
    {
        var (_, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();

        // The buyer's browser names another host: the server must not post its signed events there.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, payment.GetProperty("redirectUrl").GetString())
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Ada Buyer", ["number"] = Buying.GoodCard, ["expiry"] = $"12 / {DateTime.UtcNow.Year % 100 + 3}", ["cvc"] = "123", ["zip"] = "10115",
            }),
        };
        request.Headers.Host = "attacker.example:9";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SendAsync(request)).StatusCode);

        Assert.Equal(new Uri(portal.BaseAddress, "/api/v1/stripe/webhook").ToString().Replace("127.0.0.1", "localhost"),
            portal.Services.GetRequiredService<StripeSettings>().SandboxWebhookUrl.Replace("127.0.0.1", "localhost"));
        // Paid by the webhook alone: the buyer never came back to complete the checkout.
        await buyer.WaitForStatusAsync(ticketId, "Paid");
    }
}
