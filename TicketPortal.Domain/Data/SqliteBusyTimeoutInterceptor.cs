using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketPortal.Domain.Data;

/// <summary>Lets SQLite itself wait for a busy write lock. Without it Microsoft.Data.Sqlite retries a busy
/// database by sleeping 150 ms at a time, which under concurrent buyers adds whole steps of latency. Set on the
/// native handle, not by a PRAGMA statement: every open of a pooled connection passes here, and preparing a
/// statement each time cost more than the reads it preceded.</summary>
public sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const int TimeoutMs = 30_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_busy_timeout(handle, TimeoutMs), handle);
    }
}
