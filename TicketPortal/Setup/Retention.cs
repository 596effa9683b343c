using Hangfire;
using TicketPortal.Domain.Data;

namespace TicketPortal.Setup;

/// <summary>Records a feature keeps only for a while (webhook ids, idempotency keys, dispatched events). Each
/// feature registers its own rule; one daily job applies them all.</summary>
public interface IRetentionRule
{
    /// <summary>Deletes what has expired by <paramref name="now"/>; returns how many rows went.</summary>
    Task<int> PurgeAsync(PortalDbContext db, DateTime now, CancellationToken ct);
}

public static class RetentionRules
{
    public static IServiceCollection AddRetentionRule<T>(this IServiceCollection services) where T : class, IRetentionRule =>
        services.AddSingleton<IRetentionRule, T>();
}

/// <summary>The daily purge: every registered rule, each on its own, so one failing table never keeps the
/// others from being cleaned.</summary>
public sealed class RetentionJob(IEnumerable<IRetentionRule> rules, PortalDbContext db, TimeProvider clock, ILogger<RetentionJob> log)
{
    public const string Id = "purge-expired-records";

    [AutomaticRetry(Attempts = 0)] // tomorrow's run retries anyway
    public async Task PurgeExpiredRecordsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rule in rules)
        {
            try
            {
                var purged = await rule.PurgeAsync(db, now, ct);
                if (purged > 0)
                    log.LogInformation("{Rule} purged {Count} rows", rule.GetType().Name, purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "{Rule} failed; the other rules still ran", rule.GetType().Name);
            }
        }
    }
}
