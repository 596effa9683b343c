using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Data;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

/// <summary>The portal's contexts are pooled: one a request leaves unfinished must not reach the next request
/// unfinished, nor keep SQLite's write gate.</summary>
[Collection(PortalCollection.Name)]
public sealed class PooledContextTests(PortalFactory portal)
{
    [Fact]
    public async Task AContextReturnedWithItsTransactionOpen_GivesTheWriteLockBack_AndComesBackClean()
    {
        for (var request = 0; request < 3; request++)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Null(db.Database.CurrentTransaction);
            // Waits for the gate: held by the previous request's context, this would time out.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await db.Database.BeginTransactionAsync(patience.Token);
            await db.OutboxLeases.Where(l => l.Name == "none").ExecuteUpdateAsync(s => s.SetProperty(l => l.Sequence, l => l.Sequence), patience.Token);
            // The request ends here, its transaction neither committed nor rolled back.
        }
    }
}
