using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketPortal.Domain.Data;

/// <summary>Lets SQLite itself wait for a busy write lock. Without it Microsoft.Data.Sqlite retries a busy
/// database by sleeping 150 ms at a time, which under concurrent buyers adds whole steps of latency. Set on the
/// native handle, not by a PRAGMA statement: every open of a pooled connection passes here, and preparing a
/// statement each time cost more than the reads it preceded. Also keeps SQLite's temporary files in memory (a PRAGMA
/// once per native handle, which a pooled connection keeps from one open to the next).</summary>
public sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const int TimeoutMs = 30_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Native handles whose temp_store is set already.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> settled = new();

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
            return;
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_busy_timeout(handle, TimeoutMs), handle);
        if (settled.TryGetValue(handle, out _))
            return;
        // Savepoints (a group commit has one per writer) journal the pages they change in a temporary file by default.
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_exec(handle, "PRAGMA temp_store = MEMORY"), handle);
        settled.AddOrUpdate(handle, settled);
    }
}
