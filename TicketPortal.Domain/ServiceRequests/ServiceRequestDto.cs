using System.Text.Json;
using System.Text.Json.Serialization;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.ServiceRequests;

public sealed record AssigneeDto(string Id, string? Name);

public sealed record RequestPayload([property: JsonPropertyName("content_type")] string ContentType, JsonElement Body);

public sealed record TransitionDto(string Action, string? From, string To, string ByUserId, string By, string? Comment, DateTime At);

/// <summary>A service request as the API and the hub show it: seed 003's attribute names (state, is_open, reporter,
/// workflow_shortname, collaborators, resolution_reason, payload.body) plus what it concerns and its history.</summary>
public sealed record ServiceRequestDto(
    Guid Id,
    string Shortname,
    string Subpath,
    [property: JsonPropertyName("resource_type")] string ResourceType,
    string State,
    [property: JsonPropertyName("is_open")] bool IsOpen,
    Reporter Reporter,
    [property: JsonPropertyName("workflow_shortname")] string WorkflowShortname,
    AssigneeDto? Assignee,
    IReadOnlyDictionary<string, string> Collaborators,
    [property: JsonPropertyName("resolution_reason")] string? ResolutionReason,
    IReadOnlyList<string> Tags,
    RequestPayload Payload,
    Guid EventId,
    Guid? TicketId,
    string OrganizerId,
    string ReporterUserId,
    IReadOnlyList<TransitionDto> History,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt) : IPublishedDto
{
    public const string ResourceTypeName = "ticket";

    public static ServiceRequestDto From(ServiceRequest r)
    {
        using var body = JsonDocument.Parse(r.Body);
        return new(r.Id, r.Shortname, r.Subpath, ResourceTypeName, r.State, r.IsOpen, r.Reporter, r.WorkflowShortname,
            r.AssigneeId is null ? null : new AssigneeDto(r.AssigneeId, r.AssigneeName),
            r.CollaboratorMap, r.ResolutionReason, r.TagList, new RequestPayload("json", body.RootElement.Clone()),
            r.EventId, r.TicketId, r.OrganizerId, r.ReporterUserId,
            r.History.OrderBy(h => h.At).Select(h => new TransitionDto(h.Action, h.From, h.To, h.ActorId, h.ActorName, h.Comment, h.At)).ToList(),
            r.IsActive, r.RecordVersion, r.CreatedAt, r.UpdatedAt);
    }
}
