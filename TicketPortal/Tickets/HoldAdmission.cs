using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;
using TicketPortal.Realtime;

namespace TicketPortal.Tickets;

/// <summary>The on-sale waiting room: hold requests go on to the database in the order they arrived, and wait their
/// turn without holding a thread. With group commit (<c>Tickets:GroupCommit</c>, the default) each waits for the next
/// group (<see cref="GroupCommit"/>), which takes every hold waiting at once into one transaction; without it they go
/// on a few at a time (<c>Tickets:HoldConcurrency</c>, twice the cores). Without the waiting room an on-sale burst
/// runs every request's first half before any second half, and every buyer is answered at the end. While requests
/// wait, a newcomer first counts the line ahead (<see cref="HoldLine"/>), in arrival order and with every other
/// newcomer of the moment in one read (<see cref="HoldLineReader"/>), and is told "sold out" at once if the line takes
/// the places left. A full queue (<c>Tickets:HoldQueue</c>; with
/// groups, at least one may wait), or a wait longer than <c>Tickets:HoldWaitSeconds</c>, answers 503 with Retry-After
/// rather than letting the wait grow without bound. The wait, counting included, stays well inside an
/// Idempotency-Key's lease, so a retry with the same key never runs beside a request still waiting here.</summary>
public sealed class HoldAdmission : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly ConcurrencyLimiter limiter;
    private readonly TimeSpan longestWait;

    private readonly GroupCommit? group;
    private readonly int queue;
    private readonly HoldLine line;
    private readonly HoldLineReader reader;

    public HoldAdmission(IConfiguration config, HoldLine line, HoldLineReader reader, GroupCommit? group = null)
    {
        (this.line, this.reader, this.group) = (line, reader, group);
        queue = Math.Max(0, config.GetValue("Tickets:HoldQueue", 10_000));
        limiter = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, config.GetValue("Tickets:HoldConcurrency", 2 * Environment.ProcessorCount)),
            QueueLimit = queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var halfLease = Api.IdempotencyMiddleware.Lease / 2;
        longestWait = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Tickets:HoldWaitSeconds", halfLease.TotalSeconds), 0.001, halfLease.TotalSeconds));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        wait.CancelAfter(longestWait);
        RateLimitLease lease;
        try
        {
            var (promise, answer) = await LineUpAsync(ctx, wait.Token);
            if (answer is not null)
                return answer;
            // Without groups the promise ends when the wait does, before the hold writes; in a group, once its hold
            // is about to be committed or was rolled back: see HoldLine.
            using (promise)
            {
                if (group is not null)
                    return group.Waiting >= Math.Max(1, queue) ? Refused(http) : await WriteInGroupAsync(ctx, next, promise, wait.Token);
                lease = await limiter.AcquireAsync(1, wait.Token);
            }
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Refused(http); // waited too long; a client that went away is not answered at all
        }
        using (lease)
        {
            if (lease.IsAcquired)
                return await next(ctx);
        }
        return Refused(http);
    }

    /// <summary>The hold, its route event and its Idempotency-Key's outcome, written in the next group
    /// (<see cref="GroupCommit"/>) with the services of the group's scope; kept when the route succeeded.</summary>
    private async Task<object?> WriteInGroupAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next, HoldLine.Promise? promise,
        CancellationToken wait)
    {
        var http = ctx.HttpContext;
        return await group!.RunAsync(async services =>
        {
            var own = http.RequestServices;
            http.RequestServices = services;
            try
            {
                var result = await next(ctx);
                return (result, RouteEvents.Succeeded(result) is not null);
            }
            finally
            {
                http.RequestServices = own;
            }
        }, promise is null ? null : promise.Dispose, wait);
    }

    /// <summary>A promise for the wait, or the answer now ("sold out"). Without groups, the line is counted only when
    /// there is one: with a free turn and nothing promised on the event, the hold goes straight on, promised nothing
    /// (which can only make the count lower, never refuse anyone). With groups it is counted always: a group takes every
    /// writer queued at once, so "nobody waiting" says nothing about the burst.</summary>
    private async Task<(HoldLine.Promise? Promise, IResult? Answer)> LineUpAsync(EndpointFilterInvocationContext ctx, CancellationToken ct)
    {
        if (ctx.Arguments.OfType<CurrentUser>().FirstOrDefault() is not { } user
            || ctx.Arguments.OfType<CreateTicketRequest>().FirstOrDefault() is not { } request)
            return (null, null);
        // Most of an on-sale burst asks after the line took the last place: answered here, without reading.
        if (reader.SoldOutByTheLine(request) is { } soldOutNow)
            return (null, Problems.From(soldOutNow));
        if (group is null && limiter.GetStatistics()?.CurrentAvailablePermits > 0 && !(request.EventId is { } eventId && line.PromisedOn(eventId) > 0))
            return (null, null);
        var (promise, soldOut) = await reader.LineUpAsync(user.Actor.UserId, request, ct);
        return (promise, soldOut is null ? null : Problems.From(soldOut));
    }

    private static ProblemHttpResult Refused(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many buyers are waiting at this moment; try again in {RetryAfter.TotalSeconds:F0} seconds.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many buyers at once");
    }

    public void Dispose()
    {
        limiter.Dispose();
    }
}
