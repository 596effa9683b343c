using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Realtime;

/// <summary>A named, expiring right to do one job for every instance: the outbox's dispatcher holds
/// <see cref="Dispatcher"/> while it sends, so of several instances exactly one reads and sends the outbox, in
/// order. A holder that stops renewing (killed, partitioned) loses it when it expires and another takes over.</summary>
public sealed class OutboxLease
{
    public const string Dispatcher = "outbox-dispatcher";

    /// <summary>"Never held": a lease row starts expired.</summary>
    public static readonly DateTime Free = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Name { get; set; } = "";
    public string? Holder { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>Takes or renews the lease for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="ttl"/>; false while another holder's lease runs. One conditional UPDATE: of two instances
    /// racing for a free lease, the database lets exactly one match.</summary>
    public static async Task<bool> TryHoldAsync(PortalDbContext db, string name, string holder, TimeSpan ttl, DateTime now, CancellationToken ct)
    {
        var until = now + ttl;
        return await db.OutboxLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct) == 1;
    }

    /// <summary>Gives the lease up (on a clean shutdown), so another instance takes over at once.</summary>
    public static Task ReleaseAsync(PortalDbContext db, string name, string holder, CancellationToken ct) =>
        db.OutboxLeases.Where(l => l.Name == name && l.Holder == holder)
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
