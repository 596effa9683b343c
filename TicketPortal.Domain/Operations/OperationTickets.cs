using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Operations;

/// <summary>Starting, reading and finishing operation tickets. An operation's own rules live in its
/// <see cref="IOperationHandler"/>; this keeps the ticket honest whatever the handler does.</summary>
public sealed class OperationTickets(PortalDbContext db, TimeProvider clock, IServiceScopeFactory scopes)
{
    /// <summary>Progress is published at most this often (and always the first time).</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);
    private DateTime lastProgressPublished = DateTime.MinValue;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<OperationTicket> StartAsync(Actor actor, string operation, IReadOnlyList<Guid> objectIds, string correlationId, string input, CancellationToken ct = default)
    {
        var ticket = OperationTicket.Start(operation, objectIds, actor.UserId, correlationId, input, Now);
        db.OperationTickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    public Task<OperationTicket?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.OperationTickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>Pending tickets nothing has touched since <paramref name="cutoff"/>.</summary>
    public Task<List<Guid>> StalePendingAsync(DateTime cutoff, CancellationToken ct = default) =>
        db.OperationTickets.Where(t => t.Status == OperationStatus.Pending && t.UpdatedAt < cutoff).Select(t => t.Id).ToListAsync(ct);

    /// <summary>The file a finished operation produced, for its initiator only (not even admins: it holds
    /// attendees' personal data).</summary>
    public async Task<Result<(string FileName, string Content)>> OutputAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var file = await db.OperationTickets.AsNoTracking()
            .Where(t => t.Id == id && t.Initiator == actor.UserId && t.Status == OperationStatus.Completed && t.Output != null)
            .Select(t => new { t.OutputFileName, t.Output }).FirstOrDefaultAsync(ct);
        return file is null
            ? Failure.NotFound($"Operation ticket {id} has no file for you.")
            : (file.OutputFileName ?? "export.csv", file.Output!);
    }

    /// <summary>A ticket for its initiator or an admin; to anyone else it does not exist.</summary>
    public async Task<Result<OperationTicket>> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var ticket = await db.OperationTickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return ticket is not null && (actor.IsAdmin || ticket.Initiator == actor.UserId)
            ? ticket
            : Failure.NotFound($"Operation ticket {id} was not found.");
    }

    /// <summary>The caller's own tickets, newest first, optionally of one status or operation.</summary>
    public async Task<Result<Page<OperationTicket>>> ListAsync(Actor actor, string? status, string? operation, int page, int pageSize, CancellationToken ct = default)
    {
        var errors = Paging.Validate(this, page, pageSize);
        OperationStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<OperationStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                wanted = parsed;
            else
                errors.Add(new("status", $"status must be one of {string.Join(", ", Enum.GetNames<OperationStatus>())}.", this, nameof(status)));
        }
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var tickets = db.OperationTickets.AsNoTracking().Where(t => t.Initiator == actor.UserId);
        if (wanted is { } s)
            tickets = tickets.Where(t => t.Status == s);
        if (!string.IsNullOrEmpty(operation))
            tickets = tickets.Where(t => t.Operation == operation);
        var total = await tickets.CountAsync(ct);
        var items = await tickets.OrderByDescending(t => t.Started).ThenBy(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<OperationTicket>(items, page, pageSize, total);
    }

    /// <summary>Runs one attempt of a pending ticket's handler and records its outcome. A validation failure
    /// ends the ticket at once (the handler changed nothing); an unexpected error is rethrown for the caller to
    /// retry, until <paramref name="lastAttempt"/>, which ends it as a Failure 500.</summary>
    public async Task RunAsync(Guid id, IOperationHandler handler, bool lastAttempt, CancellationToken ct = default)
    {
        var ticket = await db.OperationTickets.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is not { Status: OperationStatus.Pending })
            return; // finished already (a repeated job): nothing to do twice
        ticket.Attempt();
        await db.SaveChangesAsync(ct);

        OperationOutcome outcome;
        try
        {
            outcome = await handler.RunAsync(ticket, done => ReportAsync(id, done, ct), ct);
        }
        catch (Exception) when (lastAttempt)
        {
            db.ChangeTracker.Clear();
            await FinishAsync(id, t => t.Fail(Now, 500, OperationDetails.Unexpected, OperationDetails.Error()), ct);
            throw;
        }
        db.ChangeTracker.Clear();
        await FinishAsync(id, t =>
        {
            if (outcome.ValidationErrors is { Count: > 0 } errors)
                t.Fail(Now, 400, OperationDetails.ValidationFailed, OperationDetails.Validation(errors));
            else
                t.Complete(Now, outcome.AdditionalQueryParameter?.Replace("{id}", id.ToString(), StringComparison.Ordinal), outcome.Notes,
                    outcome.OutputFileName, outcome.Output);
        }, ct);
    }

    /// <summary>Ends a ticket whose job is gone (the watchdog).</summary>
    public Task FailLostAsync(Guid id, CancellationToken ct = default) =>
        FinishAsync(id, t => t.Fail(Now, 500, "The operation's job was lost before it finished; start it again.", OperationDetails.Error()), ct);

    /// <summary>Records progress. Outside a transaction it is published (at most once a second) through the
    /// outbox from a context of its own, so pages and hub subscribers watch it move; inside a handler's
    /// transaction (all-or-nothing operations) it is only counted, as nothing is visible before the commit.</summary>
    private async Task ReportAsync(Guid id, int done, CancellationToken ct)
    {
        var now = Now;
        if (db.Database.CurrentTransaction is not null || now - lastProgressPublished < ProgressEvery)
        {
            await db.OperationTickets.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Done, done).SetProperty(t => t.UpdatedAt, now), ct);
            return;
        }
        lastProgressPublished = now;
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var ticket = await own.OperationTickets.FirstAsync(t => t.Id == id, ct);
        ticket.Progress(done);
        await own.SaveChangesAsync(ct);
    }

    private async Task FinishAsync(Guid id, Action<OperationTicket> finish, CancellationToken ct)
    {
        var ticket = await db.OperationTickets.FirstAsync(t => t.Id == id, ct);
        if (ticket.Status != OperationStatus.Pending)
            return;
        finish(ticket);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>What an operation did: validation errors (then it changed nothing), or success with an optional
/// query parameter (e.g. where to download an export) and notes (items that will finish later).</summary>
public sealed record OperationOutcome(IReadOnlyList<OperationDetails.ValidationResult>? ValidationErrors = null,
    string? AdditionalQueryParameter = null, string? Notes = null, string? OutputFileName = null, string? Output = null)
{
    public static readonly OperationOutcome Success = new();
}

/// <summary>One kind of operation (DeleteTickets, CancelEvent, …), registered by its feature.</summary>
public interface IOperationHandler
{
    string Operation { get; }

    /// <summary>Does the work; reports how many objects are done through <paramref name="progress"/>.</summary>
    Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct);
}
