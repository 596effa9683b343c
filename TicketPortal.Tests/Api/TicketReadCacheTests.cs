using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>GET /api/v1/tickets/{id} serves a ticket it read before (one instance on SQLite) until anything writes to
/// the ticket's tables, however it writes: through the API, a bulk UPDATE, a transaction. On PostgreSQL (instances
/// sharing the database) it reads every time.</summary>
[Collection(PortalCollection.Name)]
public sealed class TicketReadCacheTests(PortalFactory portal)
{
    private TicketReadCache Cache => portal.Services.GetRequiredService<TicketReadCache>();

    [Fact]
    public async Task OnSqliteOnly_ATicketReadIsKept_UntilItsTablesAreWritten()
    {
        Assert.Equal(!TestDatabases.OnPostgres, Cache.Enabled);
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var id = await buyer.HeldTicketAsync(sale);

        Assert.Equal("Reserved", (await buyer.TicketAsync(id)).GetProperty("status").GetString());
        if (!Cache.Enabled)
        {
            Assert.Null(Cache.Find(Guid.Parse(id)));
            return;
        }
        // Hangfire's jobs and earlier tests' webhooks write tickets in the background and end every kept read; a
        // pass during which one did proves nothing either way, and is run again.
        var ticketId = Guid.Parse(id);
        for (var attempt = 1; ; attempt++)
        {
            var quiet = Cache.Generation;
            await buyer.TicketAsync(id);
            var kept = Cache.Find(ticketId);
            // Served from memory: the very same view again.
            Assert.Equal("Reserved", (await buyer.TicketAsync(id)).GetProperty("status").GetString());
            var again = Cache.Find(ticketId);
            // Writes to other tables leave it.
            await portal.WithDbAsync(db => db.Events.Where(e => e.Id == Guid.Parse(sale.EventId))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Description, "Changed, not the ticket's business")));
            var afterOtherWrite = Cache.Find(ticketId);
            if (Cache.Generation != quiet && attempt < 10)
                continue;
            Assert.Equal(quiet, Cache.Generation);
            Assert.NotNull(kept);
            Assert.Same(kept, again);
            Assert.Same(kept, afterOtherWrite);
            break;
        }

        // A payment written anywhere ends it.
        var nobodys = Guid.NewGuid();
        await buyer.TicketAsync(id);
        await portal.WithDbAsync(db => db.TicketPayments.Where(p => p.OrderId == nobodys).ExecuteDeleteAsync());
        Assert.Null(Cache.Find(ticketId));
    }

    [Fact]
    public async Task Reads_SeeEveryWrite_ThroughTheApi_ABulkUpdate_AndACommittedTransaction_ButNotARolledBackOne()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var id = await buyer.HeldTicketAsync(sale);
        var ticketId = Guid.Parse(id);
        Assert.Equal(1, (await buyer.TicketAsync(id)).GetProperty("recordVersion").GetInt32());
        await buyer.TicketAsync(id);

        // A bulk UPDATE, as the hold-expiry job writes.
        await portal.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.StatusReason, "bulk").SetProperty(t => t.RecordVersion, t => t.RecordVersion + 1)));
        var afterBulk = await buyer.TicketAsync(id);
        Assert.Equal("bulk", afterBulk.GetProperty("statusReason").GetString());
        Assert.Equal(2, afterBulk.GetProperty("recordVersion").GetInt32());

        // A change saved inside a transaction shows once committed, and not while it is open.
        await portal.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Tickets.Where(t => t.Id == ticketId).ExecuteUpdateAsync(s => s.SetProperty(t => t.StatusReason, "committed"));
            Assert.Equal("bulk", (await buyer.TicketAsync(id)).GetProperty("statusReason").GetString());
            await tx.CommitAsync();
        });
        Assert.Equal("committed", (await buyer.TicketAsync(id)).GetProperty("statusReason").GetString());

        await buyer.TicketAsync(id);
        await portal.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Tickets.Where(t => t.Id == ticketId).ExecuteUpdateAsync(s => s.SetProperty(t => t.StatusReason, "rolled back"));
            await tx.RollbackAsync();
        });
        Assert.Equal("committed", (await buyer.TicketAsync(id)).GetProperty("statusReason").GetString());

        // And through the API: the holder cancels; the next read says so.
        Assert.Equal(HttpStatusCode.OK, (await buyer.DeleteAsync($"/api/v1/tickets/{id}")).StatusCode);
        Assert.Equal("Cancelled", (await buyer.TicketAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APaymentSavedOnItsOwn_ShowsOnTheNextRead()
    {
        var (_, buyer, id, _) = await portal.CheckoutStartedAsync();
        for (var read = 0; read < 2; read++)
        {
            var before = await (await buyer.GetAsync($"/api/v1/tickets/{id}")).BodyAsync();
            Assert.Equal(SessionStatus.Open, before.GetProperty("ticketPayment").GetProperty("paymentStatus").GetString());
        }
        // A tracked change saved on its own (on SQLite every save runs in a transaction of its own).
        await portal.WithDbAsync(async db =>
        {
            var payment = await db.TicketPayments.SingleAsync(p => p.OrderId == Guid.Parse(id) && p.IsActive);
            payment.PaymentStatus = SessionStatus.Expired;
            await db.SaveChangesAsync();
        });
        var body = await (await buyer.GetAsync($"/api/v1/tickets/{id}")).BodyAsync();
        Assert.Equal(SessionStatus.Expired, body.GetProperty("ticketPayment").GetProperty("paymentStatus").GetString());

        // SQL that writes and reads back what it wrote, outside a transaction: it runs as a reader, and SQLite
        // commits it once that reader is gone.
        await buyer.TicketAsync(id);
        await portal.WithDbAsync(async db =>
        {
            var ticketId = Guid.Parse(id);
            var reasons = await db.Database.SqlQuery<string>(
                $"UPDATE \"Tickets\" SET \"StatusReason\" = {"read back"} WHERE \"Id\" = {ticketId} RETURNING \"StatusReason\" AS \"Value\"").ToListAsync();
            Assert.Equal(["read back"], reasons);
        });
        Assert.Equal("read back", (await buyer.TicketAsync(id)).GetProperty("statusReason").GetString());
    }

    [Fact]
    public void AReadBegunBeforeAWrite_IsNeverServed()
    {
        var cache = new TicketReadCache(enabled: true);
        var id = Guid.NewGuid();
        var view = new TicketView((Ticket)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Ticket)), null);

        var readFrom = cache.Generation;
        cache.Changed(); // a write lands while the read is under way
        cache.Keep(id, readFrom, view);
        Assert.Null(cache.Find(id));

        readFrom = cache.Generation;
        cache.Keep(id, readFrom, view);
        Assert.Same(view, cache.Find(id));
        cache.Changed();
        Assert.Null(cache.Find(id));

        var off = new TicketReadCache(enabled: false);
        off.Keep(id, off.Generation, view);
        Assert.Null(off.Find(id));
    }

    [Theory]
    [InlineData("SELECT \"t\".\"Id\" FROM \"Tickets\" AS \"t\" WHERE \"t\".\"Id\" = @p", false)]
    [InlineData("UPDATE \"Events\" AS \"e\" SET \"Reserved\" = \"e\".\"Reserved\" + @q", false)]
    [InlineData("INSERT INTO \"Tickets\" (\"Id\") VALUES (@p0) RETURNING \"Status\";", true)]
    [InlineData("UPDATE \"TicketPayments\" AS \"t\" SET \"PaymentStatus\" = @p", true)]
    [InlineData("DELETE FROM \"TicketSeats\" WHERE \"TicketId\" = @p", true)]
    [InlineData("  update \"tickets\" set \"StatusReason\" = null", true)]
    public void WritesAreToldFromReads(string sql, bool writes) => Assert.Equal(writes, TicketReadCache.Writes(sql));
}
