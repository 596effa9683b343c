using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Realtime;

/// <summary>Turns the changes about to be saved into the registered publications' events. Runs inside
/// SaveChanges, so the events join the same transaction as the rows they describe: one mechanism for
/// every change, not code in each endpoint.</summary>
internal static class OutboxCapture
{
    public static async Task<List<OutboxMessage>> CaptureAsync(PortalDbContext db, Publications publications, DateTime now, CancellationToken ct)
    {
        // Listed before any await: capturing reads the database, which must not meet a changing tracker.
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (Entry: e, Publication: publications.ForEntity(e.Metadata.ClrType)))
            .Where(x => x.Publication is not null)
            .ToList();
        var messages = new List<OutboxMessage>();
        foreach (var (entry, publication) in changed)
            messages.AddRange(await publication!.CaptureAsync(entry, db, publications.Topics, now, ct));
        return messages;
    }
}
