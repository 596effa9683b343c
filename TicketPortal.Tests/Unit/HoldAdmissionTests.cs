using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketPortal.Accounts;
using TicketPortal.Domain.Common;
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

    [Fact]
    public async Task ABuyerTheLineTurnsAway_IsAnsweredSoldOut_WithoutAHoldService()
    {
        // The line has promised the one place left and read the event a moment ago: the next buyer hears "sold out"
        // from the line, before the request resolves any scoped service (this context has none) and without the hold.
        var line = new HoldLine();
        var eventId = Guid.NewGuid();
        using var promise = line.Join(eventId, "ahead", 1, new HoldLine.Standing(1, 0, 10)).Promise!;
        line.Saw(eventId, null, 1, DateTime.UtcNow);
        using var admission = Admission(concurrency: 1, queue: 10, line: line);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        var ran = false;

        var answer = await admission.InvokeAsync(
            new DefaultEndpointFilterInvocationContext(http, new CurrentUser(new Actor("next", false), null), new CreateTicketRequest(eventId, null, 1)),
            _ => { ran = true; return ValueTask.FromResult<object?>("held"); });

        Assert.False(ran);
        var problem = Assert.IsType<ProblemHttpResult>(answer);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
    }

    private static HoldAdmission Admission(int concurrency, int queue, double waitSeconds = 30, HoldLine? line = null)
    {
        line ??= new HoldLine();
        var options = Options.Create(new TicketOptions());
        // No database behind it: these requests are never counted by a read.
        var reader = new HoldLineReader(line, new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), options,
            TimeProvider.System);
        return new(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tickets:HoldConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Tickets:HoldQueue"] = queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Tickets:HoldWaitSeconds"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Build(), line, reader);
    }

    private static DefaultEndpointFilterInvocationContext Context() => new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
}
