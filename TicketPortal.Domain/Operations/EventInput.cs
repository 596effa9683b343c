namespace TicketPortal.Domain.Operations;

/// <summary>The input of an operation on one event (CancelEvent, ExportAttendees).</summary>
public sealed record EventInput(Guid EventId);
