using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketPortal.Domain.Data;

/// <summary>Keeps SQLite's prepared statements for as long as a transaction's connection stays open, so a statement
/// run again in it (the same SQL, new parameter values) is not parsed and planned again. EF makes a new command for
/// every statement, and Microsoft.Data.Sqlite keeps a statement prepared only within one command object: a group
/// commit of 64 holds parsed each hold's dozen statements 64 times. Here the first run of a text in a transaction
/// goes through a command kept for that connection, and later runs of the same text in it reuse that command with
/// the new run's parameters. Outside transactions nothing is kept (EF closes the connection after each statement, and
/// closing it finalizes every statement: Microsoft.Data.Sqlite disposes the connection's commands), except on a
/// connection its owner keeps open (<see cref="KeepStatements"/>, <see cref="SqliteReadLane"/>).</summary>
public sealed class SqliteStatementCache : DbCommandInterceptor, IDbConnectionInterceptor
{
    // Texts kept per open connection: a group's statements are a dozen or so; more are run as usual.
    private const int Largest = 64;
    private readonly ConditionalWeakTable<DbConnection, Dictionary<string, Kept>> byConnection = new();
    private long reused;
    // Connections opened by their owner for many statements, outside transactions too.
    private static readonly ConditionalWeakTable<DbConnection, object> keptOpen = new();

    /// <summary>Keeps the statements of <paramref name="connection"/> outside transactions too, for as long as it stays
    /// open: for a connection its owner opened and keeps open across many statements.</summary>
    public static void KeepStatements(DbConnection connection) => keptOpen.AddOrUpdate(connection, keptOpen);

    /// <summary>Statements run on a kept, already prepared statement (for tests and diagnostics).</summary>
    public long Reused => Interlocked.Read(ref reused);

    private sealed class Kept(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;
        // A reader still open on the kept command keeps its statements busy: a second run then goes the usual way.
        public SqliteDataReader? Reader { get; set; }
    }

    private Kept? Take(DbCommand command)
    {
        if (command is not SqliteCommand { Connection: { State: ConnectionState.Open } connection } sqlite
            || (sqlite.Transaction is null && !keptOpen.TryGetValue(connection, out _))
            || command.CommandType != CommandType.Text)
            return null;
        var kept = byConnection.GetOrCreateValue(connection);
        if (!kept.TryGetValue(command.CommandText, out var twin))
        {
            if (kept.Count >= Largest)
                return null;
            kept[command.CommandText] = twin = new Kept(connection.CreateCommand());
            twin.Command.CommandText = command.CommandText;
        }
        else if (twin.Reader is { IsClosed: false })
            return null;
        else
            Interlocked.Increment(ref reused);
        twin.Command.Transaction = sqlite.Transaction;
        twin.Command.CommandTimeout = command.CommandTimeout;
        twin.Command.Parameters.Clear();
        foreach (SqliteParameter parameter in command.Parameters)
            twin.Command.Parameters.Add(parameter);
        return twin;
    }

    // A statement that failed is not kept: it goes back to being prepared afresh.
    private T Run<T>(DbCommand command, Kept twin, Func<SqliteCommand, T> run)
    {
        try
        {
            return run(twin.Command);
        }
        catch
        {
            Forget(command.Connection!, command.CommandText);
            throw;
        }
    }

    private void Forget(DbConnection connection, string text)
    {
        if (byConnection.TryGetValue(connection, out var kept) && kept.Remove(text, out var twin))
            twin.Command.Dispose();
    }

    private SqliteDataReader Read(DbCommand command, Kept twin) =>
        Run(command, twin, c => twin.Reader = c.ExecuteReader());

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        result.HasResult || Take(command) is not { } twin ? result : InterceptionResult<DbDataReader>.SuppressWithResult(Read(command, twin));

    // Microsoft.Data.Sqlite's asynchronous calls run synchronously: the same work, without their wrappers.
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ReaderExecuting(command, eventData, result));
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        result.HasResult || Take(command) is not { } twin ? result : InterceptionResult<int>.SuppressWithResult(Run(command, twin, c => c.ExecuteNonQuery()));

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(NonQueryExecuting(command, eventData, result));
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        result.HasResult || Take(command) is not { } twin ? result : InterceptionResult<object>.SuppressWithResult(Run(command, twin, c => c.ExecuteScalar())!);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ScalarExecuting(command, eventData, result));
    }

    // Closing the connection finalized the kept statements and disposed their commands, which the connection then no
    // longer tracks: start afresh. Also at every open, since a pooled context's connection can be closed without
    // ConnectionClosed (EF resetting it for the pool): a command kept from before would be prepared again outside
    // the connection's list, and a later close would leave its statement on a handle back in SQLite's pool.
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Forget(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(connection);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Forget(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Forget(connection);
        return Task.CompletedTask;
    }

    private void Forget(DbConnection connection)
    {
        if (byConnection.TryGetValue(connection, out var kept))
        {
            foreach (var twin in kept.Values)
                twin.Command.Dispose();
            byConnection.Remove(connection);
        }
        // Looked up first: every open passes here, and the lookup takes no lock.
        if (keptOpen.TryGetValue(connection, out _))
            keptOpen.Remove(connection);
    }
}
