using System.Text.Json;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Operations;

/// <summary>Seed 000's ticket exactly (field names, casing, the default finished of a pending ticket), plus
/// <c>progress</c> (objects done of total) and the <c>recordVersion</c> every published object carries.</summary>
public sealed record OperationTicketDto(
    string? AdditionalQueryParameter,
    JsonElement? Details,
    string? Initiator,
    IReadOnlyList<Guid> ObjectIds,
    string Operation,
    string CorrelationId,
    int ErrorCode,
    string? ErrorMessage,
    DateTime Finished,
    Guid Id,
    DateTime Started,
    string Status,
    string Type,
    OperationProgress Progress,
    int RecordVersion) : IPublishedDto
{
    public const string TicketType = "OperationTicket";

    bool IPublishedDto.IsActive => true;

    public static OperationTicketDto From(OperationTicket t) => new(
        t.AdditionalQueryParameter,
        t.Details is null ? null : JsonDocument.Parse(t.Details).RootElement.Clone(),
        t.Initiator,
        t.ObjectIds,
        t.Operation,
        t.CorrelationId,
        t.ErrorCode,
        t.ErrorMessage,
        // The seed shows a pending ticket's finished as DateTime's zero.
        t.Finished ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        t.Id,
        t.Started,
        t.Status.ToString(),
        TicketType,
        new OperationProgress(t.Done, t.Total),
        t.RecordVersion);
}

public sealed record OperationProgress(int Done, int Total);
