using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TicketPortal.Domain.Data;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>In a burst (more holds waiting than a group takes, and a backlog of requests), groups let the arrivals go
/// first, for at most their wait, once a burst.</summary>
[Collection(PortalCollection.Name)]
public sealed class GroupCommitBurstTests(PortalFactory portal)
{
    private static readonly int[] Queued = [1, 2, 3, 4, 5];

    [Fact]
    public async Task InABurst_AGroupLetsTheArrivalsGoFirst_ForAtMostItsWait_OrUntilTheBacklogIsGone()
    {
        var backlogged = true;
        var wait = TimeSpan.FromMilliseconds(400);
        var scopes = portal.Services.GetRequiredService<IServiceScopeFactory>();
        GroupCommit Group(TimeSpan arrivalsFirst, Func<bool>? backlog = null) => new(scopes, NullLogger<GroupCommit>.Instance,
            largestGroup: 2, arrivalsFirst: arrivalsFirst, backlogged: backlog ?? (() => Volatile.Read(ref backlogged)));
        async Task<(Task<int>[] Queued, long QueuedAt)> QueueBehindAGateAsync(GroupCommit group, int writers)
        {
            // A writer holds the group's thread, so those queued meanwhile make a burst: more than a group takes.
            var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
            var gate = group.RunAsync(async _ => { started.SetResult(); await open.Task; return (0, false); });
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var queuedAt = Stopwatch.GetTimestamp();
            var queued = Enumerable.Range(1, writers).Select(i => group.RunAsync(_ => Task.FromResult((i, false)))).ToArray();
            open.SetResult();
            Assert.Equal(0, await gate);
            return (queued, queuedAt);
        }

        // A backlog that lasts: the burst's first group waits the whole wait, the next ones of the same burst do not.
        await using (var group = Group(wait))
        {
            var (queued, queuedAt) = await QueueBehindAGateAsync(group, 5);
            await queued[0];
            var firstWritten = Stopwatch.GetElapsedTime(queuedAt);
            Assert.True(firstWritten >= wait - TimeSpan.FromMilliseconds(20), $"written {firstWritten.TotalMilliseconds} ms after it queued");
            Assert.Equal(Queued, await Task.WhenAll(queued));
            var lastWritten = Stopwatch.GetElapsedTime(queuedAt);
            Assert.True(lastWritten - firstWritten < wait / 2, $"the burst's later groups waited too: {(lastWritten - firstWritten).TotalMilliseconds} ms");
        }

        // A backlog that clears: the writers go as soon as it has.
        var longWait = TimeSpan.FromSeconds(20);
        await using (var group = Group(longWait))
        {
            var (queued, queuedAt) = await QueueBehindAGateAsync(group, 5);
            await Task.Delay(100);
            Assert.False(queued[0].IsCompleted);
            Volatile.Write(ref backlogged, false);
            Assert.Equal(Queued, await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(Stopwatch.GetElapsedTime(queuedAt) < longWait / 2);
        }

        // A backlog that cannot be told is no backlog.
        await using (var group = Group(longWait, () => throw new InvalidOperationException("no count")))
        {
            var (queued, queuedAt) = await QueueBehindAGateAsync(group, 5);
            Assert.Equal(Queued, await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(Stopwatch.GetElapsedTime(queuedAt) < longWait / 2);
        }

        // Fewer writers than a group takes are no burst: with a backlog, they are written at once.
        Volatile.Write(ref backlogged, true);
        await using (var group = Group(longWait))
        {
            var (queued, queuedAt) = await QueueBehindAGateAsync(group, 1);
            Assert.Equal(1, await queued[0].WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(Stopwatch.GetElapsedTime(queuedAt) < longWait / 2);
        }
    }
}
