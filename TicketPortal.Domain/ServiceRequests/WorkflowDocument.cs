using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>The roles a workflow's transitions may name. Admins may take every action.</summary>
public static class WorkflowRoles
{
    public const string Reporter = "reporter";
    public const string Organizer = "organizer";
    public const string Assignee = "assignee";

    public static readonly string[] All = [Reporter, Organizer, Assignee];
}

/// <summary>What approving can do besides moving the state: the portal's effects a workflow may attach to an action.</summary>
public static class WorkflowEffects
{
    /// <summary>Refunds the request's ticket through the refund service.</summary>
    public const string Refund = "refund";
    /// <summary>Moves the request's ticket to the account of the e-mail address in the body's <c>recipient</c>.</summary>
    public const string Transfer = "transfer";

    public static readonly string[] All = [Refund, Transfer];
}

/// <summary>One step of a workflow: from a state, an action (taken by one of the roles) leads to a state.</summary>
public sealed record WorkflowTransition(string? From, string? Action, string? To, IReadOnlyList<string>? Roles, string? Effect = null);

/// <summary>A workflow as data (seed 003's client-defined lifecycle): the JSON document organizers write.</summary>
public sealed partial record WorkflowDocument(
    string? Shortname,
    string? Name,
    IReadOnlyList<string>? States,
    string? InitialState,
    IReadOnlyList<string>? ClosedStates,
    IReadOnlyList<WorkflowTransition>? Transitions,
    IReadOnlyList<string>? ReasonRequired)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public const int MaxStates = 50;
    public const int MaxTransitions = 200;
    public const int MaxName = 200;
    /// <summary>The most a document's JSON may take.</summary>
    public const int MaxJsonChars = 64 * 1024;

    public bool Closes(string state) => ClosedStates?.Contains(state) ?? false;

    public bool NeedsReason(string action) => ReasonRequired?.Contains(action) ?? false;

    /// <summary>The transitions leading out of a state.</summary>
    public IEnumerable<WorkflowTransition> From(string state) => (Transitions ?? []).Where(t => t is not null && t.From == state);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a document; null when the text is not JSON of this shape.</summary>
    public static WorkflowDocument? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDocument>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every fault, each naming where it is: unknown states, no initial state, unreachable closing
    /// states, duplicate actions, unknown roles or effects.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Add(string path, string message) => errors.Add(new(path, message, this, path));

        if ((States?.Count ?? 0) > MaxStates || (Transitions?.Count ?? 0) > MaxTransitions)
        {
            Add("states", $"A workflow has at most {MaxStates} states and {MaxTransitions} transitions.");
            return errors;
        }
        if (Name?.Length > MaxName)
            Add("name", $"name is at most {MaxName} characters.");
        if (Shortname is null || !Name_().IsMatch(Shortname))
            Add("shortname", "shortname is required: 2 to 64 lower-case letters, digits or '_', starting with a letter.");
        var states = States ?? [];
        if (states.Count == 0)
            Add("states", "states must list at least one state.");
        for (var i = 0; i < states.Count; i++)
            if (states[i] is null || !Word().IsMatch(states[i]))
                Add($"states[{i}]", $"'{states[i]}' is not a state name: lower-case letters, digits or '_'.");
        foreach (var twice in states.GroupBy(s => s).Where(g => g.Count() > 1))
            Add("states", $"The state '{twice.Key}' is listed twice.");
        var known = states.ToHashSet();

        if (string.IsNullOrWhiteSpace(InitialState))
            Add("initial_state", "The workflow has no initial state: name one in initial_state.");
        else if (!known.Contains(InitialState))
            Add("initial_state", $"The initial state '{InitialState}' is not one of the states.");
        var closed = ClosedStates ?? [];
        if (closed.Count == 0)
            Add("closed_states", "closed_states must name at least one state that closes the request.");
        for (var i = 0; i < closed.Count; i++)
            if (!known.Contains(closed[i]))
                Add($"closed_states[{i}]", $"The closing state '{closed[i]}' is not one of the states.");

        var transitions = Transitions ?? [];
        var seen = new HashSet<(string?, string?)>();
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i];
            var at = $"transitions[{i}]";
            if (t is null)
            {
                Add(at, $"{at} must be a transition: from, action, to, roles.");
                continue;
            }
            if (t.From is null || !known.Contains(t.From))
                Add($"{at}.from", $"Unknown state '{t.From}' in {at}.from.");
            if (t.To is null || !known.Contains(t.To))
                Add($"{at}.to", $"Unknown state '{t.To}' in {at}.to.");
            if (t.Action is null || !Word().IsMatch(t.Action))
                Add($"{at}.action", $"{at}.action is required: lower-case letters, digits or '_'.");
            else if (!seen.Add((t.From, t.Action)))
                Add($"{at}.action", $"Duplicate action '{t.Action}' from state '{t.From}'.");
            if (t.Roles is not { Count: > 0 })
                Add($"{at}.roles", $"{at}.roles must name who may take the action: {string.Join(", ", WorkflowRoles.All)}.");
            else if (t.Roles.Any(r => !WorkflowRoles.All.Contains(r)))
                Add($"{at}.roles", $"Unknown role '{t.Roles.First(r => !WorkflowRoles.All.Contains(r))}' in {at}.roles; the roles are {string.Join(", ", WorkflowRoles.All)}.");
            if (t.Effect is not null && !WorkflowEffects.All.Contains(t.Effect))
                Add($"{at}.effect", $"Unknown effect '{t.Effect}'; the effects are {string.Join(", ", WorkflowEffects.All)}.");
        }
        var actions = transitions.Where(t => t is not null).Select(t => t.Action).ToHashSet();
        foreach (var action in (ReasonRequired ?? []).Where(a => !actions.Contains(a)))
            Add("reason_required", $"reason_required names '{action}', which no transition takes.");

        if (errors.Count == 0)
        {
            var reached = Reachable();
            foreach (var state in closed.Where(s => !reached.Contains(s)))
                Add("closed_states", $"The closing state '{state}' cannot be reached from '{InitialState}'.");
        }
        return errors;
    }

    private HashSet<string> Reachable()
    {
        var reached = new HashSet<string> { InitialState! };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var state))
            foreach (var next in From(state).Select(t => t.To!).Where(reached.Add))
                queue.Enqueue(next);
        return reached;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,63}$")]
    private static partial Regex Name_();

    /// <summary>A state or action name.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex Word();
}
