using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>Where requests are opened, read, assigned and moved along their workflow. A transition with an effect
/// (refund, transfer) commits with its effect or not at all: if the effect is refused the request stays where it was
/// and the caller is told why.</summary>
public sealed class ServiceRequestService(
    PortalDbContext db,
    Workflows workflows,
    RefundService refunds,
    TicketWriter tickets,
    UserManager<PortalUser> users,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<ServiceRequest>> OpenAsync(Actor actor, OpenServiceRequest input, string channel, CancellationToken ct = default)
    {
        var errors = input.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);

        Guid eventId;
        string organizerId;
        if (input.TicketId is { } ticketId)
        {
            var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.IsActive, ct);
            if (ticket is null || !TicketWriter.CanSee(actor, ticket))
                return TicketWriter.NotFound(ticketId);
            if (input.EventId is { } named && named != ticket.EventId)
                return Failure.Invalid([new("eventId", "eventId is not the ticket's event.", input, nameof(input.EventId))]);
            (eventId, organizerId) = (ticket.EventId, ticket.OrganizerId);
        }
        else
        {
            var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == input.EventId, ct);
            if (e is null || !e.IsVisibleTo(actor))
                return Failure.NotFound($"Event {input.EventId} was not found.");
            (eventId, organizerId) = (e.Id, e.OrganizerId);
        }

        var workflow = await workflows.ResolveAsync(organizerId, input.WorkflowShortname!.Trim(), ct);
        if (workflow is null)
            return Failure.Invalid([new("workflow_shortname", $"There is no workflow '{input.WorkflowShortname}' for this event.", input, nameof(input.WorkflowShortname))]);
        var effects = (workflow.Transitions ?? []).Select(t => t.Effect).Where(x => x is not null).ToHashSet();
        if (effects.Count > 0 && input.TicketId is null)
            return Failure.Invalid([new("ticketId", $"A {workflow.Shortname} request is about a ticket: ticketId is required.", input, nameof(input.TicketId))]);
        if (effects.Contains(WorkflowEffects.Transfer) && OpenServiceRequest.RecipientOf(input.BodyJson) is null)
            return Failure.Invalid([new($"payload.body.{OpenServiceRequest.RecipientField}", "Name the e-mail address to transfer the ticket to in payload.body.recipient.", input, nameof(input.Body))]);

        var me = await users.FindByIdAsync(actor.UserId);
        var reporter = new Reporter(
            input.Reporter?.Type ?? (actor.UserId == organizerId ? "organizer" : "attendee"),
            input.Reporter?.Name ?? AccountDirectory.NameOf(me),
            input.Reporter?.Channel ?? channel,
            (input.Reporter?.Contact ?? me?.Email) is { Length: > 200 } contact ? contact[..200] : input.Reporter?.Contact ?? me?.Email);
        var request = ServiceRequest.Open(workflow, actor.UserId, reporter, organizerId, eventId, input.TicketId,
            (input.Tags ?? []).Select(t => t.Trim()).ToList(), input.BodyJson, input.Shortname, input.Subpath, Now);
        db.ServiceRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return request;
    }

    public async Task<Result<ServiceRequest>> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var request = await db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.IsActive, ct);
        return request is not null && request.IsVisibleTo(actor) ? request : NotFound(id);
    }

    public async Task<Result<Page<ServiceRequest>>> ListAsync(Actor actor, ServiceRequestQuery query, CancellationToken ct = default)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var me = actor.UserId;
        var requests = db.ServiceRequests.AsNoTracking().Where(r => r.IsActive);
        requests = query.As switch
        {
            ServiceRequestQuery.AsReporter => requests.Where(r => r.ReporterUserId == me),
            ServiceRequestQuery.AsOrganizer => actor.IsAdmin ? requests : requests.Where(r => r.OrganizerId == me || r.AssigneeId == me),
            _ => actor.IsAdmin ? requests : requests.Where(r => r.ReporterUserId == me || r.OrganizerId == me || r.AssigneeId == me),
        };
        if (!string.IsNullOrWhiteSpace(query.State))
            requests = requests.Where(r => r.State == query.State);
        if (query.IsOpen is { } open)
            requests = requests.Where(r => r.IsOpen == open);
        if (query.EventId is { } eventId)
            requests = requests.Where(r => r.EventId == eventId);
        if (!string.IsNullOrWhiteSpace(query.Assignee))
        {
            var assignee = query.Assignee == ServiceRequestQuery.Me ? me : query.Assignee;
            requests = requests.Where(r => r.AssigneeId == assignee);
        }
        var total = await requests.CountAsync(ct);
        var items = await requests.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<ServiceRequest>(items, query.Page, query.PageSize, total);
    }

    /// <summary>Takes an action: 409 from the wrong state, 403 for the wrong role, 400 without a required reason; an
    /// effect that is refused leaves the request unchanged and says why. The effect and the transition commit together;
    /// a refund's money moves only after that commit (until then it is only claimed), so nothing is paid out for a
    /// transition that did not happen.</summary>
    public async Task<Result<ServiceRequest>> TransitionAsync(Actor actor, Guid id, string? action, string? reason, string? comment, CancellationToken ct = default)
    {
        if (comment?.Length > 2000 || reason?.Length > 2000)
            return Failure.Invalid([new(comment?.Length > 2000 ? "comment" : "resolution_reason", "At most 2000 characters.", id, "Comment")]);
        var found = await GetAsync(actor, id, ct);
        if (found.Value is not { } seen)
            return found.Failure!;
        var check = seen.Check(actor, action, reason);
        if (check.Value is not { } transition)
            return check.Failure!;

        var actorName = AccountDirectory.NameOf(await users.FindByIdAsync(actor.UserId));
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (transition.Effect is { } effect && await ApplyEffectAsync(actor, seen, effect, ct) is { } refused)
                return refused with { Message = $"The action '{action}' was not taken: {refused.Message}" };
            // Decided again on the request as it is now, inside the transaction: a change in between (another action,
            // an assignment) makes this one conflict and rolls the effect back with it.
            db.ChangeTracker.Clear();
            var request = await db.ServiceRequests.FirstAsync(r => r.Id == id, ct);
            if (request.RecordVersion != seen.RecordVersion)
                return Changed();
            request.Take(transition, actor, actorName, reason, comment, Now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Changed();
            }
            await tx.CommitAsync(ct);
            if (transition.Effect == WorkflowEffects.Refund && request.TicketId is { } ticketId)
                await refunds.FinishClaimedAsync(ticketId, ct);
            return await GetAsync(actor, id, ct);
        }
    }

    private static Failure Changed() => Failure.Conflict("The request changed meanwhile; look at it again and retry.");

    /// <summary>Assigns the request to its event's organizer or an admin (their handlers), or unassigns it (null).</summary>
    public async Task<Result<ServiceRequest>> AssignAsync(Actor actor, Guid id, string? assignee, CancellationToken ct = default)
    {
        var request = await db.ServiceRequests.FirstOrDefaultAsync(r => r.Id == id && r.IsActive, ct);
        if (request is null || !request.IsVisibleTo(actor))
            return NotFound(id);
        if (!actor.IsAdmin && actor.UserId != request.OrganizerId)
            return Failure.Forbidden("Only the event's organizer (or an admin) assigns its requests.");
        if (string.IsNullOrWhiteSpace(assignee))
            request.Assign(null, null);
        else
        {
            var user = assignee == ServiceRequestQuery.Me ? await users.FindByIdAsync(actor.UserId)
                : await users.FindByIdAsync(assignee) ?? await users.FindByEmailAsync(assignee);
            if (user is null || (user.Id != request.OrganizerId && !await users.IsInRoleAsync(user, Roles.Admin)))
                return Failure.Invalid([new("assignee", "The assignee must be the event's organizer or an admin (by id, e-mail, or 'me').", request, "Assignee")]);
            request.Assign(user.Id, AccountDirectory.NameOf(user));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }
        return request;
    }

    private async Task<Failure?> ApplyEffectAsync(Actor actor, ServiceRequest request, string effect, CancellationToken ct)
    {
        if (request.TicketId is not { } ticketId)
            return Failure.Conflict("The request is not about a ticket.");
        // The request speaks for whoever held the ticket when they opened it, not for whoever holds it now.
        var holder = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.UserId).FirstOrDefaultAsync(ct);
        if (request.ReporterUserId != request.OrganizerId && holder != request.ReporterUserId)
            return Failure.Conflict("The ticket has changed hands since this request was opened.");
        switch (effect)
        {
            case WorkflowEffects.Refund:
                var claimed = await refunds.ClaimAsync(actor, ticketId, $"Refunded on request {request.Shortname}.", ct);
                return claimed.Failure;
            case WorkflowEffects.Transfer:
                if (OpenServiceRequest.RecipientOf(request.Body) is not { } email)
                    return Failure.Invalid([new($"payload.body.{OpenServiceRequest.RecipientField}", "The request names no recipient.", request, "Body")]);
                var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
                if (ticket is null)
                    return TicketWriter.NotFound(ticketId);
                if (await tickets.CheckMovableAsync(ticket, ct) is { } frozen)
                    return frozen;
                PortalUser recipient;
                try
                {
                    recipient = await users.FindOrCreateAsync(email);
                }
                catch (InvalidOperationException ex)
                {
                    return Failure.Conflict($"No account could be made for {email}: {ex.Message}");
                }
                if (ticket.TransferTo(recipient.Id, Now, $"Transferred on request {request.Shortname}.") is { } refused)
                    return refused;
                await db.SaveChangesAsync(ct);
                return null;
            default:
                return Failure.Conflict($"The workflow names an unknown effect '{effect}'.");
        }
    }

    private static Failure NotFound(Guid id) => Failure.NotFound($"Service request {id} was not found.");
}
