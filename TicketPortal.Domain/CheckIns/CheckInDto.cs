using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.CheckIns;

/// <summary>A check-in as the API and the hub show it: which admission of which ticket, who holds it, where and when
/// it was scanned.</summary>
public sealed record CheckInDto(
    Guid Id,
    Guid TicketId,
    int Admission,
    Guid EventId,
    string HolderUserId,
    string TierName,
    string? Seat,
    string Device,
    string ScannedByUserId,
    Guid? ScannedByApplicationId,
    DateTime CheckedInAt,
    string OrganizerId,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt) : IPublishedDto
{
    public static CheckInDto From(CheckIn c) => new(c.Id, c.TicketId, c.Number, c.EventId, c.HolderUserId, c.TierName, c.Seat, c.Device,
        c.ScannedByUserId, c.ScannedByApplicationId, c.CheckedInAt, c.OrganizerId, c.IsActive, c.RecordVersion, c.CreatedAt, c.UpdatedAt);
}
