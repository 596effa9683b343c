using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TicketPortal.Domain.Data;

/// <summary>A few SQLite connections kept open for a short read that an on-sale burst makes again and again (the
/// hold line's count, <see cref="Tickets.HoldLineReader"/>), so that its statement is prepared once per connection and
/// not at every read: EF closes a context's connection after each query, and closing finalizes its statements.
/// Measured in a burst when each request read for itself, that read took 170-260 µs, most of it SQLite parsing and
/// planning the statement again. Each read has a connection to
/// itself; a statement is reset when its reader is done, so no read keeps a snapshot open between requests. On the
/// server databases, and when the request's context is not SQLite's, the read runs on the request's own context.</summary>
public sealed class SqliteReadLane(IServiceProvider services) : IDisposable
{
    private readonly ConcurrentBag<SqlitePortalDbContext> idle = [];
    // More than the cores can use at once: readers beyond it get a context of their own, closed after the read.
    private readonly int kept = 4 * Environment.ProcessorCount;
    // The bag's own Count locks all of it.
    private int idleCount;
    private int disposed;

    public async Task<T> ReadAsync<T>(PortalDbContext requestDb, Func<PortalDbContext, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (requestDb is not SqlitePortalDbContext || Volatile.Read(ref disposed) != 0)
            return await read(requestDb, ct);
        if (idle.TryTake(out var db))
            Interlocked.Decrement(ref idleCount);
        else
        {
            db = new SqlitePortalDbContext(services.GetRequiredService<DbContextOptions<SqlitePortalDbContext>>());
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                SqliteStatementCache.KeepStatements(db.Database.GetDbConnection());
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }
        var keep = false;
        try
        {
            var result = await read(db, ct);
            keep = Volatile.Read(ref disposed) == 0 && Interlocked.Increment(ref idleCount) <= kept;
            if (!keep)
                Interlocked.Decrement(ref idleCount);
            return result;
        }
        finally
        {
            if (keep)
            {
                idle.Add(db);
                // Disposed meanwhile: nobody else will take it back out.
                if (Volatile.Read(ref disposed) != 0)
                    Empty();
            }
            else
                await db.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
            Empty();
    }

    private void Empty()
    {
        while (idle.TryTake(out var db))
            db.Dispose();
    }
}
