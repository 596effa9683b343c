using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Setup;

namespace TicketPortal.Api;

/// <summary>Idempotency-Key on API POSTs, as Stripe and pretix do it: the same key within 24 hours replays
/// the first response; the same key with a different request is a 422; a request still in flight with that
/// key is a 409. A 5xx answer is not kept, so the client may retry it.</summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>A claim whose request died (process killed, crash) is free again after this long, instead of
    /// answering 409 for 24 hours. Longer than any request runs.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private const string RecordKey = "TicketPortal.IdempotencyRecord";

    public async Task InvokeAsync(HttpContext http, TimeProvider clock, IProblemDetailsService problems)
    {
        // Not for Stripe's webhooks (deduplicated by event id) nor for authentication, whose answers (tokens)
        // must never be stored.
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.IsApiRequest()
            || http.Request.Path.StartsWithSegments("/api/v1/stripe") || http.Request.Path.StartsWithSegments("/api/v1/auth")
            || !http.Request.Headers.TryGetValue(Header, out var keyValues))
        {
            await next(http);
            return;
        }

        var key = keyValues.ToString();
        if (key.Length is 0 or > 255)
        {
            await WriteProblemAsync(http, problems, 400, "Invalid Idempotency-Key", $"{Header} must be 1 to 255 characters.");
            return;
        }
        // Only a request with a key takes a context: every API request passes here.
        var db = http.RequestServices.GetRequiredService<PortalDbContext>();

        var now = clock.GetUtcNow().UtcDateTime;
        // Keys are the caller's own: a person's, or a door device's application's.
        var user = Accounts.CurrentUser.From(http.User)?.Id
                   ?? (http.Features.Get<Accounts.AuthenticatedApplication>() is { } device ? $"application:{device.App.Id:N}" : "anonymous");
        var id = Hash($"{user}\n{key}");
        var requestHash = await HashRequestAsync(http.Request);

        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (existing is not null && existing.CreatedAt < now - Lifetime)
        {
            await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync();
            existing = null;
        }
        if (existing is { CompletedAt: null } && existing.CreatedAt < now - Lease && await TryTakeOverAsync(db, id, requestHash, now))
            existing = null;
        else if (existing is null && !await TryClaimAsync(db, id, requestHash, now))
            existing = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.Id == id);

        if (existing is not null)
        {
            if (existing.RequestHash != requestHash)
                await WriteProblemAsync(http, problems, 422, "Idempotency-Key reused",
                    $"This {Header} was used for a different request in the last 24 hours. Use a new key for a new request.");
            else if (existing.CompletedAt is null)
                await WriteProblemAsync(http, problems, 409, "Request in progress",
                    $"A request with this {Header} is still being processed. Retry shortly.");
            else
                await ReplayAsync(http, existing);
            return;
        }

        http.Items[RecordKey] = id;
        await RunAndKeepAsync(http, db, id, clock);
    }

    /// <summary>Called inside a route's own transaction (see RouteEvents.PublishesRouteEventWithItsChange): the
    /// key's outcome (status, Location) commits with the change, so even if storing the full response later
    /// fails, a retry replays this outcome instead of creating again.</summary>
    public static async Task RecordCommittedAsync(HttpContext http, PortalDbContext db, IStatusCodeHttpResult result)
    {
        if (http.Items[RecordKey] is not string id)
            return;
        var location = (result as IResult) is Microsoft.AspNetCore.Http.HttpResults.Created<Envelope> created ? created.Location : null;
        var done = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, result.StatusCode ?? StatusCodes.Status200OK)
            .SetProperty(r => r.ContentType, "application/json; charset=utf-8")
            .SetProperty(r => r.Location, location)
            .SetProperty(r => r.CompletedAt, done));
    }

    /// <summary>Takes over a claim whose lease ran out, if no other retry took it first.</summary>
    private static async Task<bool> TryTakeOverAsync(PortalDbContext db, string id, string requestHash, DateTime now) =>
        await db.IdempotencyRecords
            .Where(r => r.Id == id && r.CompletedAt == null && r.CreatedAt < now - Lease)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestHash, requestHash).SetProperty(r => r.CreatedAt, now)) == 1;

    private async Task RunAndKeepAsync(HttpContext http, PortalDbContext db, string id, TimeProvider clock)
    {
        // A keyed request runs to the end even if its client hangs up: the client will retry with the same
        // key, and must then get this request's outcome instead of a second hold or charge.
        http.RequestAborted = CancellationToken.None;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            // Free the key for a retry, unless the change committed with its outcome (then the retry replays it).
            http.Response.Body = original;
            await db.IdempotencyRecords.Where(r => r.Id == id && r.CompletedAt == null).ExecuteDeleteAsync();
            throw;
        }

        http.Response.Body = original;
        if (http.Response.StatusCode >= 500)
            await db.IdempotencyRecords.Where(r => r.Id == id && r.CompletedAt == null).ExecuteDeleteAsync();
        else
            await KeepAsync(http, db, id, buffer.ToArray(), clock);

        // Stored before it is sent: if the client is gone, its retry still finds the outcome.
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task KeepAsync(HttpContext http, PortalDbContext db, string id, byte[] body, TimeProvider clock)
    {
        var status = http.Response.StatusCode;
        var contentType = http.Response.ContentType;
        var location = http.Response.Headers.Location.ToString();
        var done = clock.GetUtcNow().UtcDateTime;
        await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, status)
            .SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Body, body)
            .SetProperty(r => r.Location, location.Length > 0 ? location : null)
            .SetProperty(r => r.CompletedAt, done));
    }

    private static async Task<bool> TryClaimAsync(PortalDbContext db, string id, string requestHash, DateTime now)
    {
        db.IdempotencyRecords.Add(new IdempotencyRecord { Id = id, RequestHash = requestHash, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another request with this key claimed it first
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord record)
    {
        http.Response.StatusCode = record.StatusCode!.Value;
        if (record.ContentType is not null)
            http.Response.ContentType = record.ContentType;
        if (record.Location is not null)
            http.Response.Headers.Location = record.Location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Body is { Length: > 0 } body)
            await http.Response.Body.WriteAsync(body);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
            sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static async Task WriteProblemAsync(HttpContext http, IProblemDetailsService problems, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = Header } },
        });
    }
}
