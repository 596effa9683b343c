using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using TicketPortal.Client;
using TicketPortal.Client.Models;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>The client Kiota generates from docs/openapi/v1.json on every build, used as is: it buys a ticket end to
/// end and reads a refusal as a typed ProblemDetails.</summary>
[Collection(PortalCollection.Name)]
public sealed class GeneratedClientTests(PortalFactory portal)
{
    [Fact]
    public async Task TheGeneratedClient_BuysATicket_AndReadsA409AsProblemDetails()
    {
        var sale = await portal.PublishedEventAsync(price: 24m);
        var buyer = await portal.NewUserClientAsync();
        var client = ClientFor(buyer.DefaultRequestHeaders.Authorization!);

        var held = await client.Api.V1.Tickets.PostAsync(new CreateTicketRequest
        {
            EventId = Guid.Parse(sale.EventId), PriceTierId = Guid.Parse(sale.TierIds[0]), Quantity = 2,
        });
        Assert.Equal(TicketDto_status.Reserved, held!.Ticket!.Status);
        Assert.Equal(48, held.Ticket.Price);
        var id = held.Ticket.Id!.Value;

        var started = await client.Api.V1.Tickets[id].StartCheckout.PostAsync();
        var redirect = started!.TicketPayment!.RedirectUrl!;
        await Buying.PayOnSandboxAsync(redirect);
        var sessionId = started.TicketPayment.PaymentId!;
        var completed = await client.Api.V1.Tickets[id].CompleteCheckout.PostAsync(c => c.QueryParameters.SessionId = sessionId);
        Assert.NotNull(completed!.Ticket);

        var paid = await Eventually.ReadUntilAsync(() => client.Api.V1.Tickets[id].GetAsync(), t => t!.Ticket!.Status == TicketDto_status.Paid, TimeSpan.FromSeconds(20));
        Assert.Equal(TicketDto_status.Paid, paid!.Ticket!.Status);
        Assert.Equal(TicketPaymentDto_paymentStatus.Open, started.TicketPayment.PaymentStatus);
        Assert.Equal("ticket", paid.DataName);

        // A paid ticket cannot be cancelled: the answer is a 409 the client raises as the typed ProblemDetails.
        var refused = await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.V1.Tickets[id].DeleteAsync());
        Assert.Equal(409, refused.Status);
        Assert.Contains("refund", refused.Detail, StringComparison.OrdinalIgnoreCase);
    }

    private TicketPortalClient ClientFor(AuthenticationHeaderValue bearer)
    {
        var http = new HttpClient { BaseAddress = portal.BaseAddress };
        http.DefaultRequestHeaders.Authorization = bearer;
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = portal.BaseAddress.ToString().TrimEnd('/'),
        };
        return new TicketPortalClient(adapter);
    }
}
