using TicketPortal.Accounts;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;

namespace TicketPortal.Realtime;

/// <summary>Every Realtime:RecheckSeconds (default 60) reads the roles of every user with hub subscriptions:
/// a connection keeps the roles its token or cookie was issued with, so without this a demoted admin would go
/// on receiving everyone's events.</summary>
public sealed class SubscriberRecheck(SubscriptionRegistry registry, IServiceScopeFactory scopes, IConfiguration config, ILogger<SubscriberRecheck> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.GetValue("Realtime:RecheckSeconds", 60)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RecheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Re-checking hub subscribers failed; trying again at the next tick");
            }
        }
    }

    public async Task RecheckAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleRecheck>();
        foreach (var userId in registry.Users())
        {
            ct.ThrowIfCancellationRequested();
            var now = await roles.CurrentRolesAsync(userId);
            registry.Recheck(userId, now is null ? null : new Actor(userId, now.Contains(Roles.Admin)));
        }
    }
}
