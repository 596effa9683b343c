using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Tickets;

/// <summary>The places promised to hold requests that are waiting their turn in this process, per event and per
/// buyer. In an on-sale burst most buyers ask after the last place is spoken for; counting the line ahead of
/// them tells them "sold out" at once instead of after everyone ahead has been served.
/// <para>A promise lasts only until what its request writes can be seen: without group commit it ends when the wait
/// does, before the request writes; in a group (<see cref="Data.GroupCommit"/>) it ends once its hold was rolled back,
/// or just before the COMMIT that makes its hold visible to other readers. A place is therefore counted at most
/// once, either in the line or in the database's <see cref="Events.Event.Reserved"/>, never both, so no buyer is
/// turned away for places that are really free. It can be counted nowhere for a moment (a hold on its way to the
/// database, or its group's COMMIT), and then the buyer goes on to the conditional UPDATE, which decides every hold
/// as before. If a request that was promised places fails (its tier is wrong), the places stay free and go to the
/// next buyer who asks, as places of a lapsed hold do.</para>
/// <para>While a line is full, newcomers are refused on the places left as last read (<see cref="Saw"/>) for up to
/// <see cref="Trust"/>, without reading again: in a burst, most requests come after the last place was promised. That
/// count can only be too high because of holds written since (the line lets such a request on to read), and too low
/// only because of places given back since: a buyer may be told "sold out" for as long as <see cref="Trust"/> after
/// a place came back, as the hold itself answers "sold out" on what it read a moment before.</para></summary>
public sealed class HoldLine
{
    /// <summary>How long a count of the places left refuses newcomers without reading again.</summary>
    public static readonly TimeSpan Trust = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<Guid, int> byEvent = [];
    private readonly Dictionary<(Guid, string), int> byBuyer = [];
    // Per event with a line: the places left as last read, for requests of that tier (null: the event's only tier).
    private readonly Dictionary<Guid, (Guid? Tier, int Remaining, DateTime At)> seen = [];

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
                return (null, Refusal(ahead, left, places));
            byEvent[eventId] = ahead + places;
            byBuyer[(eventId, buyer)] = aheadOfBuyer + places;
            return (new Promise(this, eventId, buyer, places), null);
        }
    }

    /// <summary>The places left on the event, read from the database at <paramref name="at"/> for a request of the
    /// tier <paramref name="tier"/> that the line judges (valid, on sale, not seated).</summary>
    public void Saw(Guid eventId, Guid? tier, int remaining, DateTime at)
    {
        lock (byEvent)
            if (byEvent.ContainsKey(eventId))
                seen[eventId] = (tier, remaining, at);
    }

    /// <summary>"Sold out" for a request of that tier when the line takes every place left as last read, if that was
    /// less than <see cref="Trust"/> ago; null when the database must be read.</summary>
    public Failure? RefusesUnread(Guid eventId, Guid? tier, int places, DateTime now)
    {
        lock (byEvent)
        {
            if (!seen.TryGetValue(eventId, out var last) || last.Tier != tier || now - last.At > Trust || now < last.At)
                return null;
            var ahead = byEvent.GetValueOrDefault(eventId);
            var left = last.Remaining - ahead;
            return ahead > 0 && left < places ? Refusal(ahead, left, places) : null;
        }
    }

    private static Failure Refusal(int ahead, int left, int places) => ahead == 0 || left > 0
        ? PlaceInventory.NotEnough(left, places)
        : Failure.Conflict("Sold out: the last places are going to buyers ahead of you. Places that are given back go on sale again.");

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
            if (Subtract(byEvent, eventId, places))
                seen.Remove(eventId);
            Subtract(byBuyer, (eventId, buyer), places);
        }
    }

    /// <summary>Whether that was the key's last place.</summary>
    private static bool Subtract<TKey>(Dictionary<TKey, int> counts, TKey key, int places) where TKey : notnull
    {
        var left = counts[key] - places;
        if (left == 0)
            return counts.Remove(key);
        counts[key] = left;
        return false;
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
