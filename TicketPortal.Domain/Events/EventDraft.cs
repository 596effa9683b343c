namespace TicketPortal.Domain.Events;

/// <summary>What an organizer submits to create or edit an event: bound by the portal's form and by
/// the REST API's JSON body, checked by <see cref="EventDraftValidator"/>.</summary>
public sealed class EventDraft
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Venue { get; set; }
    /// <summary>Start in UTC; a time without a zone is taken as UTC.</summary>
    public DateTime? StartDate { get; set; }
    public int? Minutes { get; set; }
    public int? Capacity { get; set; }
    /// <summary>Places one buyer may hold or own for this event, across all their live tickets; empty means
    /// <see cref="EventDraftValidator.DefaultMaxPerBuyer"/>.</summary>
    public int? MaxPerBuyer { get; set; }
    public List<PriceTierDraft> Tiers { get; set; } = [];

    public static EventDraft From(Event e) => new()
    {
        Title = e.Title,
        Description = e.Description,
        Venue = e.Venue,
        StartDate = e.StartDate,
        Minutes = e.Minutes,
        Capacity = e.Capacity,
        MaxPerBuyer = e.MaxPerBuyer,
        Tiers = e.Tiers.OrderBy(t => t.SortOrder)
            .Select(t => new PriceTierDraft { Id = t.Id, Name = t.Name, Price = t.Price, Currency = t.Currency })
            .ToList(),
    };
}

public sealed class PriceTierDraft
{
    /// <summary>Set when editing an existing tier, so tickets sold in it keep their tier.</summary>
    public Guid? Id { get; set; }
    public string? Name { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
}
