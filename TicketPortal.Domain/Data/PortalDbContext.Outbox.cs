using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Data;

// The outbox's own INSERTs: an event appended after its change was saved, and a group's events written together
// before its commit.
public abstract partial class PortalDbContext
{
    /// <summary>Writes one event to the outbox at once and hands it on at the commit, as a save's events are: in the
    /// transaction open on this context, or (on SQLite, whose writes all queue at its gate in a transaction) in one of
    /// its own; on a server database a statement alone commits as it runs, as a save of one row does. For an event that
    /// follows a change already saved (a route event): a second save cost each hold of an on-sale group about a tenth
    /// of the group's serial part (detecting changes, capturing, a batch, reading the row's Position back), where one
    /// INSERT, made once per model from its table and column names, does.</summary>
    public async Task AppendEventAsync(OutboxMessage message, CancellationToken ct)
    {
        if (Database.CurrentTransaction is null && !Database.IsSqlite())
        {
            await InsertEventAsync(message, ct);
            _outbox.Committed([message]);
            return;
        }
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        if (GroupCommits && Database.IsSqlite())
            unwritten.Add(message); // with the group's other events, at its commit (see SaveChangesAsync)
        else
            await InsertEventAsync(message, ct);
        uncommitted.Add(message);
        try
        {
            if (own is not null)
                await own.CommitAsync(ct);
        }
        catch
        {
            uncommitted.Remove(message); // not committed: nothing to hand on
            throw;
        }
    }

    /// <summary>The outbox's INSERT of one event, and nothing else: the caller sees to its transaction.</summary>
    private async Task InsertEventAsync(OutboxMessage message, CancellationToken ct)
    {
        var insert = OutboxInsert();
        await using var command = Database.GetDbConnection().CreateCommand();
        var values = insert.Columns.Select(object (c, i) => OutboxParameter(command, message, c, $"p{i}")).ToArray();
        await Database.ExecuteSqlRawAsync(insert.OneRow, values, ct);
    }

    /// <summary>Writes the events a group's writers saved on SQLite (see <see cref="SaveChangesAsync"/>), in the order they
    /// were saved, a few rows a statement: called by the group, in its transaction, just before its commit.</summary>
    internal async Task WriteGroupEventsAsync(CancellationToken ct)
    {
        if (unwritten.Count == 0)
            return;
        var insert = OutboxInsert();
        var transaction = Database.CurrentTransaction!.GetDbTransaction();
        // Straight on the connection: EF's command pipeline for one statement cost more than the rows' own binding. One
        // command for all: its statement stays prepared from one batch of rows to the next.
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        foreach (var rows in unwritten.Chunk(OutboxInsertStatement.MostRows))
        {
            command.CommandText = insert.Rows(rows.Length);
            command.Parameters.Clear();
            for (var r = 0; r < rows.Length; r++)
                for (var c = 0; c < insert.Columns.Length; c++)
                    command.Parameters.Add(OutboxParameter(command, rows[r], insert.Columns[c], insert.Name(r, c)));
            await command.ExecuteNonQueryAsync(ct);
        }
        unwritten.Clear();
    }

    /// <summary>The outbox's INSERT for one row with EF's placeholders, the same for several rows with named parameters,
    /// and the properties it takes in the order of its values.</summary>
    private sealed class OutboxInsertStatement(string into, IProperty[] columns)
    {
        // SQLite finds each named parameter by a walk through the statement's names: the binding of a statement's rows
        // grows with the square of their number (64 rows a statement cost more than the INSERTs they replaced).
        public const int MostRows = 8;
        private readonly string[] names = Enumerable.Range(0, MostRows * columns.Length).Select(n => $"@p{n}").ToArray();
        private readonly string[] texts = Enumerable.Range(1, MostRows).Select(rows => into + string.Join(", ",
            Enumerable.Range(0, rows).Select(r => $"({string.Join(", ", columns.Select((_, c) => $"@p{r * columns.Length + c}"))})"))).ToArray();

        public IProperty[] Columns => columns;
        public string OneRow { get; } = $"{into}({string.Join(", ", columns.Select((_, i) => $"{{{i}}}"))})";
        public string Rows(int count) => texts[count - 1];
        public string Name(int row, int column) => names[row * columns.Length + column];
    }

    // Typed by each column's own mapping (its converter, its null), as a save would bind them.
    private static System.Data.Common.DbParameter OutboxParameter(System.Data.Common.DbCommand command, OutboxMessage message, IProperty column, string name) =>
        column.GetRelationalTypeMapping().CreateParameter(command, name, column.GetGetter().GetClrValue(message), column.IsNullable);

    private OutboxInsertStatement OutboxInsert() =>
        OutboxInserts.GetOrAdd(Model, static (model, helper) => OutboxInsertOf(model, helper), this.GetService<ISqlGenerationHelper>());

    // Per model (one per provider).
    private static readonly ConcurrentDictionary<IModel, OutboxInsertStatement> OutboxInserts = new();

    private static OutboxInsertStatement OutboxInsertOf(IModel model, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(typeof(OutboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        // All but what the database makes (Position).
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToArray();
        var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        return new($"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ", columns);
    }
}
