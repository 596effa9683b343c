using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Tickets;

/// <summary>Counts the line (<see cref="HoldLine"/>) for hold requests about to wait their turn: every request waiting
/// to be counted is counted by one read of its event and its buyers' places, in arrival order. One read at a time;
/// requests that arrive meanwhile are counted by the next. In an on-sale burst every buyer before the line's end is
/// counted: a read each cost 150-250 µs (a context rented, a query run), a few dozen at a time, and the buyers after
/// the line's end could not be told "sold out" until the line had filled, 40-100 ms into the burst.
/// <para>A read counts what was committed when it ran, as a read of its own did: a hold committed between the read
/// and the count is counted nowhere for a moment (see <see cref="HoldLine"/>), and the conditional UPDATE decides.</para></summary>
public sealed class HoldLineReader(HoldLine line, IServiceScopeFactory scopes, IOptions<TicketOptions> options, TimeProvider clock)
{
    // A statement's parameter is one JSON array of buyers, whatever their number.
    private const int MostPerRead = 256;
    // On SQLite a read completes synchronously, so the request that starts reading reads on for those who queue
    // meanwhile; after this many reads it hands the rest to the thread pool and goes on with its own request.
    private const int ReadsInline = 8;
    private readonly Lock gate = new();
    private readonly Queue<Waiter> waiting = new();
    private bool reading;

    /// <summary>A promise for the wait, or "sold out" now; neither for what the line does not judge (invalid input,
    /// seats, a tier that is not the event's, an event not on sale, a buyer over the limit): the hold answers those.</summary>
    public async Task<(HoldLine.Promise? Promise, Failure? SoldOut)> LineUpAsync(string buyer, CreateTicketRequest request, CancellationToken ct)
    {
        if (!JudgedByTheLine(request, options.Value.MaxQuantity, out var eventId, out var places))
            return (null, null);
        var waiter = new Waiter(eventId, request.PriceTierId, buyer, places, ct);
        bool startReading;
        lock (gate)
        {
            waiting.Enqueue(waiter);
            startReading = !reading;
            reading = true;
        }
        // Not awaited: a read that completes asynchronously (the server databases) goes on without this request,
        // which waits for its own answer, within its own deadline.
        if (startReading)
            _ = ReadWhileWaitingAsync(ReadsInline);
        try
        {
            return await waiter.Answer.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The request stopped waiting: not counted if its read has not come yet, and a promise made meanwhile ends.
            waiter.Abandon();
            _ = waiter.Answer.Task.ContinueWith(static t => t.Result.Promise?.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>"Sold out" without reading the database, when the line takes every place left as it was last read
    /// (<see cref="HoldLine.RefusesUnread"/>); null when <see cref="LineUpAsync"/> must read. In an on-sale burst that
    /// is most requests.</summary>
    public Failure? SoldOutByTheLine(CreateTicketRequest request) =>
        JudgedByTheLine(request, options.Value.MaxQuantity, out var eventId, out var places)
            ? line.RefusesUnread(eventId, request.PriceTierId, places, clock.GetUtcNow().UtcDateTime)
            : null;

    // Valid general-admission requests; the hold answers the others itself.
    private static bool JudgedByTheLine(CreateTicketRequest request, int maxQuantity, out Guid eventId, out int places)
    {
        (eventId, places) = (request.EventId ?? Guid.Empty, request.Quantity ?? 0);
        return request is { EventId: not null, Quantity: not null, SeatIds: null or { Count: 0 } }
               && request.Validate(maxQuantity).Count == 0;
    }

    private async Task ReadWhileWaitingAsync(int reads)
    {
        for (var read = 0; ; read++)
        {
            List<Waiter> batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    reading = false;
                    return;
                }
                if (read == reads)
                {
                    // Still reading: the pool's thread takes over.
                    ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.ReadWhileWaitingAsync(int.MaxValue), this, preferLocal: false);
                    return;
                }
                batch = new(Math.Min(waiting.Count, MostPerRead));
                while (batch.Count < MostPerRead && waiting.TryDequeue(out var next))
                    batch.Add(next);
            }
            await CountAsync(batch);
        }
    }

    /// <summary>One read per event (its buyers' places, and the places left for each tier asked for), then the
    /// batch's requests join the line in arrival order. A read that fails fails its event's requests only.</summary>
    private async Task CountAsync(List<Waiter> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var lane = scope.ServiceProvider.GetService<SqliteReadLane>();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var onEvent in batch.GroupBy(w => w.EventId))
            {
                var waiters = onEvent.Where(w => !w.CancelIfAbandoned()).ToList();
                if (waiters.Count == 0)
                    continue;
                try
                {
                    var (standings, owned) = lane is null
                        ? await ReadAsync(db, onEvent.Key, waiters, now, CancellationToken.None)
                        : await lane.ReadAsync(db, (reader, ct) => ReadAsync(reader, onEvent.Key, waiters, now, ct), CancellationToken.None);
                    foreach (var w in waiters)
                    {
                        // Stopped waiting during the read: it takes no place in the line from the buyers behind it.
                        if (w.CancelIfAbandoned())
                            continue;
                        if (standings.Find(s => s.Tier == w.Tier).Standing is not { } standing)
                        {
                            w.Answer.TrySetResult((null, null));
                            continue;
                        }
                        var joined = line.Join(w.EventId, w.Buyer, w.Places, standing with { BuyersPlaces = owned.GetValueOrDefault(w.Buyer) });
                        line.Saw(w.EventId, w.Tier, standing.Remaining, now);
                        w.Answer.TrySetResult(joined);
                        // Stopped waiting while it joined: its continuation would end the promise only later.
                        if (w.Abandoned)
                            joined.Promise?.Dispose();
                    }
                }
                catch (Exception ex)
                {
                    foreach (var w in waiters)
                        w.Answer.TrySetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var w in batch)
                w.Answer.TrySetException(ex);
        }
    }

    /// <summary>The places left for each tier asked for (null: the line does not judge it), and each buyer's places.</summary>
    private static async Task<(List<(Guid? Tier, HoldLine.Standing? Standing)> Standings, Dictionary<string, int> Owned)> ReadAsync(
        PortalDbContext db, Guid eventId, List<Waiter> waiters, DateTime now, CancellationToken ct)
    {
        var standings = new List<(Guid? Tier, HoldLine.Standing? Standing)>();
        foreach (var tier in waiters.Select(w => w.Tier).Distinct())
            standings.Add((tier, await StandingOf(db, eventId, tier, now, ct)));
        var owned = new Dictionary<string, int>();
        if (standings.Exists(s => s.Standing is not null))
        {
            await foreach (var buyer in PlacesOf(db, eventId, waiters.Select(w => w.Buyer).Distinct().ToArray()).WithCancellation(ct))
                owned[buyer.Buyer] = buyer.Places;
        }
        return (standings, owned);
    }

    // Compiled: an on-sale burst asks it many times. The buyer's own places are filled in from PlacesOf.
    private static readonly Func<PortalDbContext, Guid, Guid?, DateTime, CancellationToken, Task<HoldLine.Standing?>> StandingOf =
        EF.CompileAsyncQuery((PortalDbContext db, Guid eventId, Guid? tierId, DateTime now, CancellationToken _) =>
            db.Events.AsNoTracking()
                .Where(e => e.Id == eventId && e.Status == EventStatus.Published && e.StartDate > now && !e.IsSeated
                            && (tierId == null ? e.Tiers.Count() == 1 : e.Tiers.Any(t => t.Id == tierId)))
                .Select(e => new HoldLine.Standing(e.Capacity - e.Reserved, 0, e.MaxPerBuyer))
                .FirstOrDefault());

    // Not compiled: a compiled query cannot take the buyers as one parameter (EF.Parameter), and with a parameter per
    // buyer the statement would change with their number.
    private static IAsyncEnumerable<BuyersPlaces> PlacesOf(PortalDbContext db, Guid eventId, string[] buyers) =>
        db.Tickets.AsNoTracking()
            .Where(t => t.EventId == eventId && EF.Parameter(buyers).Contains(t.UserId)).Where(TicketStatuses.TakingInventory)
            .GroupBy(t => t.UserId)
            .Select(g => new BuyersPlaces(g.Key, g.Sum(t => t.Quantity)))
            .AsAsyncEnumerable();

    private sealed record BuyersPlaces(string Buyer, int Places);

    private sealed class Waiter(Guid eventId, Guid? tier, string buyer, int places, CancellationToken ct)
    {
        private int abandoned;
        public Guid EventId => eventId;
        public Guid? Tier => tier;
        public string Buyer => buyer;
        public int Places => places;
        public TaskCompletionSource<(HoldLine.Promise? Promise, Failure? SoldOut)> Answer { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Abandoned => ct.IsCancellationRequested || Volatile.Read(ref abandoned) != 0;
        public void Abandon() => Volatile.Write(ref abandoned, 1);

        /// <summary>Whether the request stopped waiting before it was counted; if so, it is answered "cancelled".</summary>
        public bool CancelIfAbandoned() => Abandoned && Answer.TrySetCanceled();
    }
}
