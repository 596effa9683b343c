using Hangfire;
using TicketPortal.Domain.Operations;

namespace TicketPortal.Operations;

/// <summary>Runs operation tickets on Hangfire. An unexpected error schedules the next attempt as a new Hangfire
/// job (Operations:Retries, default 3, Operations:RetryDelaySeconds apart, default 30), so retries survive a
/// restart; after the last one the ticket ends as a Failure 500. The watchdog fails tickets whose job is gone.</summary>
public sealed class OperationJobs(
    OperationTickets tickets,
    IEnumerable<IOperationHandler> handlers,
    IBackgroundJobClient jobs,
    IConfiguration config,
    TimeProvider clock,
    ILogger<OperationJobs> log)
{
    public const string WatchdogId = "operation-watchdog";

    [AutomaticRetry(Attempts = 0)] // retries are scheduled here, with the ticket's own count
    public async Task RunAsync(Guid operationId, int attempt, CancellationToken ct)
    {
        var retries = config.GetValue("Operations:Retries", 3);
        var ticket = await tickets.FindAsync(operationId, ct);
        if (ticket is not { Status: OperationStatus.Pending })
            return;
        var handler = handlers.FirstOrDefault(h => h.Operation == ticket.Operation);
        if (handler is null)
        {
            await tickets.FailLostAsync(operationId, ct);
            return;
        }
        try
        {
            await tickets.RunAsync(operationId, handler, lastAttempt: attempt > retries, ct);
        }
        catch (Exception ex) when (attempt <= retries && ex is not OperationCanceledException)
        {
            var delay = TimeSpan.FromSeconds(config.GetValue("Operations:RetryDelaySeconds", 30));
            log.LogWarning(ex, "Operation {OperationId} ({Operation}) failed on attempt {Attempt}; retrying in {Delay}",
                operationId, ticket.Operation, attempt, delay);
            jobs.Schedule<OperationJobs>(j => j.RunAsync(operationId, attempt + 1, CancellationToken.None), delay);
        }
    }

    /// <summary>Pending tickets untouched for Operations:StaleMinutes (default 30) lost their job (it was deleted,
    /// or its storage was): they end as Failure instead of staying Pending forever.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task FailLostAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMinutes(-config.GetValue("Operations:StaleMinutes", 30));
        foreach (var id in await tickets.StalePendingAsync(cutoff, ct))
        {
            log.LogWarning("Operation {OperationId} lost its job; it is failed", id);
            await tickets.FailLostAsync(id, ct);
        }
    }
}
