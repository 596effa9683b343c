using TicketPortal.Domain.Events;

namespace TicketPortal.Events;

public sealed record EventDto(
    Guid Id,
    string OrganizerId,
    string Title,
    string Description,
    string Venue,
    DateTime StartDate,
    int Minutes,
    DateTime EndDate,
    int Capacity,
    int Remaining,
    int MaxPerBuyer,
    string Status,
    IReadOnlyList<PriceTierDto> Tiers,
    DateTime? PublishedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int RecordVersion)
{
    public static EventDto From(Event e) => new(
        e.Id, e.OrganizerId, e.Title, e.Description, e.Venue, e.StartDate, e.Minutes, e.EndDate,
        e.Capacity, e.Remaining, e.MaxPerBuyer, e.Status.ToString(),
        e.Tiers.OrderBy(t => t.SortOrder).Select(t => new PriceTierDto(t.Id, t.Name, t.Price, t.Currency)).ToList(),
        e.PublishedAt, e.CreatedAt, e.UpdatedAt, e.RecordVersion);
}

public sealed record PriceTierDto(Guid Id, string Name, decimal Price, string Currency);
