using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tickets;

namespace TicketPortal.Tests.Unit;

/// <summary>The on-sale waiting room: a few holds at a time, the rest in arrival order, a full queue refused with
/// Retry-After.</summary>
public sealed class HoldAdmissionTests
{
    [Fact]
    public async Task Holds_GoOnInArrivalOrder_AFewAtATime()
    {
        using var admission = Admission(concurrency: 1, queue: 10);
        var first = new TaskCompletionSource();
        var order = new List<int>();
        var running = 0;
        var mostAtOnce = 0;

        var holds = Enumerable.Range(0, 5).Select(i => admission.InvokeAsync(Context(), async _ =>
        {
            lock (order)
            {
                order.Add(i);
                mostAtOnce = Math.Max(mostAtOnce, ++running);
            }
            if (i == 0)
                await first.Task;
            lock (order)
                running--;
            return i;
        }).AsTask()).ToList();
        first.SetResult();

        Assert.Equal([0, 1, 2, 3, 4], (await Task.WhenAll(holds)).Cast<int>());
        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.Equal(1, mostAtOnce);
    }

    [Fact]
    public async Task AFullQueue_Answers503WithRetryAfter_AndTheWaitingStillGoOn()
    {
        using var admission = Admission(concurrency: 1, queue: 1);
        var release = new TaskCompletionSource();
        var running = admission.InvokeAsync(Context(), async _ => { await release.Task; return "first"; }).AsTask();
        var waiting = admission.InvokeAsync(Context(), _ => ValueTask.FromResult<object?>("second")).AsTask();
        var refusedContext = Context();

        var refused = await admission.InvokeAsync(refusedContext, _ => ValueTask.FromResult<object?>("third"));

        var problem = Assert.IsType<ProblemHttpResult>(refused);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("5", refusedContext.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        Assert.Equal("first", await running);
        Assert.Equal("second", await waiting);
    }

    [Fact]
    public async Task AWaitLongerThanAllowed_Answers503_SoAnIdempotencyKeysLeaseNeverRunsOutInTheQueue()
    {
        using var admission = Admission(concurrency: 1, queue: 10, waitSeconds: 0.2);
        var release = new TaskCompletionSource();
        var running = admission.InvokeAsync(Context(), async _ => { await release.Task; return "first"; }).AsTask();
        var waiting = Context();

        var answer = await admission.InvokeAsync(waiting, _ => ValueTask.FromResult<object?>("second"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<ProblemHttpResult>(answer).StatusCode);
        Assert.Equal("5", waiting.HttpContext.Response.Headers.RetryAfter.ToString());
        release.SetResult();
        Assert.Equal("first", await running);
        // The permit came back: the next buyer goes straight on.
        Assert.Equal("third", await admission.InvokeAsync(Context(), _ => ValueTask.FromResult<object?>("third")));
    }

    private static HoldAdmission Admission(int concurrency, int queue, double waitSeconds = 30) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tickets:HoldConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tickets:HoldQueue"] = queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tickets:HoldWaitSeconds"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build(), new HoldLine(), Options.Create(new TicketOptions()), TimeProvider.System);

    private static DefaultEndpointFilterInvocationContext Context() => new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
}
