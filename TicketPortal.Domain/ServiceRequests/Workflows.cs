using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>A workflow as an organizer sees it: a built-in one, or their own (which may replace a built-in).</summary>
public sealed record WorkflowView(string Shortname, string Name, bool BuiltIn, bool Customized, WorkflowDocument Document);

/// <summary>Organizers' workflows: the built-in three, their own additions and their own versions of the built-ins.</summary>
public sealed class Workflows(PortalDbContext db)
{
    public async Task<IReadOnlyList<WorkflowView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var own = await db.Workflows.AsNoTracking().Where(w => w.OrganizerId == actor.UserId).ToListAsync(ct);
        var views = BuiltInWorkflows.All.Select(b => own.FirstOrDefault(o => o.Shortname == b.Shortname) is { } mine
                ? new WorkflowView(b.Shortname!, mine.Name, true, true, mine.Parsed)
                : new WorkflowView(b.Shortname!, b.Name!, true, false, b))
            .Concat(own.Where(o => BuiltInWorkflows.All.All(b => b.Shortname != o.Shortname)).Select(o => new WorkflowView(o.Shortname, o.Name, false, true, o.Parsed)));
        return views.OrderBy(v => !v.BuiltIn).ThenBy(v => v.Shortname, StringComparer.Ordinal).ToList();
    }

    public async Task<Result<WorkflowView>> GetAsync(Actor actor, string shortname, CancellationToken ct = default) =>
        (await ListAsync(actor, ct)).FirstOrDefault(v => v.Shortname == shortname) is { } view
            ? view
            : Failure.NotFound($"There is no workflow '{shortname}'.");

    /// <summary>Adds or replaces the actor's workflow of this shortname; an invalid document is refused naming its fault.</summary>
    public async Task<Result<WorkflowView>> SaveAsync(Actor actor, string shortname, WorkflowDocument? document, CancellationToken ct = default)
    {
        if (document is null)
            return Failure.Invalid([new("document", "The body must be a workflow document.", shortname, "Document")]);
        document = document with { Shortname = document.Shortname ?? shortname };
        if (document.Shortname != shortname)
            return Failure.Invalid([new("shortname", $"The document's shortname '{document.Shortname}' differs from the route's '{shortname}'.", document, "Shortname")]);
        var errors = document.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var mine = await db.Workflows.FirstOrDefaultAsync(w => w.OrganizerId == actor.UserId && w.Shortname == shortname, ct);
        if (mine is null)
            db.Workflows.Add(Workflow.Create(actor.UserId, document));
        else
            mine.Replace(document);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another save of the same shortname got there first (the unique index decided).
            return Failure.Conflict($"The workflow '{shortname}' was changed meanwhile; load it again and retry.");
        }
        return await GetAsync(actor, shortname, ct);
    }

    /// <summary>Removes the actor's own workflow; a built-in one is back in force.</summary>
    public async Task<Failure?> DeleteAsync(Actor actor, string shortname, CancellationToken ct = default)
    {
        var removed = await db.Workflows.Where(w => w.OrganizerId == actor.UserId && w.Shortname == shortname).ExecuteDeleteAsync(ct);
        return removed == 0 ? Failure.NotFound($"You have no workflow '{shortname}' of your own.") : null;
    }

    /// <summary>The workflow an event's requests of this shortname follow: the organizer's own, else the built-in one.</summary>
    public async Task<WorkflowDocument?> ResolveAsync(string organizerId, string shortname, CancellationToken ct = default)
    {
        var own = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.OrganizerId == organizerId && w.Shortname == shortname, ct);
        return own?.Parsed ?? BuiltInWorkflows.All.FirstOrDefault(b => b.Shortname == shortname);
    }
}
