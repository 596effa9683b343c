using System.Text.Json.Serialization;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Tickets;

// The seed-004 shapes: the REST routes return them and the database events carry them, so a subscriber
// sees exactly what an API client sees.

/// <summary>Seed 004's ticket, plus what a buyer needs to see: tier, quantity, hold and why.</summary>
public sealed record TicketDto(
    Guid Id,
    [property: JsonPropertyName("_owner")] string Owner,
    Guid EventId,
    string UserId,
    decimal Price,
    DateTime EventStartDate,
    int EventMinutes,
    string Status,
    DateTime StatusUpdateDate,
    string OrganizerId,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    Guid PriceTierId,
    string TierName,
    int Quantity,
    decimal UnitPrice,
    string Currency,
    DateTime? HoldExpiresAt,
    string? StatusReason,
    DateTime? PaidAt,
    IReadOnlyList<string> Seats) : IPublishedDto
{
    public static TicketDto From(Ticket t) => new(
        t.Id, t.Owner, t.EventId, t.UserId, t.Price, t.EventStartDate, t.EventMinutes, t.Status.ToString(), t.StatusUpdateDate,
        t.OrganizerId, t.IsActive, t.RecordVersion, t.CreatedAt, t.UpdatedAt, t.PriceTierId, t.TierName, t.Quantity, t.UnitPrice,
        t.Currency, t.Status.IsHolding() ? t.HoldExpiresAt : null, t.StatusReason, t.PaidAt,
        t.Seats.OrderBy(s => s.SortOrder).Select(s => s.Label).ToList());
}
