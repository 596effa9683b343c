using System.Data.Common;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Data;

/// <summary>SQLite has one writer, and every EF transaction on it is a writer (BEGIN IMMEDIATE). Waiting for that
/// lock inside SQLite blocks a thread in its busy handler; under an on-sale burst, hundreds of requests then
/// sleep on thread-pool threads, starve the pool, and are all answered at the end (a convoy). This gate queues
/// the portal's write transactions in the process instead, asynchronously and in arrival order, so a waiting
/// request holds no thread and buyers are answered as their turn comes. SQLite's own lock still decides; the
/// gate only keeps this process from fighting over it.</summary>
public sealed class SqliteWriteGate : DbConnectionInterceptor, IDbTransactionInterceptor, IDisposable
{
    // SQLite's busy timeout (PersistenceSetup) gives up after as long.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    public const string TurnsThreadName = "SQLite write turns";
    // One writer at a time, handed the gate in arrival order on a thread of its own: the writer's request goes on on
    // that thread (SQLite's calls complete synchronously) up to its commit (see ReleaseAsync). Measured under load:
    // 0.06-0.15 ms from one writer's release to the next one's BEGIN, where a semaphore's hand-over through the
    // thread pool took 0.25-0.3 ms, and 2.5 ms in an on-sale burst.
    private readonly TurnLine line = new(TurnsThreadName, permits: 1);
    // The (EF) connections whose transaction holds the gate; released once, whichever way the transaction ends.
    private readonly ConcurrentDictionary<Guid, byte> holders = new();

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (!await line.EnterAsync(Patience, cancellationToken).ConfigureAwait(false))
            throw Busy();
    }

    /// <summary>How many writers wait for the gate now.</summary>
    public int Waiting => line.Waiting;

    // The gate's holder begins the transaction itself, so a BEGIN that fails (busy, a cancelled request) gives the
    // gate back at once: EF reports no failure for a transaction that never began.
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        EnterAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            var transaction = connection.BeginTransaction(eventData.IsolationLevel);
            holders[eventData.ConnectionId] = 0;
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
        catch
        {
            line.Leave();
            throw;
        }
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not the request's token: once the turn is ours, the BEGIN runs (or the gate goes back right here).
            var transaction = await connection.BeginTransactionAsync(eventData.IsolationLevel, CancellationToken.None).ConfigureAwait(false);
            holders[eventData.ConnectionId] = 0;
            return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
        }
        catch
        {
            line.Leave();
            throw;
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ReleaseAsync(eventData.ConnectionId);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ReleaseAsync(eventData.ConnectionId);

    // A failed commit, rollback or savepoint may leave the transaction open in SQLite: the gate stays taken until
    // the transaction ends or its connection closes, so the next writer does not meet SQLite's lock instead.

    // A transaction disposed without commit or rollback (an early return, an exception) ends when EF closes the
    // connection it opened for it; SQLite rolls it back there.
    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.ConnectionId);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => ReleaseAsync(eventData.ConnectionId);

    // And when a context is disposed with its connection still open. A pooled context is not disposed: returned with
    // a transaction open, it ends the transaction and closes the connection EF opened for it (above). A connection
    // opened by hand (Database.OpenConnection) would keep the gate: the portal opens none.
    public override void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.ConnectionId);

    public override Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) => ReleaseAsync(eventData.ConnectionId);

    private bool Release(Guid connection)
    {
        if (!holders.TryRemove(connection, out _))
            return false;
        line.Leave();
        return true;
    }

    // With writers waiting, the rest of this one's request (sending its answer) goes on in the thread pool, and the
    // turns thread hands the next turn at once. With none, it goes on here: a writer coming meanwhile finds the gate free
    // and nobody waiting, and goes straight on on its own thread.
    private Task ReleaseAsync(Guid connection)
    {
        if (!Release(connection) || !line.IsOnItsThread || line.Waiting == 0)
            return Task.CompletedTask;
        return Task.Run(static () => { });
    }

    private static TimeoutException Busy() =>
        new($"The database stayed busy with other writers for {Patience.TotalSeconds:F0} s.");

    public void Dispose() => line.Dispose();
}
