using System.Text.Json;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>Seed 003's reporter: who opened the request and through which channel.</summary>
public sealed record Reporter(string? Type, string? Name, string? Channel, string? Contact);

/// <summary>A request (refund, transfer, question, …) about an event or one of its tickets that follows its workflow:
/// seed 003's ticket, named so as not to be confused with the tickets people buy. Its workflow document is kept with
/// it, so editing a workflow never strands a request in a state the new document lacks.</summary>
public sealed class ServiceRequest : ITimestamped
{
    private ServiceRequest() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>Seed 003's shortname: "auto" asks for one, which is the id's last 8 hex digits (its random end: a
    /// time-ordered id begins with the time it was made, the same for every request of the same minute).</summary>
    public string Shortname { get; private set; } = "";
    public string Subpath { get; private set; } = "";
    public string WorkflowShortname { get; private set; } = "";
    public string WorkflowDocument { get; private set; } = "";
    public string State { get; private set; } = "";
    public bool IsOpen { get; private set; } = true;
    public string ReporterUserId { get; private set; } = "";
    public string? ReporterType { get; private set; }
    public string? ReporterName { get; private set; }
    public string? ReporterChannel { get; private set; }
    public string? ReporterContact { get; private set; }
    public string OrganizerId { get; private set; } = "";
    public Guid EventId { get; private set; }
    public Guid? TicketId { get; private set; }
    public string? AssigneeId { get; private set; }
    public string? AssigneeName { get; private set; }
    /// <summary>Seed 003's collaborators: action → who took it (JSON object).</summary>
    public string Collaborators { get; private set; } = "{}";
    public string? ResolutionReason { get; private set; }
    /// <summary>JSON array of strings.</summary>
    public string Tags { get; private set; } = "[]";
    /// <summary>The payload's body, as JSON.</summary>
    public string Body { get; private set; } = "{}";
    public bool IsActive { get; private set; } = true;
    public List<ServiceRequestTransition> History { get; private set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public WorkflowDocument Workflow => ServiceRequests.WorkflowDocument.Parse(WorkflowDocument)!;
    public Reporter Reporter => new(ReporterType, ReporterName, ReporterChannel, ReporterContact);
    public IReadOnlyDictionary<string, string> CollaboratorMap => JsonSerializer.Deserialize<Dictionary<string, string>>(Collaborators) ?? [];
    public IReadOnlyList<string> TagList => JsonSerializer.Deserialize<List<string>>(Tags) ?? [];

    public static ServiceRequest Open(WorkflowDocument workflow, string reporterUserId, Reporter reporter, string organizerId, Guid eventId,
        Guid? ticketId, IReadOnlyList<string> tags, string body, string? shortname, string? subpath, DateTime now)
    {
        var r = new ServiceRequest
        {
            WorkflowShortname = workflow.Shortname!,
            WorkflowDocument = workflow.ToJson(),
            State = workflow.InitialState!,
            IsOpen = !workflow.Closes(workflow.InitialState!),
            ReporterUserId = reporterUserId,
            ReporterType = reporter.Type, ReporterName = reporter.Name, ReporterChannel = reporter.Channel, ReporterContact = reporter.Contact,
            OrganizerId = organizerId,
            EventId = eventId,
            TicketId = ticketId,
            Tags = JsonSerializer.Serialize(tags),
            Body = body,
            Subpath = string.IsNullOrWhiteSpace(subpath) ? "service-requests" : subpath.Trim(),
        };
        r.Shortname = string.IsNullOrWhiteSpace(shortname) || shortname == "auto" ? r.Id.ToString("N")[^8..] : shortname.Trim();
        r.History.Add(new ServiceRequestTransition(r.Id, "open", null, r.State, reporterUserId, reporter.Name ?? "", null, now));
        return r;
    }

    /// <summary>The roles the caller holds on this request (admins hold them all).</summary>
    public IReadOnlySet<string> RolesOf(Actor actor)
    {
        var roles = new HashSet<string>();
        if (actor.IsAdmin || actor.UserId == ReporterUserId)
            roles.Add(WorkflowRoles.Reporter);
        if (actor.IsAdmin || actor.UserId == OrganizerId)
            roles.Add(WorkflowRoles.Organizer);
        if (actor.IsAdmin || (AssigneeId is not null && actor.UserId == AssigneeId))
            roles.Add(WorkflowRoles.Assignee);
        return roles;
    }

    public bool IsVisibleTo(Actor actor) => actor.IsAdmin || actor.UserId == ReporterUserId || actor.UserId == OrganizerId || actor.UserId == AssigneeId;

    /// <summary>The actions the caller may take now.</summary>
    public IReadOnlyList<WorkflowTransition> ActionsFor(Actor actor)
    {
        var roles = RolesOf(actor);
        return Workflow.From(State).Where(t => t.Roles!.Any(roles.Contains)).ToList();
    }

    /// <summary>Checks a transition without taking it: 409 from the wrong state, 403 for the wrong role, 400 without a
    /// required reason. Returns the transition to take.</summary>
    public Result<WorkflowTransition> Check(Actor actor, string? action, string? reason)
    {
        var workflow = Workflow;
        if (string.IsNullOrWhiteSpace(action))
            return Failure.Invalid([new("action", "action is required.", this, nameof(action))]);
        var candidates = (workflow.Transitions ?? []).Where(t => t.Action == action).ToList();
        if (candidates.Count == 0)
            return Failure.Invalid([new("action", $"'{action}' is not an action of the {WorkflowShortname} workflow.", this, nameof(action))]);
        var transition = candidates.FirstOrDefault(t => t.From == State);
        if (transition is null)
            return Failure.Conflict($"The action '{action}' cannot be taken from the state '{State}'.");
        if (!transition.Roles!.Any(RolesOf(actor).Contains))
            return Failure.Forbidden($"The action '{action}' is for the {string.Join(" or ", transition.Roles!)}.");
        if (workflow.NeedsReason(action) && string.IsNullOrWhiteSpace(reason))
            return Failure.Invalid([new("resolution_reason", $"The action '{action}' needs a resolution_reason.", this, "ResolutionReason")]);
        return transition;
    }

    public void Take(WorkflowTransition transition, Actor actor, string actorName, string? reason, string? comment, DateTime now)
    {
        var from = State;
        State = transition.To!;
        IsOpen = !Workflow.Closes(State);
        if (!string.IsNullOrWhiteSpace(reason))
            ResolutionReason = reason.Trim();
        var collaborators = new Dictionary<string, string>(CollaboratorMap) { [transition.Action!] = actorName };
        Collaborators = JsonSerializer.Serialize(collaborators);
        History.Add(new ServiceRequestTransition(Id, transition.Action!, from, State, actor.UserId, actorName, comment?.Trim(), now));
    }

    public void Assign(string? userId, string? name)
    {
        AssigneeId = userId;
        AssigneeName = name;
    }
}

/// <summary>One step in a request's history: who took which action, when, from which state to which.</summary>
public sealed class ServiceRequestTransition
{
    private ServiceRequestTransition() { }

    public ServiceRequestTransition(Guid requestId, string action, string? from, string to, string actorId, string actorName, string? comment, DateTime at)
    {
        RequestId = requestId;
        Action = action;
        From = from;
        To = to;
        ActorId = actorId;
        ActorName = actorName;
        Comment = comment;
        At = at;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid RequestId { get; private set; }
    public string Action { get; private set; } = "";
    public string? From { get; private set; }
    public string To { get; private set; } = "";
    public string ActorId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string? Comment { get; private set; }
    public DateTime At { get; private set; }
}
