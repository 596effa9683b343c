using TicketPortal.Domain.Realtime;

namespace TicketPortal.Tests.Unit;

public sealed class ScopeSetTests
{
    private static readonly Guid EventId = Guid.NewGuid();
    private static readonly Guid TicketId = Guid.NewGuid();

    [Fact]
    public void Key_IsCanonical_WhateverTheOrderOrCase_AndRoundTrips()
    {
        var a = ScopeSet.Of(("ticketId", TicketId), ("eventId", EventId));
        var b = ScopeSet.Parse($"eventId={EventId.ToString().ToUpperInvariant()};ticketId={TicketId}");

        Assert.Equal($"eventId={EventId};ticketId={TicketId}", a.Key);
        Assert.Equal(a, b);
        Assert.Equal(TicketId, ScopeSet.Parse(a.Key)["ticketId"]);
    }

    [Fact]
    public void NullIds_AreLeftOut()
    {
        Assert.Same(ScopeSet.Empty, ScopeSet.Of(("eventId", null)));
        Assert.Equal($"eventId={EventId}", ScopeSet.Of(("eventId", EventId), ("ticketId", null)).Key);
    }

    [Fact]
    public void Satisfies_NeedsEveryIdTheFilterNames()
    {
        var message = ScopeSet.Of(("eventId", EventId), ("ticketId", TicketId));

        Assert.True(message.Satisfies(ScopeSet.Empty));
        Assert.True(message.Satisfies(ScopeSet.Of(("eventId", EventId))));
        Assert.False(message.Satisfies(ScopeSet.Of(("eventId", Guid.NewGuid()))));
        Assert.False(ScopeSet.Of(("eventId", EventId)).Satisfies(ScopeSet.Of(("ticketId", TicketId))));
    }

    [Fact]
    public void Parse_IgnoresWhatItCannotRead()
    {
        Assert.Equal(ScopeSet.Empty, ScopeSet.Parse(null));
        Assert.Equal($"eventId={EventId}", ScopeSet.Parse($"junk;eventId={EventId};ticketId=not-a-guid").Key);
    }
}
