using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Tickets;

/// <summary>The places promised to hold requests that are waiting their turn in this process, per event and per
/// buyer. In an on-sale burst most buyers ask after the last place is spoken for; counting the line ahead of
/// them tells them "sold out" at once instead of after everyone ahead has been served.
/// <para>A promise lasts only while its request waits: it ends before the request writes anything. A place is
/// therefore counted at most once, either in the line or in the database's <see cref="Events.Event.Reserved"/>,
/// never both, so no buyer is turned away for places that are really free. It can be counted nowhere for a moment
/// (a hold on its way to the database), and then the buyer goes on to the conditional UPDATE, which decides every
/// hold as before. If a request that was promised places fails (its tier is wrong), the places stay free and go
/// to the next buyer who asks, as places of a lapsed hold do.</para></summary>
public sealed class HoldLine
{
    private readonly Dictionary<Guid, int> byEvent = [];
    private readonly Dictionary<(Guid, string), int> byBuyer = [];

    /// <summary>What the database says now, read before the request joins the line.</summary>
    /// <param name="Remaining">Places neither held nor sold.</param>
    /// <param name="BuyersPlaces">Places the buyer already holds or owns for the event.</param>
    public sealed record Standing(int Remaining, int BuyersPlaces, int MaxPerBuyer);

    /// <summary>The answer for a request of <paramref name="places"/> by <paramref name="buyer"/>: a promise to
    /// hold while it waits (dispose it when its turn comes); a refusal when the places left are all promised to
    /// buyers ahead; or neither when the buyer is over the per-buyer limit (the hold itself says so).</summary>
    public (Promise? Promise, Failure? SoldOut) Join(Guid eventId, string buyer, int places, Standing now)
    {
        lock (byEvent)
        {
            var aheadOfBuyer = byBuyer.GetValueOrDefault((eventId, buyer));
            if (now.BuyersPlaces + aheadOfBuyer + places > now.MaxPerBuyer)
                return (null, null);
            var ahead = byEvent.GetValueOrDefault(eventId);
            var left = now.Remaining - ahead;
            if (left < places)
                return (null, ahead == 0 || left > 0
                    ? PlaceInventory.NotEnough(left, places)
                    : Failure.Conflict("Sold out: the last places are going to buyers ahead of you. Places that are given back go on sale again."));
            byEvent[eventId] = ahead + places;
            byBuyer[(eventId, buyer)] = aheadOfBuyer + places;
            return (new Promise(this, eventId, buyer, places), null);
        }
    }

    /// <summary>Places promised on the event now (for tests and diagnostics).</summary>
    public int PromisedOn(Guid eventId)
    {
        lock (byEvent)
            return byEvent.GetValueOrDefault(eventId);
    }

    private void Release(Guid eventId, string buyer, int places)
    {
        lock (byEvent)
        {
            Subtract(byEvent, eventId, places);
            Subtract(byBuyer, (eventId, buyer), places);
        }
    }

    private static void Subtract<TKey>(Dictionary<TKey, int> counts, TKey key, int places) where TKey : notnull
    {
        var left = counts[key] - places;
        if (left == 0)
            counts.Remove(key);
        else
            counts[key] = left;
    }

    /// <summary>Places promised to one waiting request; disposing it (once or more) ends the promise.</summary>
    public sealed class Promise(HoldLine line, Guid eventId, string buyer, int places) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
                line.Release(eventId, buyer, places);
        }
    }
}
