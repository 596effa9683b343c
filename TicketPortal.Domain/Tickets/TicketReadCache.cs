using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketPortal.Domain.Tickets;

/// <summary>Tickets as <see cref="TicketQueries.GetAsync"/> last read them from the database, served again until
/// anything writes to the tables they come from (tickets, their seats, their payments). Without it, a ticket read spends
/// about three quarters of its time in the database (opening the connection, preparing two statements, reading);
/// buyers' pages and API clients ask for the same ticket again and again while nothing changes it.
/// <para>Only where this process sees every write: one instance on SQLite (the web host turns it on there,
/// <c>Tickets:ReadCache</c>). The <see cref="Invalidation"/> interceptor watches every command of this process's
/// contexts; a write to those tables ends every entry once it is visible (at its statement, or at its transaction's
/// end). A read made before a write and kept after it is never served: an entry keeps the generation its read began
/// in, and is served only while no write has come since. The views are shared between requests: read-only.</para></summary>
public sealed class TicketReadCache
{
    // Bounded: past this many, the entries start over (a read fills one again).
    private const int Capacity = 10_000;
    private static readonly string[] Tables = ["\"Tickets\"", "\"TicketSeats\"", "\"TicketPayments\""];

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private long generation;
    // About how many entries there are: ConcurrentDictionary.Count takes every one of its locks, at every read that
    // misses. Reset with the entries; a bound, not a tally.
    private int kept;

    public TicketReadCache(bool enabled)
    {
        Enabled = enabled;
        Invalidation = new Watcher(this);
    }

    public bool Enabled { get; }

    /// <summary>Counts the writes to the cached tables; taken before a read, handed back to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>The interceptor to add to every context of this process (<see cref="Watcher"/>).</summary>
    public IInterceptor Invalidation { get; }

    public TicketView? Find(Guid id) =>
        Enabled && entries.TryGetValue(id, out var entry) && entry.Generation == Generation ? entry.View : null;

    /// <summary>Keeps a view read from the database, unless a write came since <paramref name="readFrom"/>.</summary>
    public void Keep(Guid id, long readFrom, TicketView view)
    {
        if (!Enabled || readFrom != Generation)
            return;
        if (Interlocked.Increment(ref kept) > Capacity)
            Clear();
        entries[id] = new Entry(readFrom, view);
    }

    /// <summary>Tickets, seats or payments changed (or may have): every view read before now is stale.</summary>
    public void Changed()
    {
        Interlocked.Increment(ref generation);
        if (!entries.IsEmpty)
            Clear();
    }

    private void Clear()
    {
        Volatile.Write(ref kept, 0);
        entries.Clear();
    }

    /// <summary>Whether a command may write to the cached tables. EF's queries start with SELECT; anything else that
    /// names one of the tables counts as a write (a false alarm only costs a read).</summary>
    public static bool Writes(string sql) =>
        !sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        && Tables.Any(t => sql.Contains(t, StringComparison.OrdinalIgnoreCase));

    private sealed record Entry(long Generation, TicketView View);

    /// <summary>Ends the entries when a write is visible to others: after its statement, and again once what
    /// it wrote is committed: when the transaction it ran in ends (committed, rolled back, or dropped with its
    /// connection), or, for a write run as a reader outside one (SQL that reads back what it wrote), when its
    /// connection closes (SQLite commits such a statement once its reader is gone). Registered before the
    /// interceptors that hand a commit's events on, so a subscriber told of a change never reads the old ticket.</summary>
    private sealed class Watcher(TicketReadCache cache) : DbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
    {
        // The connections with a write that may not be committed yet.
        private readonly ConcurrentDictionary<Guid, byte> writing = new();

        private void Wrote(DbCommand command, CommandEventData data, bool reader = false)
        {
            // Turned off (Tickets:ReadCache): nothing is kept, so no command needs reading.
            if (!cache.Enabled || !Writes(command.CommandText))
                return;
            if (reader || command.Transaction is not null)
                writing[data.ConnectionId] = 0;
            cache.Changed();
        }

        private void Ended(Guid connection)
        {
            if (writing.TryRemove(connection, out _))
                cache.Changed();
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Wrote(command, eventData);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Wrote(command, eventData);
            return ValueTask.FromResult(result);
        }

        // EF's inserts read back what the database generated (RETURNING): they run as readers.
        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Wrote(command, eventData, reader: true);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Wrote(command, eventData, reader: true);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Wrote(command, eventData);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Wrote(command, eventData);
            return ValueTask.FromResult(result);
        }

        // A statement that failed may have written part of its work inside a transaction: counted as a write.
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Wrote(command, eventData, reader: true);

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Wrote(command, eventData, reader: true);
            return Task.CompletedTask;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.ConnectionId);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData.ConnectionId);
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.ConnectionId);

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData.ConnectionId);
            return Task.CompletedTask;
        }

        // A transaction disposed without commit or rollback ends when its connection closes.
        public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Ended(eventData.ConnectionId);

        public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            Ended(eventData.ConnectionId);
            return Task.CompletedTask;
        }

        public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Ended(eventData.ConnectionId);

        public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            Ended(eventData.ConnectionId);
            return Task.CompletedTask;
        }
    }
}
