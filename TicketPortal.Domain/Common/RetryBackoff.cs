using System.Collections.Concurrent;

namespace TicketPortal.Domain.Common;

/// <summary>When a background item that failed may be tried again: after 1, 2, 4, … minutes, at most an hour
/// apart. Kept in memory: a restart retries everything once, which every job tolerates.</summary>
public sealed class RetryBackoff(TimeProvider clock)
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<(string Job, Guid Item), (int Failures, DateTime Next)> failures = new();

    public bool IsDue(string job, Guid item) =>
        !failures.TryGetValue((job, item), out var f) || f.Next <= clock.GetUtcNow().UtcDateTime;

    /// <summary>Records a failure; returns when the item is next due.</summary>
    public DateTime Failed(string job, Guid item)
    {
        var entry = failures.AddOrUpdate((job, item), _ => (1, Next(1)), (_, f) => (f.Failures + 1, Next(f.Failures + 1)));
        return entry.Next;
    }

    public void Succeeded(string job, Guid item) => failures.TryRemove((job, item), out _);

    /// <summary>The delay after the given number of failures: 1, 2, 4 … minutes, capped at an hour.</summary>
    public static TimeSpan Delay(int failures) =>
        TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Min(failures - 1, 10)), Longest.TotalMinutes));

    private DateTime Next(int failures) => clock.GetUtcNow().UtcDateTime + Delay(failures);
}
