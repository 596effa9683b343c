using System.Net;
using System.Net.Http.Json;
using System.Text;
using MimeKit;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>E-mail to buyers over SMTP (an in-process SMTP server): one confirmation per paid ticket, with QR codes
/// that decode to codes the door admits; a refund message; sent by the background job, never twice.</summary>
[Collection(PortalCollection.Name)]
public sealed class MailTests(PortalFactory portal)
{
    [Fact]
    public async Task APaidTicket_SendsOneConfirmation_WhoseQrCodesAdmit()
    {
        var email = await portal.CreateUserAsync();
        var buyer = await portal.SignedInAsync(email);
        var sale = await portal.PublishedEventAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity: 2);
        var payment = await buyer.StartCheckoutAsync(ticketId);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        // The buyer comes back from checkout too: the same payment, applied twice, is still one message.
        await buyer.PostAsync($"/api/v1/tickets/{ticketId}/complete-checkout", null);

        var message = Assert.Single(await Eventually.ReadUntilAsync(() => Task.FromResult(portal.MailTo(email)), m => m.Count > 0, TimeSpan.FromSeconds(30)));

        Assert.StartsWith("Your tickets for Sale ", message.Subject);
        Assert.Contains($"/tickets/{ticketId}", message.TextBody);
        var images = message.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MimeType == "image/png").ToList();
        Assert.Equal(2, images.Count);
        var codes = images.Select(image =>
        {
            using var png = new MemoryStream();
            image.Content!.DecodeTo(png);
            return QrText.Decode(png.ToArray());
        }).ToList();
        Assert.Equal(2, codes.Distinct().Count());
        foreach (var code in codes)
            Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsJsonAsync("/api/v1/check-ins", new { code, device = "mail test" })).StatusCode);
        // Whatever rounds the sending job runs later, the confirmation went once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(portal.MailTo(email), m => m.Subject?.StartsWith("Your tickets", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ARefund_SendsAMessageSayingTheCodesAreVoid()
    {
        var email = await portal.CreateUserAsync();
        var buyer = await portal.SignedInAsync(email);
        var sale = await portal.PublishedEventAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        var payment = await buyer.StartCheckoutAsync(ticketId);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");

        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null)).StatusCode);

        var refund = await Eventually.ReadUntilAsync(() => Task.FromResult(portal.MailTo(email).SingleOrDefault(m => m.Subject?.StartsWith("Refund for", StringComparison.Ordinal) == true)),
            m => m is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(refund);
        Assert.Contains("no longer valid", refund.TextBody);
    }

}
