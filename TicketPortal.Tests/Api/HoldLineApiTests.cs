using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>The waiting room's line through the real route: places promised to buyers still waiting ahead are gone
/// for the buyers behind them, who hear so at once; once the buyers ahead are served, what is really free sells.</summary>
[Collection(PortalCollection.Name)]
public sealed class HoldLineApiTests(PortalFactory portal)
{
    [Fact]
    public async Task ABuyerBehindALineThatTakesTheLastPlaces_IsToldSoldOutAtOnce_AndBuysWhenAPlaceComesBack()
    {
        var sale = await portal.PublishedEventAsync(capacity: 3);
        var line = portal.Services.GetRequiredService<HoldLine>();
        var eventId = Guid.Parse(sale.EventId);
        var buyer = await portal.NewUserClientAsync();
        // Two buyers ahead still wait their turn for all three places.
        var ahead = line.Join(eventId, "waiting-1", 2, new HoldLine.Standing(3, 0, 10)).Promise!;
        using var alsoAhead = line.Join(eventId, "waiting-2", 1, new HoldLine.Standing(3, 0, 10)).Promise!;

        var refused = await buyer.HoldAsync(sale);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("Sold out: the last places are going to buyers ahead of you.", (await refused.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));

        // The first of them went on without holding (say their tier was wrong): the places they were promised are free.
        ahead.Dispose();
        var held = await buyer.HoldAsync(sale, quantity: 2);

        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));
        Assert.Equal(1, line.PromisedOn(eventId));
    }

    [Fact]
    public async Task AHoldLeavesNoPromiseBehind_WhateverItsAnswer()
    {
        var sale = await portal.PublishedEventAsync(capacity: 2);
        var line = portal.Services.GetRequiredService<HoldLine>();
        var buyer = await portal.NewUserClientAsync();

        Assert.Equal(HttpStatusCode.Created, (await buyer.HoldAsync(sale, quantity: 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.HoldAsync(sale)).StatusCode);

        Assert.Equal(0, line.PromisedOn(Guid.Parse(sale.EventId)));
    }

    [Fact]
    public async Task ARequestTheHoldWouldRefuseOnItsInput_IsAnsweredSoEvenBehindALine_AndPromisedNothing()
    {
        var sale = await portal.PublishedEventAsync(capacity: 1);
        var line = portal.Services.GetRequiredService<HoldLine>();
        var eventId = Guid.Parse(sale.EventId);
        var buyer = await portal.NewUserClientAsync();
        using var ahead = line.Join(eventId, "waiting", 1, new HoldLine.Standing(1, 0, 10)).Promise!;

        var wrongTier = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, priceTierId = Guid.NewGuid(), quantity = 1 });
        var tooMany = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, quantity = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, wrongTier.StatusCode);
        Assert.True((await wrongTier.BodyAsync()).GetProperty("errors").TryGetProperty("priceTierId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(1, line.PromisedOn(eventId));
    }

    [Fact]
    public async Task BuyersCountedTogether_JoinInArrivalOrder_EachWithTheirOwnPlaces()
    {
        var sale = await portal.PublishedEventAsync(capacity: 4, maxPerBuyer: 2);
        var eventId = Guid.Parse(sale.EventId);
        var owner = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await owner.HoldAsync(sale)).StatusCode);
        string ownerId;
        using (var scope = portal.Services.CreateScope())
            ownerId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Tickets.Where(t => t.EventId == eventId)
                .Select(t => t.UserId).SingleAsync();
        var reader = portal.Services.GetRequiredService<HoldLineReader>();
        var line = portal.Services.GetRequiredService<HoldLine>();
        Task<(HoldLine.Promise? Promise, Failure? SoldOut)> Ask(string buyer, int places, Guid? tier = null) =>
            reader.LineUpAsync(buyer, new CreateTicketRequest(eventId, tier, places), CancellationToken.None);

        // Three places left. The owner of one asks for two more: over the limit of two, which the hold answers itself.
        var answers = await Task.WhenAll(Ask(ownerId, 2), Ask("first", 2), Ask("second", 2), Ask("third", 1), Ask("fourth", 1, Guid.NewGuid()));

        Assert.Equal((null, null), answers[0]);
        Assert.NotNull(answers[1].Promise);
        Assert.Null(answers[2].Promise);
        Assert.Equal(FailureKind.Conflict, answers[2].SoldOut!.Kind);
        Assert.NotNull(answers[3].Promise);
        // A tier that is not the event's: not the line's to judge.
        Assert.Equal((null, null), answers[4]);
        Assert.Equal(3, line.PromisedOn(eventId));
        answers[1].Promise!.Dispose();
        answers[3].Promise!.Dispose();
        Assert.Equal(0, line.PromisedOn(eventId));
    }

    [Fact]
    public async Task ARequestThatStoppedWaitingBeforeItsCount_TakesNoPlaceInTheLine()
    {
        var sale = await portal.PublishedEventAsync(capacity: 1);
        var eventId = Guid.Parse(sale.EventId);
        var reader = portal.Services.GetRequiredService<HoldLineReader>();
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.LineUpAsync("gone", new CreateTicketRequest(eventId, null, 1), gone.Token));

        Assert.Equal(0, portal.Services.GetRequiredService<HoldLine>().PromisedOn(eventId));
        var next = await reader.LineUpAsync("next", new CreateTicketRequest(eventId, null, 1), CancellationToken.None);
        using var promise = next.Promise;
        Assert.NotNull(promise);
    }
}
