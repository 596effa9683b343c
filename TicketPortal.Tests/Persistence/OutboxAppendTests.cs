using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

/// <summary>An event appended with its own INSERT (a route event) is the row a save would have written, it is part of
/// the transaction it was appended in, and it is handed on when that commits, after the events saved before it.</summary>
public sealed class OutboxAppendTests
{
    private static OutboxMessage Message(string topic, string? organizer) => new()
    {
        Topic = topic, Kind = OutboxKind.Route, EntityId = Guid.CreateVersion7(), Sequence = 7,
        OccurredAt = new DateTime(2026, 11, 29, 12, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567),
        Payload = """{"data":{"ticket":{"quantity":2}}}""", UserId = "buyer-1", OrganizerId = organizer, ScopeKey = "eventId=e1;ticketId=t1",
    };

    [Fact]
    public Task AnAppendedEvent_IsTheRowASaveWrites_AfterTheRowsBeforeIt() => SqliteFile.WithMigratedAsync("append", [], async (options, _) =>
    {
        await using (var db = new SqlitePortalDbContext(options))
        {
            db.OutboxMessages.Add(Message("saved", organizer: null));
            await db.SaveChangesAsync();
            // No transaction open: it commits in one of its own.
            await db.AppendEventAsync(Message("appended", organizer: null), CancellationToken.None);
            await db.AppendEventAsync(Message("appended, with an organizer", "organizer-1"), CancellationToken.None);
        }

        await using var read = new SqlitePortalDbContext(options);
        var rows = await read.OutboxMessages.AsNoTracking().OrderBy(m => m.Position).ToListAsync();
        Assert.Equal(["saved", "appended", "appended, with an organizer"], rows.Select(r => r.Topic));
        var (saved, appended) = (rows[0], rows[1]);
        Assert.NotEqual(saved.Id, appended.Id);
        Assert.Equal((saved.Kind, saved.Sequence, saved.OccurredAt, saved.OccurredAt.Kind, saved.Payload, saved.UserId, saved.OrganizerId, saved.ScopeKey),
            (appended.Kind, appended.Sequence, appended.OccurredAt, appended.OccurredAt.Kind, appended.Payload, appended.UserId, appended.OrganizerId, appended.ScopeKey));
        Assert.Null(appended.DispatchedAt);
        Assert.Null(appended.DispatchSequence);
        Assert.Equal("organizer-1", rows[2].OrganizerId);
        // Found by its id, as the relay and the tests look events up.
        Assert.Equal("appended", (await read.OutboxMessages.SingleAsync(m => m.Id == appended.Id)).Topic);
    });

    [Fact]
    public Task AnEventAppendedInATransactionRolledBack_IsNotWritten() => SqliteFile.WithMigratedAsync("append-rollback", [], async (options, _) =>
    {
        await using (var db = new SqlitePortalDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.AppendEventAsync(Message("rolled back", organizer: null), CancellationToken.None);
            Assert.True(db.HasUncommittedEvents);
            await transaction.RollbackAsync();
        }

        await using var read = new SqlitePortalDbContext(options);
        Assert.Equal(0, await read.OutboxMessages.CountAsync());
    });
    [Fact]
    public async Task AnAppendedEvent_IsHandedOnAtItsCommit_AfterTheEventsSavedBeforeIt()
    {
        using var signal = new OutboxSignal(Publications.None);
        var handed = new List<string>();
        signal.OnCommitted = events => handed.AddRange(events.Select(e => e.Topic));
        await SqliteFile.WithMigratedAsync("append-handed", [new OutboxCommitInterceptor(signal)], async (options, _) =>
        {
            await using var db = new SqlitePortalDbContext(options);
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.OutboxMessages.Add(Message("saved", organizer: null));
                await db.SaveChangesAsync();
                await db.AppendEventAsync(Message("appended", organizer: null), CancellationToken.None);
                Assert.Empty(handed);
                await transaction.CommitAsync();
            }
            Assert.Equal(["saved", "appended"], handed);

            // Alone, it commits in a transaction of its own and is handed on then.
            await db.AppendEventAsync(Message("alone", organizer: null), CancellationToken.None);
            Assert.Equal(["saved", "appended", "alone"], handed);
        });
    }
}
