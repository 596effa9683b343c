using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Realtime;

/// <summary>The right to dispatch the outbox, held by one instance at a time, and the last dispatch sequence
/// number given out. The holder renews it before each batch; when it dies the lease runs out and another
/// instance takes over. Times are the database's own, so instances' clocks need not agree. Numbers are given
/// out under the lease row's lock and only while the lease is held (a fencing check), so even two instances
/// that both think they hold it cannot give out one number twice or out of order.</summary>
public sealed class OutboxLease
{
    public const string Dispatcher = "outbox-dispatcher";

    /// <summary>"Never held": a lease row starts expired.</summary>
    public static readonly DateTime Free = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Name { get; set; } = "";
    public string? Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>The last <see cref="OutboxMessage.DispatchSequence"/> given out.</summary>
    public long Sequence { get; set; }

    /// <summary>Takes or renews the lease for <paramref name="holder"/> for <paramref name="seconds"/>; false while
    /// another holder's lease runs. One conditional UPDATE: of two instances racing for a free lease, the database
    /// lets exactly one match. <paramref name="exclusive"/> (SQLite: one instance by definition) takes it from
    /// whoever held it, so a restarted portal resumes at once instead of waiting for its old lease to run out.</summary>
    public static async Task<bool> TryHoldAsync(PortalDbContext db, string holder, double seconds, bool exclusive, CancellationToken ct) =>
        await db.OutboxLeases
            .Where(l => l.Name == Dispatcher && (exclusive || l.Holder == holder || l.ExpiresAt < DateTime.UtcNow))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(seconds)), ct) == 1;

    /// <summary>Reserves <paramref name="count"/> numbers for <paramref name="holder"/>, inside the caller's
    /// transaction, and returns the first; null when the lease is no longer this holder's.</summary>
    public static async Task<long?> ReserveSequenceAsync(PortalDbContext db, string holder, int count, CancellationToken ct)
    {
        var reserved = await db.OutboxLeases.Where(l => l.Name == Dispatcher && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Sequence, l => l.Sequence + count), ct);
        if (reserved == 0)
            return null;
        return await LastSequenceAsync(db, ct) - count + 1;
    }

    public static Task<long> LastSequenceAsync(PortalDbContext db, CancellationToken ct) =>
        db.OutboxLeases.Where(l => l.Name == Dispatcher).Select(l => l.Sequence).SingleAsync(ct);

    /// <summary>Gives the lease up (on a clean shutdown), so another instance takes over at once.</summary>
    public static Task ReleaseAsync(PortalDbContext db, string holder, CancellationToken ct) =>
        db.OutboxLeases.Where(l => l.Name == Dispatcher && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.ExpiresAt, Free), ct);
}

internal sealed class OutboxLeaseConfiguration : IEntityTypeConfiguration<OutboxLease>
{
    public void Configure(EntityTypeBuilder<OutboxLease> l)
    {
        l.HasKey(x => x.Name);
        l.Property(x => x.Name).HasMaxLength(64);
        l.Property(x => x.Holder).HasMaxLength(200);
        l.HasData(new OutboxLease { Name = OutboxLease.Dispatcher, ExpiresAt = OutboxLease.Free });
    }
}
